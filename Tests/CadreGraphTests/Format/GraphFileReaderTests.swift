import Testing
@testable import CadreGraph

/// Error positions are marked in the input with 1️⃣ (and 2️⃣ for a second error) rather than
/// counted by hand.
struct GraphFileReaderTests {
    static let marker1 = "1️⃣", marker2 = "2️⃣"

    /// The text without markers, and the byte offset where each marker stood.
    func marked(_ text: String) -> (SourceText, [Int]) {
        var offsets: [Int] = []
        var bytes: [UInt8] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.hasPrefix(Self.marker1) || rest.hasPrefix(Self.marker2) {
                offsets.append(bytes.count)
                rest = rest.dropFirst()
                continue
            }
            bytes.append(contentsOf: String(rest.first!).utf8)
            rest = rest.dropFirst()
        }
        return (SourceText(name: "t.cg", bytes: bytes), offsets)
    }

    func errors(_ text: String) -> (DiagnosticList, [Int])? {
        let (source, offsets) = marked(text)
        do {
            _ = try GraphFileReader.read(source)
            return nil
        } catch {
            return (error, offsets)
        }
    }

    @Test(arguments: [
        ("duplicate id", Diagnostic.Kind.semantic, """
            (:A {id: "a"})
            (:B {id: 1️⃣"a"})
            """),
        ("edge to unknown node id \"nobody\"", .semantic, """
            (:A {id: "a"})
            ("a")-[:T]->(1️⃣"nobody")
            """),
        ("edge from unknown node id", .semantic, """
            (:A {id: "a"})
            (1️⃣'ghost')-[:T]->("a")
            """),
        ("unterminated string", .syntax, """
            (:A {id: "a", name: 1️⃣"Trần Quốc})
            """),
        ("`from` must be a date", .type, """
            schema ()-[{from: DATE}]->()
            (:A {id: "a"})
            ("a")-[:HELD {from: 1️⃣"2015"}]->("a")
            """),
        ("`ordinal` must be an integer", .type, """
            schema (:Term {ordinal: INTEGER})
            (:Term {id: "t", ordinal: 1️⃣"XIII"})
            """),
        ("`basis` must be one of", .type, """
            schema ({basis: "explicit" | "inferred" | "external"})
            (:A {id: "a", basis: 1️⃣"guess"})
            """),
        ("`id` must be a string", .type, """
            (:A {id: 1️⃣7})
            """),
        ("a node needs an `id`", .semantic, """
            1️⃣(:A {name: "x"})
            """),
        ("invalid date", .type, """
            (:A {id: "a", born: date(1️⃣"2020-02-30")})
            """),
        ("unknown escape", .syntax, """
            (:A {id: "a1️⃣\\q"})
            """),
        ("too large", .syntax, """
            (:A {id: "a", n: 1️⃣9223372036854775808})
            """),
        ("unknown value `Hà`", .syntax, """
            (:A {id: "a", name: 1️⃣Hà})
            """),
        ("expected the end of the line", .syntax, """
            (:A {id: "a"}) 1️⃣(:B {id: "b"})
            """),
        ("duplicate key `name`", .semantic, """
            (:A {id: "a", name: "x", 1️⃣name: "y"})
            """),
        ("expected `,` or `}`", .syntax, """
            (:A {id: "a" 1️⃣name: "y"})
            """),
        ("use `]->`", .syntax, """
            (:A {id: "a"})
            ("a")-[:T1️⃣]-("a")
            """),
    ])
    func reportsTheErrorAtItsPlace(message: String, kind: Diagnostic.Kind, text: String) throws {
        let (list, offsets) = try #require(errors(text))
        let diagnostic = try #require(list.diagnostics.first)
        #expect(diagnostic.message.contains(message), "got: \(diagnostic.message)")
        #expect(diagnostic.kind == kind)
        #expect(diagnostic.range.start == offsets[0], "at \(list.source.location(of: diagnostic.range.start))")
    }

    @Test func invalidUTF8IsLocated() throws {
        var bytes = Array("(:A {id: \"a\"})\n(:B {id: \"b\", name: \"Tr".utf8)
        bytes += [0xE1, 0x28, 0x22, 0x7D, 0x29, 0x0A]
        do {
            _ = try GraphFileReader.read(SourceText(name: "bad.cg", bytes: bytes))
            Issue.record("expected an error")
        } catch {
            let diagnostic = try #require(error.diagnostics.first)
            #expect(diagnostic.message.contains("invalid UTF-8"))
            #expect(error.source.location(of: diagnostic.range.start) == SourceLocation(line: 2, column: 24))
        }
    }

    @Test func reportsEveryErrorAndLoadsNothing() throws {
        let (list, offsets) = try #require(errors("""
            schema ({born: DATE})
            (:A {id: "a", born: 1️⃣2015})
            (:B {id: "b"})
            ("a")-[:T]->(2️⃣"c")
            """))
        #expect(list.diagnostics.map(\.range.start) == offsets)
    }

    @Test func resumesAfterASyntaxErrorInAMultiLineMap() throws {
        let (list, offsets) = try #require(errors("""
            (:A {
              id: "a",
              name: 1️⃣oops,
              title: "t"
            })
            (:B {id: 2️⃣3})
            """))
        #expect(list.diagnostics.map(\.range.start) == offsets)
    }

    @Test func rendersFileLineColumnAndCarets() throws {
        let (list, _) = try #require(errors("""
            (:Person {id: "person:a", name: "Trần"})
            (:Person {id: "person:a"})
            """))
        #expect(list.rendered() == """
            t.cg:2:15: error: duplicate id "person:a"
              |
            2 | (:Person {id: "person:a"})
              |               ^^^^^^^^^^
              = note: first defined at 1:15

            """)
    }

    @Test func caretsAlignUnderVietnameseText() throws {
        let (list, _) = try #require(errors("""
            schema ({born: DATE})
            (:A {id: "a", tên: "Trần Quốc", born: "x"})
            """))
        let lines = list.rendered().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("t.cg:2:39: error: `born` must be a date"))
        let caretColumn = DisplayWidth.of(String(lines[3].prefix { $0 != "^" }))
        let valueColumn = DisplayWidth.of(String(lines[2].prefix { $0 != "x" })) - 1
        #expect(caretColumn == valueColumn)
    }

    @Test func readsEveryLiteralKind() throws {
        let graph = try GraphFileReader.read(SourceText(name: "t.cg", text: """
            // a comment
            (:A:B {id: 'a', s: 'it\\'s', d: "\\u00e9\\n", i: -5, h: 0x1F, o: 0o17, f: 1.5e3, g: .5,
                   l: [1, 'x', null, [true]], m: {z: 1, a: date("2020")}, t: TRUE, n: null,
                   day: date('2020-10-14'), nan: NaN, inf: -Infinity, `odd key`: false, big: -5000000000,})  // trailing comment
            (:C {id: "c"})
            ("a")-[:`HAS IT` {w: 2}]->("c")
            """))
        let a = try #require(graph.node(withID: "a"))
        func value(_ key: String) -> Value? { graph.property(of: a, key) }
        #expect(graph.labelNames(of: a) == ["A", "B"])
        #expect(value("s") == .string("it's"))
        #expect(value("d") == .string("é\n"))
        #expect(value("i") == .int(-5))
        #expect(value("h") == .int(31))
        #expect(value("o") == .int(15))
        #expect(value("f") == .float(1500))
        #expect(value("g") == .float(0.5))
        #expect(value("l") == .list([.int(1), .string("x"), .null, .list([.bool(true)])]))
        #expect(value("m") == .map(ValueMap([("a", .date(PartialDate(year: 2020)!)), ("z", .int(1))])))
        #expect(value("t") == .bool(true))
        #expect(value("n") == nil)
        #expect(value("day") == .date(PartialDate(year: 2020, month: 10, day: 14)!))
        #expect(value("inf") == .float(-.infinity))
        #expect(value("odd key") == .bool(false))
        #expect(value("big") == .int(-5_000_000_000))
        if case .float(let nan)? = value("nan") { #expect(nan.isNaN) } else { Issue.record("NaN") }
        let edge = try #require(graph.edges(ofType: "HAS IT").first)
        #expect(graph.property(of: edge, "w") == .int(2))
    }

    /// `date("YYYY-MM-DD")` is read by position; every other spelling by the general path.
    @Test(arguments: [
        ("date(\"2024-02-29\")", PartialDate(year: 2024, month: 2, day: 29)),
        ("date(\"1999-12-31\")", PartialDate(year: 1999, month: 12, day: 31)),
        ("date( \"2020-10-14\" )", PartialDate(year: 2020, month: 10, day: 14)),
        ("date('2020-10-14')", PartialDate(year: 2020, month: 10, day: 14)),
        ("DATE(\"2020-10-14\")", PartialDate(year: 2020, month: 10, day: 14)),
        ("date(\"2020-10\")", PartialDate(year: 2020, month: 10)),
        ("date(\"2023-02-29\")", nil), ("date(\"2020-1-014\")", nil), ("date(\"2020-10-1a\")", nil),
        ("date(\"2020/10/14\")", nil), ("date(\"2020-13-01\")", nil),
    ])
    func readsDatesInEveryForm(text: String, expected: PartialDate?) {
        let graph = try? GraphFileReader.read(SourceText(name: "t.cg", text: "(:A {id: \"a\", born: \(text)})\n"))
        let born = graph.flatMap { graph in graph.node(withID: "a").flatMap { graph.property(of: $0, "born") } }
        #expect(born == expected.map(Value.date))
    }

    /// Names are recognized by their bytes and the byte after them: names that share a
    /// beginning, or one another's bytes, stay apart.
    @Test func namesThatShareTheirBeginningStayApart() throws {
        let keys = ["a", "ab", "abc", "abcdefg", "abcdefgh", "abcdefghijklmn", "abcdefghijklmno",
                    "abcdefghijklmnop", "abcdefghijklmnopq", "Tỉnh", "Tỉnhs", "a_1", "a_12"]
        var lines: [String] = []
        for round in 0..<4 {
            for (index, key) in keys.enumerated() {
                let order = round % 2 == 0 ? keys : keys.reversed()
                let properties = order.map { "\($0): \(round * 100 + (keys.firstIndex(of: $0)! + index) % keys.count)" }
                lines.append("(:\(key) {id: \"n\(round)-\(index)\", \(properties.joined(separator: ", "))})")
            }
        }
        let graph = try GraphFileReader.read(SourceText(name: "t.cg", text: lines.joined(separator: "\n") + "\n"))
        for round in 0..<4 {
            for (index, label) in keys.enumerated() {
                let node = try #require(graph.node(withID: "n\(round)-\(index)"))
                #expect(graph.labelNames(of: node) == [label])
                for (position, key) in keys.enumerated() {
                    #expect(graph.property(of: node, key) == .int(Int64(round * 100 + (position + index) % keys.count)))
                }
            }
        }
        #expect(graph.keys.count == keys.count + 2) // and `id`, `name`
    }

    @Test func acceptsCRLFAndAByteOrderMark() throws {
        let text = "\u{FEFF}(:A {id: \"a\"})\r\n(:B {\r\n  id: \"b\"\r\n})\r\n(\"a\")-[:T]->(\"b\")\r\n"
        let graph = try GraphFileReader.read(SourceText(name: "t.cg", text: text))
        #expect(graph.nodeCount == 2 && graph.edgeCount == 1)
    }

    @Test func storesDecomposedInputComposed() throws {
        let graph = try GraphFileReader.read(SourceText(name: "t.cg", text: "(:P {id: \"p\", name: \"Tra\u{0302}\u{0300}n\"})"))
        let name = try #require(graph.property(of: graph.node(withID: "p")!, "name")?.stringValue)
        #expect(Array(name.utf8) == Array("Trần".utf8))
    }

    @Test func anEmptyFileIsAnEmptyGraph() throws {
        let graph = try GraphFileReader.read(SourceText(name: "t.cg", text: "// nothing\n\n"))
        #expect(graph.nodeCount == 0)
    }

    /// Edge ends are found from their bytes, from the previous edge's source, or (escaped,
    /// decomposed, or not read yet) through the general path: every way gives the same node.
    @Test func findsEdgeEndsHoweverTheyAreWritten() throws {
        let text = """
        ("a")-[:E {n: 1}]->("b")
        ("a")-[:E {n: 2}]->("c\\u0323")
        ("a")-[:E {n: 3}]->("Tra\u{0302}\u{0300}n")
        (:P {id: "a"})
        (:P {id: "b"})
        (:P {id: "c\\u0323"})
        (:P {id: "Trần"})
        ("b")-[:E {n: 4}]->("a")
        ("b")-[:E {n: 5}]->("b")
        ("\\u0062")-[:E {n: 6}]->("Tra\u{0302}\u{0300}n")
        """
        let graph = try GraphFileReader.read(SourceText(name: "t.cg", text: text))
        #expect(graph.nodeCount == 4 && graph.edgeCount == 6)
        let ends = graph.edges.map { edge in
            [graph.source(of: edge), graph.target(of: edge)].map { graph.property(of: $0, "id")!.stringValue! }
        }
        let numbers = graph.edges.map { graph.property(of: $0, "n")! }
        let byNumber = Dictionary(uniqueKeysWithValues: zip(numbers.map { $0.literal }, ends))
        #expect(byNumber["1"] == ["a", "b"])
        #expect(byNumber["2"] == ["a", "c\u{0323}"])
        #expect(byNumber["3"] == ["a", "Trần"])
        #expect(byNumber["4"] == ["b", "a"])
        #expect(byNumber["5"] == ["b", "b"])
        #expect(byNumber["6"] == ["b", "Trần"])
    }

    /// A statement's properties are gathered in room that grows past 16: none is lost or
    /// mixed up on the way, in nodes and in edges, and a duplicate key is still seen.
    @Test func readsStatementsWithManyProperties() throws {
        let keys = (0..<40).map { "k\($0)" }
        let properties = keys.enumerated().map { "\($1): \($0 % 3 == 0 ? "\"v\($0)\"" : "\($0)")" }.joined(separator: ", ")
        let text = """
            (:P {id: "a", \(properties)})
            (:P {id: "b"})
            ("a")-[:R {\(properties)}]->("b")
            """
        let graph = try GraphFileReader.read(SourceText(name: "t.cg", text: text))
        let a = try #require(graph.node(withID: "a"))
        let edge = try #require(graph.edges(ofType: "R").first)
        for (index, key) in keys.enumerated() {
            let expected: Value = index % 3 == 0 ? .string("v\(index)") : .int(Int64(index))
            #expect(graph.property(of: a, key) == expected)
            #expect(graph.property(of: edge, key) == expected)
        }
        #expect(graph.properties(of: a).count == 41 && graph.properties(of: edge).count == 40)
        #expect(throws: DiagnosticList.self) {
            try GraphFileReader.read(SourceText(name: "t.cg", text: "(:P {id: \"a\", \(properties), k39: 1})"))
        }
    }

    @Test func equalStringsAreStoredOnce() throws {
        let text = (0..<300).map { "(:P {id: \"p\($0)\", kind: \"k\($0 % 3)\", name: \"Nguyễn Văn \($0 % 7)\"})" }.joined(separator: "\n")
        let graph = try GraphFileReader.read(SourceText(name: "t.cg", text: text))
        // 300 ids, 3 kinds, 7 names.
        #expect(graph.storage.arena.strings.count == 310)
        #expect(graph.node(withID: "p299").map { graph.property(of: $0, "kind") } == .string("k2"))
    }

    /// Strings are scanned eight bytes at a time: an escape, a quote, a line break or another
    /// control character at any offset is still seen.
    @Test func seesEscapesQuotesAndLineBreaksAtEveryOffset() throws {
        for length in 0..<20 {
            let prefix = String(repeating: "ă", count: length / 2) + String(repeating: "a", count: length % 2)
            let text = """
            (:P {id: "p", a: "\(prefix)\\"x", b: '\(prefix)"y', c: "\(prefix)\\\\z", d: "\(prefix)\tt", e: "\(prefix)\u{1}u"})
            """
            let graph = try GraphFileReader.read(SourceText(name: "t.cg", text: text))
            let node = try #require(graph.node(withID: "p"))
            #expect(graph.property(of: node, "a") == .string(prefix + "\"x"))
            #expect(graph.property(of: node, "b") == .string(prefix + "\"y"))
            #expect(graph.property(of: node, "c") == .string(prefix + "\\z"))
            #expect(graph.property(of: node, "d") == .string(prefix + "\tt"))
            #expect(graph.property(of: node, "e") == .string(prefix + "\u{1}u"))
            for lineBreak in ["\n", "\r"] {
                let unterminated = "(:P {id: \"p\", a: \"\(prefix)\(lineBreak)more\"})"
                #expect(throws: DiagnosticList.self) { try GraphFileReader.read(SourceText(name: "t.cg", text: unterminated)) }
            }
        }
    }
}
