import Foundation
import Testing
@testable import CadreGraph

struct GraphFileWriterTests {
    func read(_ text: String) throws -> Graph {
        try GraphFileReader.read(SourceText(name: "t.cg", text: text))
    }

    @Test func writesCanonicalOrder() throws {
        let graph = try read("""
            ("p:b")-[:Y]->("p:a")
            ("p:a")-[:Z {w: 1}]->("o:x")
            ("p:a")-[:Y]->("p:b")
            ("p:a")-[:Z]->("o:x")
            (:Person {quote: "q", zeta: 1, name: "B", id: "p:b", alpha: 2, source: "s", basis: "explicit"})
            (:Organization {id: "o:x"})
            (:Person {id: "p:a"})
            """)
        #expect(try GraphFileWriter.write(graph) == GraphFileWriter.header + """

            // :Organization
            (:Organization {id: "o:x"})

            // :Person
            (:Person {id: "p:a"})
            (:Person {id: "p:b", name: "B", alpha: 2, zeta: 1, basis: "explicit", source: "s", quote: "q"})

            // edges
            ("p:a")-[:Y]->("p:b")
            ("p:a")-[:Z]->("o:x")
            ("p:a")-[:Z {w: 1}]->("o:x")

            ("p:b")-[:Y]->("p:a")

            """)
    }

    @Test func longStatementsTakeOnePropertyALine() throws {
        let long = String(repeating: "dài ", count: 40)
        let graph = try read("(:A {id: \"a\", name: \"\(long)\", n: 1})")
        #expect(try GraphFileWriter.write(graph) == GraphFileWriter.header + """

            // :A
            (:A {
              id: "a",
              name: "\(long)",
              n: 1
            })

            """)
    }

    /// The limit counts scalars, not bytes: Vietnamese text past 120 bytes may fit one line.
    @Test func theLineLimitCountsScalars() throws {
        for (count, lines) in [(21, 1), (22, 5)] {
            // `(:A {id: "a", name: "` is 21 scalars, `", n: 1})` 9; each "đời " 4 scalars and 7 bytes.
            let name = String(repeating: "đời ", count: count).dropLast() + "!!!!"
            let graph = try read("(:A {id: \"a\", name: \"\(name)\", n: 1})\n(:A {id: \"b\"})\n(\"b\")-[:R {name: \"\(name)\"}]->(\"a\")")
            let text = try GraphFileWriter.write(graph)
            let node = text.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.hasPrefix("(:A {") }
            #expect(node.first!.hasSuffix(lines == 1 ? "n: 1})" : "{"), "\(text)")
            #expect(node.dropFirst(lines).first == "(:A {id: \"b\"})", "\(text)")
            #expect(try read(text).nodeCount == 2)
        }
    }

    /// Scalars are counted eight bytes a step: every length and alignment, one-to-four-byte
    /// scalars mixed, agree with Swift's count.
    @Test func scalarsAreCountedByWords() {
        let pieces = ["a", "đ", "ờ", "𝄞", "~", "\u{7F}", "ư"]
        var random = SeededRandom(state: 7)
        for length in 0..<300 {
            let text = (0..<(length % 40)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
            let bytes = Array(("x" + text).utf8)
            bytes.withUnsafeBytes { all in
                let shifted = UnsafeRawBufferPointer(rebasing: all[1...])
                #expect(ByteOutput.scalars(shifted) == text.unicodeScalars.count, "\(text)")
            }
        }
        // One two-byte scalar among ASCII, at every place of every length (the test for ASCII
        // all through, then the count by lanes).
        for length in 1..<26 {
            for place in 0..<length {
                let text = String(repeating: "a", count: place) + "đ" + String(repeating: "a", count: length - place - 1)
                Array(text.utf8).withUnsafeBytes { #expect(ByteOutput.scalars($0) == length, "\(text)") }
            }
        }
    }

    /// Whether a string needs escapes is decided eight bytes a step: each special byte (`"`,
    /// `\\`, every control, DEL) at every place, and their neighbours that need none.
    @Test func bytesNeedingEscapesAreFoundByWords() {
        for length in 0..<20 {
            for place in 0..<max(length, 1) {
                for special: UInt8 in [0x22, 0x5C, 0x00, 0x0A, 0x1F, 0x7F, 0x21, 0x20, 0x5B, 0x80, 0xC3, 0xFF, 0x3C, 0x5D] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    if length > 0 { bytes[place] = special }
                    let expected = !bytes.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F }
                    bytes.withUnsafeBytes { #expect(ByteOutput.isPlain($0) == expected, "\(bytes)") }
                }
            }
        }
    }

    /// Edges with the same ends and type follow the text of their properties on one line, as
    /// bytes: a text that begins another comes first (`k: 1` before `k: 1, z: 2` before
    /// `k: 10`), whatever the order they were added in, long ones (written over several
    /// lines) by their one-line text too.
    @Test func edgesWithTheSameEndsFollowTheirPropertiesText() throws {
        let long = String(repeating: "dài ", count: 40)
        let sets: [[(String, Value)]] = [[("k", .int(10))], [("k", .int(1)), ("z", .int(2))], [("k", .int(1))], [],
                                         [("k", .string("x\"y"))], [("k", .date(PartialDate(year: 2020)!))], [("k", .string("Đ"))],
                                         [("k", .string("D"))], [("z", .string(long))], [("k", .int(-1))]]
        func text(_ properties: [(String, Value)]) -> [UInt8] {
            Array(GraphFileWriter.canonicalOrder(properties).map { Value.keyLiteral($0.0) + ": " + $0.1.literal }.joined(separator: ", ").utf8)
        }
        var random = SeededRandom(state: 3)
        for _ in 0..<5 {
            var graph = Graph()
            let a = graph.addNode(properties: [("id", .string("a"))]), b = graph.addNode(properties: [("id", .string("b"))])
            for properties in sets.shuffled(using: &random) { graph.addEdge(from: a, to: b, type: "R", properties: properties) }
            let written = try read(GraphFileWriter.write(graph))
            let texts = written.edges.map { edge in text(written.properties(of: edge).map { (written.keys.name($0.key), $0.value) }) }
            #expect(texts == sets.map(text).sorted { $0.lexicographicallyPrecedes($1) })
        }
    }

    /// Edges come by source id, then type, then target id: a source with many edges (sorted
    /// whole) and sources with a few (sorted in place), added in any order, with removed nodes
    /// and edges leaving holes in the numbering.
    @Test func edgesFollowSourceTypeAndTarget() throws {
        var random = SeededRandom(state: 21)
        var graph = Graph()
        var nodes: [NodeID] = []
        for index in (0..<60).shuffled(using: &random) {
            nodes.append(graph.addNode(properties: [("id", .string("n\(index < 10 ? "0" : "")\(index)"))]))
        }
        var planned: [(source: Int, type: String, target: Int)] = []
        for source in 0..<60 {
            for _ in 0..<(source % 7 == 0 ? 40 : source % 4) {
                planned.append((source, ["B", "A", "C"][Int.random(in: 0..<3, using: &random)], Int.random(in: 0..<60, using: &random)))
            }
        }
        let doomed = graph.addNode(properties: [("id", .string("gone"))])
        for edge in planned.shuffled(using: &random) {
            graph.addEdge(from: nodes[edge.source], to: nodes[edge.target], type: edge.type)
            if Int.random(in: 0..<10, using: &random) == 0 { try graph.removeEdge(graph.addEdge(from: doomed, to: nodes[edge.target], type: "X")) }
        }
        try graph.removeNode(doomed)
        let written = try read(GraphFileWriter.write(graph))
        func id(_ node: NodeID) -> String { if case .string(let text)? = written.property(of: node, "id") { text } else { "" } }
        let order = written.edges.map { (id(written.source(of: $0)), written.types.name(written.type(of: $0)), id(written.target(of: $0))) }
        #expect(order.count == planned.count)
        #expect(zip(order, order.dropFirst()).allSatisfy { a, b in (a.0, a.1, a.2) <= (b.0, b.1, b.2) })
    }

    @Test func roundTripIsByteForByte() throws {
        let graph = try read("""
            (:B:A {id: "x", s: "tab\\tquote\\"back\\\\slash", l: [1.0, -2, date("2020-10")], m: {k: [true, null]}, f: 0.1})
            (:A {id: "y", name: "Lê Tấn Thủ"})
            ("x")-[:`WEIRD TYPE` {from: date("2015"), to: date("2020-09-25")}]->("y")
            ("y")-[:SELF]->("y")
            """)
        let first = try GraphFileWriter.write(graph)
        let again = try GraphFileWriter.write(try read(first))
        #expect(first == again)
        #expect(first.contains("(:A:B {id: \"x\""))
        #expect(first.contains("`WEIRD TYPE`"))
    }

    @Test func refusesGraphsAFileCannotHold() throws {
        var graph = Graph()
        graph.schema = GraphSchema([.init(.nodes(label: nil), "from", .date),
                                    .init(.edges(type: "T"), "basis", .choice(["explicit", "inferred", "external"]))])
        graph.addNode(properties: [("id", .string("dup"))])
        graph.addNode(properties: [("id", .string("dup"))])
        graph.addNode(properties: [("id", .int(3))])
        let held = graph.addNode(properties: [("id", .string("h")), ("from", .string("2015"))])
        graph.addEdge(from: held, to: held, type: "T", properties: [("basis", .string("maybe"))])
        do {
            _ = try GraphFileWriter.write(graph)
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.count == 4)
            #expect(error.description.contains("the id \"dup\" is held by 2 nodes"))
            #expect(error.description.contains("non-string id 3"))
            #expect(error.description.contains("`from` must be a date"))
            #expect(error.description.contains("`basis` must be one of"))
        }
    }

    @Test func mintsMissingIDsFromLabelAndName() throws {
        var graph = Graph()
        let a = graph.addNode(labels: ["Person"], properties: [("name", .string("Trần Quốc Trung"))])
        let b = graph.addNode(labels: ["Person"], properties: [("name", .string("Tran Quoc Trung"))])
        let c = graph.addNode(labels: ["Widget", "Organization"], properties: [("title", .string("Ban Tổ chức"))])
        let d = graph.addNode()
        let kept = graph.addNode(labels: ["Person"], properties: [("id", .string("person:kept"))])
        #expect(graph.mintMissingIDs() == [a, b, c, d])
        #expect(graph.property(of: a, "id") == .string("person:tran-quoc-trung"))
        #expect(graph.property(of: b, "id") == .string("person:tran-quoc-trung~2"))
        #expect(graph.property(of: c, "id") == .string("org:ban-to-chuc"))
        #expect(graph.property(of: d, "id") == .string("node:3"))
        #expect(graph.property(of: kept, "id") == .string("person:kept"))
        #expect(graph.mintMissingIDs().isEmpty)
        _ = try GraphFileWriter.write(graph)
    }
}

/// The writer cuts the text in pieces formatted at once (16,384 nodes, 32,768 edges each): a
/// graph of several pieces reads back to the same text, with one blank line between the edges
/// of one source and the next's wherever the pieces are cut.
struct GraphFileWriterPiecesTests {
    @Test func manyPiecesGiveOneCanonicalText() throws {
        var graph = Graph()
        var nodes: [NodeID] = []
        for index in 0..<20_000 {
            nodes.append(graph.addNode(labels: [index % 3 == 0 ? "A" : "B"], properties: [("id", .string("n\(index)")), ("k", .int(Int64(index % 7)))]))
        }
        var sources = Set<Int>()
        for index in 0..<40_000 {
            let source = (index * 7919) % 20_000
            sources.insert(source)
            graph.addEdge(from: nodes[source], to: nodes[(index * 104_729) % 20_000], type: index % 2 == 0 ? "R" : "S",
                          properties: [("w", .int(Int64(index % 5)))])
        }
        let text = try GraphFileWriter.bytes(graph)
        let again = try GraphFileWriter.bytes(try GraphFileReader.read(SourceText(name: "p.cg", bytes: text)))
        #expect(again == text)
        let edgeText = String(decoding: text, as: UTF8.self).components(separatedBy: "// edges\n")[1]
        #expect(edgeText.components(separatedBy: "\n\n").count == sources.count)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-pieces-\(UUID().uuidString).cg")
        defer { try? FileManager.default.removeItem(at: file) }
        try AtomicFile.write(to: file.path) { try GraphFileWriter.write(graph, to: $0) }
        #expect(try Data(contentsOf: file) == Data(text))
        #expect(try GraphFileWriter.isCanonical(graph, at: file.path))
        try Data(text.dropLast()).write(to: file)
        #expect(try !GraphFileWriter.isCanonical(graph, at: file.path))
    }
}
