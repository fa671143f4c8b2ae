import Testing
@testable import CadreGraph

/// A large file is read in parts at once (one parser per part, joined afterwards). Reading in
/// any number of parts must give the graph that reading in one piece gives, down to the order
/// of nodes, edges, symbols and strings, and the same errors.
struct GraphFileReaderPartsTests {
    /// A file whose later parts hold what a join must map: labels, types and keys first seen
    /// late, strings seen in several parts, wide integers, floats and lists (side arrays),
    /// ids written with escapes, edges to nodes defined further on, comments, multi-line maps.
    static let text: String = {
        var lines = ["\u{FEFF}// a test graph", "schema (:Person {born: DATE})"]
        for index in 0..<400 {
            let label = index < 300 ? ":Person" : ":Person:Late\(index % 3)"
            lines.append("(\(label) {id: \"p\(index)\", name: \"Người \(index % 37)\", n: \(index), status: \"s\(index % 5)\"})")
            if index % 50 == 0 {
                lines.append("// section \(index)")
                lines.append("(:Org {\n  id: \"o\(index)\",\n  big: \(Int64(1) << 40 + Int64(index)),\n  f: \(Double(index) / 8),\n  tags: [\"t\", \(index)]\n})")
            }
            if index > 0 {
                lines.append("(\"p\(index)\")-[:KNOWS {since: date(\"20\(10 + index % 10)-01-0\(1 + index % 9)\")}]->(\"p\(index - 1)\")")
                lines.append("(\"p\(index)\")-[:KNOWS]->(\"p\((index * 7) % 400)\")")
            }
            if index % 3 == 0 {
                let type = index < 200 ? "MEMBER_OF" : "LATE_\(index % 2)"
                let source = index % 9 == 0 ? "\\u0070\(index)" : "p\(index)"
                lines.append("(\"\(source)\")-[:\(type) {role: \"r\(index % 11)\", k\(index % 4): 1}]->(\"o\(index / 50 * 50)\")")
            }
        }
        lines.append("(\"p399\")-[:KNOWS]->(\"p0\")")
        return lines.joined(separator: "\n") + "\n"
    }()

    /// Everything a reader decides, in order.
    func dump(_ graph: Graph) -> [String] {
        var lines = ["labels \(graph.labels.names)", "types \(graph.types.names)", "keys \(graph.keys.names)",
                     "strings \((0..<UInt32(graph.storage.arena.strings.count)).map { graph.storage.arena.strings[$0] })"]
        for node in graph.nodes {
            let properties = graph.properties(of: node).map { "\(graph.keys.name($0.key)): \($0.value.literal)" }
            lines.append("\(node) \(graph.labelNames(of: node)) \(properties)")
        }
        for edge in graph.edges {
            let properties = graph.storage.arena.entries(in: graph.storage.edgeProperties[edge.index])
                .map { "\(graph.keys.name($0.key)): \($0.value.literal)" }
            lines.append("\(graph.source(of: edge)) -\(graph.typeName(of: edge)) \(properties)-> \(graph.target(of: edge))")
        }
        return lines
    }

    func read(_ text: String, parts: Int) throws(DiagnosticList) -> Graph {
        try GraphFileReader.read(name: "t.cg", bytes: ByteBuffer(copying: Array(text.utf8)), parts: parts)
    }

    /// Whether the parts were joined (else the reader parses again in one piece).
    func joins(_ text: String, parts: Int) -> Bool {
        let bytes = ByteBuffer(copying: Array(text.utf8))
        let schema = (try? GraphFileReader.readSchema(name: "t.cg", bytes: bytes).get()) ?? GraphSchema()
        return GraphFileReader.parseInParts(name: "t.cg", bytes: bytes, parts: parts, schema: schema) != nil
    }

    @Test(arguments: [2, 3, 7, 40])
    func partsGiveTheGraphOnePieceGives(parts: Int) throws {
        let whole = try read(Self.text, parts: 1)
        #expect(whole.nodeCount == 408 && whole.edgeCount == 933)
        #expect(GraphFileReader.partStarts(ByteBuffer(copying: Array(Self.text.utf8)).bytes, parts: parts).count == parts)
        let expected = dump(whole)
        let actual = dump(try read(Self.text, parts: parts))
        #expect(actual.count == expected.count)
        for (line, (got, wanted)) in zip(actual, expected).enumerated() where got != wanted {
            Issue.record("line \(line): \(got)\n   expected \(wanted)")
            break
        }
        #expect(joins(Self.text, parts: parts))
        let graph = try read(Self.text, parts: parts)
        #expect(graph.node(withID: "p7").flatMap { graph.property(of: $0, "n") } == .int(7))
        #expect(graph.nodes(withLabel: "Late2").count == 33)
    }

    /// Edge ends are resolved by several tasks on a large file; each task starts afresh (a
    /// source that repeats the previous edge's is looked up again at a task's first edge).
    @Test(arguments: [2, 3, 8])
    func tasksResolveWhatOneTaskResolves(tasks: Int) throws {
        let text = Self.text + "(\"p5\")-[:KNOWS]->(\"nobody\")\n(\"nobody\")-[:KNOWS]->(\"p5\")\n"
        var parser = GraphFileParser(name: "t.cg", bytes: ByteBuffer(copying: Array(text.utf8)))
        parser.parseFile()
        let one = EdgeEndResolver.resolve(parser.edgeEnds, file: parser.reader.bytes, builder: parser.builder, tasks: 1)
        let many = EdgeEndResolver.resolve(parser.edgeEnds, file: parser.reader.bytes, builder: parser.builder, tasks: tasks)
        #expect(one.sources == many.sources && one.targets == many.targets && one.unresolved == many.unresolved)
        // The spelled sources and the two ends naming nobody.
        #expect(one.unresolved.count == 45 + 2)
        #expect(one.sources.filter { $0 == EdgeEndResolver.unresolved }.count == 45 + 1)
        let graph = try read(Self.text, parts: 1)
        for (edge, (source, target)) in zip(one.sources, one.targets).enumerated().prefix(graph.edgeCount) {
            if source != EdgeEndResolver.unresolved { #expect(source == graph.source(of: EdgeID(edge))) }
            #expect(target == graph.target(of: EdgeID(edge)))
        }
    }

    @Test func partsStartAtStatements() {
        let bytes = ByteBuffer(copying: Array(Self.text.utf8)).bytes
        let starts = GraphFileReader.partStarts(bytes, parts: 7)
        #expect(starts.first == 0)
        for start in starts.dropFirst() {
            #expect(bytes[start - 1] == UInt8(ascii: "\n") && bytes[start] == UInt8(ascii: "("))
        }
        #expect(GraphFileReader.partStarts(ByteBuffer(copying: Array("(:A {id: \"a\"})\n".utf8)).bytes, parts: 4) == [0])
    }

    /// In a canonical file (nodes first), the nodes are the first part, and the parts of edges
    /// share the rest evenly.
    @Test func theNodesOfACanonicalFileAreTheFirstPart() throws {
        let canonical = try GraphFileWriter.write(try read(Self.text, parts: 1))
        let bytes = Array(canonical.utf8)
        let newline = try #require(canonical.range(of: "\n(\""))
        let firstEdge = canonical.utf8.distance(from: canonical.startIndex, to: newline.lowerBound) + 1
        let starts = GraphFileReader.partStarts(ByteBuffer(copying: bytes).bytes, parts: 4)
        #expect(starts.count == 4 && starts[1] == firstEdge)
        let edges = bytes.count - firstEdge
        for (start, next) in zip(starts.dropFirst(), starts.dropFirst(2) + [bytes.count]) {
            #expect(abs((next - start) - edges / 3) < 200)
        }
        #expect(dump(try read(canonical, parts: 4)) == dump(try read(canonical, parts: 1)))
        #expect(joins(canonical, parts: 4))
    }

    /// Errors anywhere (in one part, or a clash between parts) are reported as a reading in one
    /// piece reports them: the parts are not joined, and the file is read again in one piece.
    /// Unknown edge ends are found after the join, in any case.
    @Test(arguments: [
        ("p250", "(:Person {id: \"p250\", n: 1, n: 2})"),   // a duplicate key late in the file
        ("p390", "(:Person {id: \"p3\"})"),                  // an id defined again in a later part
        ("p120", "(\"p120\")-[:KNOWS]->(\"nobody\")"),       // an unknown edge end
        ("p330", "(:Person {id: \"x\", born: 1980})"),       // a schema error
        ("p399", "(:Person {id: \"y\""),                     // a statement left open at the end
    ])
    func errorsAreThoseOfOnePiece(after anchor: String, insert bad: String) throws {
        var lines = Self.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let at = try #require(lines.lastIndex { $0.contains("id: \"\(anchor)") || $0.hasPrefix("(\"\(anchor)") })
        lines.insert(bad, at: at + 1)
        let text = lines.joined(separator: "\n")
        func messages(_ parts: Int) -> [String] {
            do {
                _ = try read(text, parts: parts)
                return []
            } catch {
                return error.diagnostics.map { "\($0.range.start) \($0.message) \($0.notes)" }
            }
        }
        let expected = messages(1)
        #expect(!expected.isEmpty)
        for parts in [2, 5, 11] {
            #expect(messages(parts) == expected)
            #expect(joins(text, parts: parts) == bad.hasSuffix("(\"nobody\")"))
        }
    }
}
