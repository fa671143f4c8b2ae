import Testing
@testable import CadreGraph

/// Types a graph declares (issue 16): `schema` statements, per label and per edge type.
struct GraphSchemaTests {
    func read(_ text: String) throws(DiagnosticList) -> Graph {
        try GraphFileReader.read(SourceText(name: "s.cg", bytes: Array(text.utf8)))
    }

    func firstError(_ text: String) -> String? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error.rendered().split(separator: "\n").first.map(String.init)
        }
    }

    @Test func aKeyMayHoldDifferentTypesOnDifferentLabels() throws {
        let graph = try read("""
            schema (:Person {born: DATE})
            schema (:Cohort {born: INTEGER, members: LIST<STRING>})
            (:Person {id: "p", born: date("1960")})
            (:Cohort {id: "c", born: 1960, members: ["p"]})
            (:Other {id: "o", born: "sometime"})
            """)
        #expect(graph.nodes.count == 3)
        #expect(graph.schema.declarations.count == 3)
        #expect(firstError("schema (:Person {born: DATE})\n(:Person {id: \"p\", born: 1960})")
                == "s.cg:2:26: error: `born` must be a date, such as date(\"2020-10-14\"), not integer 1960 (declared on :Person)")
        #expect(firstError("schema (:Cohort {members: LIST<STRING>})\n(:Cohort {id: \"c\", members: [1]})")?
                    .contains("`members` must be a list of strings") == true)
    }

    @Test func aGraphThatDeclaresNothingTakesAnyValue() throws {
        let graph = try read("(:Person {id: \"p\", born: 1960, number: \"12-NQ/TW\", ordinal: \"XIII\"})")
        #expect(graph.schema.isEmpty)
        #expect(graph.nodes.count == 1)
    }

    @Test func everyNodeEveryEdgeUnionsAndChoices() throws {
        let text = """
            schema ({basis: "explicit" | "inferred", value: INTEGER | FLOAT})
            schema ()-[{source: STRING | LIST<STRING>}]->()
            schema ()-[:HELD {from: DATE}]->()
            (:A {id: "a", basis: "inferred", value: 2.5})
            (:B {id: "b", value: 3})
            ("a")-[:HELD {from: date("2015"), source: ["x", "y"]}]->("b")
            ("a")-[:KNOWS {from: 2015, source: "z"}]->("b")
            """
        let graph = try read(text)
        #expect(graph.edges.count == 2)
        #expect(firstError(text.replacingOccurrences(of: "\"inferred\", value: 2.5", with: "\"guess\", value: 2.5"))?
                    .contains("`basis` must be one of \"explicit\", \"inferred\", not the string \"guess\" (declared on every node)") == true)
        #expect(firstError(text.replacingOccurrences(of: "source: \"z\"", with: "source: 7"))?
                    .contains("`source` must be a string or a list of strings, not integer 7 (declared on every edge)") == true)
        #expect(firstError(text.replacingOccurrences(of: "date(\"2015\"), source", with: "2015, source"))?
                    .contains("(declared on :HELD edges)") == true)
    }

    @Test func declarationsComeFirstAndTypesAreKnown() {
        #expect(firstError("(:A {id: \"a\"})\nschema (:A {x: DATE})")?.hasPrefix("s.cg:2:1: error: `schema` statements come before") == true)
        #expect(firstError("schema (:A {x: DAET})")?.hasPrefix("s.cg:1:16: error: expected a type") == true)
        #expect(firstError("schema (:A {x: LIST<DATE})")?.contains("expected `>`") == true)
        #expect(firstError("schema (:A {x: DATE, x: STRING})")?.contains("duplicate key `x`") == true)
        #expect(firstError("schema ()-[:T {x: DATE}]-()")?.contains("expected `]->()`") == true)
    }

    @Test func writtenFirstInCanonicalOrderAndReadBackTheSame() throws {
        var graph = Graph()
        graph.schema = GraphSchema([
            .init(.edges(type: "HELD"), "to", .date), .init(.nodes(label: "Person"), "born", .date),
            .init(.nodes(label: nil), "source", .union([.string, .list(.string)])),
            .init(.nodes(label: "Person"), "aliases", .list(.string)), .init(.edges(type: nil), "basis", .choice(["explicit", "inferred"])),
        ])
        graph.addNode(labels: ["Person"], properties: [("id", .string("p")), ("born", .date(PartialDate(iso: "1960")!))])
        let text = try GraphFileWriter.write(graph)
        #expect(text.contains("""
            schema ({source: STRING | LIST<STRING>})
            schema (:Person {aliases: LIST<STRING>, born: DATE})
            schema ()-[{basis: "explicit" | "inferred"}]->()
            schema ()-[:HELD {to: DATE}]->()

            // :Person
            """))
        let again = try read(text)
        #expect(again.schema.statements() == graph.schema.statements())
        #expect(try GraphFileWriter.write(again) == text)
    }

    /// A large file is read in parts at once: each part checks against the head's declarations.
    @Test func partsOfALargeFileKnowTheDeclarations() throws {
        var lines = ["schema (:P {n: INTEGER})"]
        for index in 0..<3000 { lines.append("(:P {id: \"p\(index)\", n: \(index), pad: \"\(String(repeating: "x", count: 40))\"})") }
        lines.append("(:P {id: \"late\", n: \"three\"})")
        let text = lines.joined(separator: "\n")
        do {
            _ = try GraphFileReader.read(name: "big.cg", bytes: ByteBuffer(copying: Array(text.utf8)), parts: 4)
            Issue.record("expected an error")
        } catch {
            #expect(error.rendered().hasPrefix("big.cg:3002:21: error: `n` must be an integer, not the string \"three\" (declared on :P)"))
        }
    }
}
