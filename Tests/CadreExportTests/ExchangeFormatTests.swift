import CadreExport
import Foundation
import Testing
@testable import CadreGraph

/// `export cypher` and `export jsonl` (issue 16): what the other engines read, and the way back.
struct ExchangeFormatTests {
    static let article = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("graph/cantho-2020.cg").path

    func sample() -> Graph {
        var graph = Graph()
        graph.schema = GraphSchema([.init(.nodes(label: "Person"), "born", .date)])
        let a = graph.addNode(labels: ["Person", "Leader"], properties: [("id", .string("p:a")), ("name", .string("Trần \"A\"\n")),
                                                                       ("born", .date(PartialDate(iso: "1962")!)), ("score", .float(2)),
                                                                       ("tags", .list([.string("x"), .string("y")]))])
        let b = graph.addNode(labels: ["Role"], properties: [("id", .string("r:b")), ("from", .date(PartialDate(iso: "2015-06-01")!))])
        graph.addEdge(from: a, to: b, type: "HELD", properties: [("from", .date(PartialDate(iso: "2015-06")!)), ("n", .int(3))])
        return graph
    }

    @Test func cypherForNeo4jAndMemgraph() throws {
        let neo4j = try CypherExporter.export(sample())
        #expect(neo4j.contains("CREATE CONSTRAINT cadre_id_Leader IF NOT EXISTS FOR (n:Leader) REQUIRE n.id IS UNIQUE;\n"))
        #expect(neo4j.contains("""
            UNWIND [
            {born: date("1962-01-01"), born_precision: "year", id: "p:a", name: "Trần \\"A\\"\\n", score: 2.0, tags: ["x", "y"]}
            ] AS row
            CREATE (n:Leader:Person) SET n = row;
            """))
        #expect(neo4j.contains("""
            {s: "p:a", t: "r:b", p: {from: date("2015-06-01"), from_precision: "month", n: 3}}
            ] AS row
            MATCH (a:Leader {id: row.s}) MATCH (b:Role {id: row.t})
            CREATE (a)-[r:HELD]->(b) SET r = row.p;
            """))
        #expect(neo4j.contains("// cadre schema: schema (:Person {born: DATE})\n"))
        let memgraph = try CypherExporter.export(sample(), dialect: .memgraph)
        #expect(memgraph.contains("CREATE INDEX ON :Role(id);\nCREATE CONSTRAINT ON (n:Role) ASSERT n.id IS UNIQUE;\n"))
    }

    @Test func cypherBatchesRows() throws {
        var graph = Graph()
        for index in 0..<1_201 { graph.addNode(labels: ["P"], properties: [("id", .string(String(format: "p%05d", index)))]) }
        let text = try CypherExporter.export(graph)
        #expect(text.components(separatedBy: "CREATE (n:P) SET n = row;").count - 1 == 3)
    }

    @Test func jsonLinesInAPOCsShape() throws {
        let lines = try JSONLinesExporter.export(sample()).split(separator: "\n")
        #expect(lines[0] == #"{"type":"schema","statements":["schema (:Person {born: DATE})"]}"#)
        #expect(lines[1] == #"{"type":"node","id":"p:a","labels":["Leader","Person"],"properties":{"born":"1962","id":"p:a","name":"Trần \"A\"\n","score":2.0,"tags":["x","y"]},"dates":["born"]}"#)
        #expect(lines[3] == #"{"type":"relationship","label":"HELD","start":{"id":"p:a","labels":["Leader","Person"]},"end":{"id":"r:b","labels":["Role"]},"properties":{"from":"2015-06","n":3},"dates":["from"]}"#)
    }

    /// Export, read back, write the graph file: the same bytes.
    @Test func jsonLinesRoundTripTheArticle() throws {
        let graph = try GraphFileReader.read(path: Self.article, cache: false)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        try JSONLinesExporter.export(graph).write(to: file, atomically: true, encoding: .utf8)
        let back = try JSONLinesImporter.read(path: file.path)
        #expect(try GraphFileWriter.write(back) == GraphFileWriter.write(graph))
        try JSONLinesExporter.export(sample()).write(to: file, atomically: true, encoding: .utf8)
        #expect(try GraphFileWriter.write(try JSONLinesImporter.read(path: file.path)) == GraphFileWriter.write(sample()))
    }

    @Test func badJSONLinesAreLocated() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        var text = #"{"type":"node","id":"a","properties":{"n":"\ud83d\ude00 Trần"}}"# + "\n"
        text += #"{"type":"node","id":"b","properties":{"n":1,}}"# + "\n"
        for index in 0..<30 { text += #"{"type":"relationship","label":"T","start":{"id":"a"},"end":{"id":"c\#(index)"}}"# + "\n" }
        try text.write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try JSONLinesImporter.read(path: file.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.total == 31 && error.errors.count == 20)
            #expect(error.errors[0].description == "\(file.path):2:45: expected a quoted key")
            #expect(error.errors[1].description == "\(file.path):3: unknown end node \"c0\"")
        }
        try (#"{"type":"node","id":"a","properties":{"n":"\ud83d\ude00 Trần"}}"# + "\n").write(to: file, atomically: true, encoding: .utf8)
        let graph = try JSONLinesImporter.read(path: file.path)
        #expect(graph.property(of: graph.node(withID: "a")!, "n") == .string("😀 Trần"))
    }
}
