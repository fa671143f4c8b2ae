import CadreGraph
import Testing
@testable import CadreQuery

/// A prepared statement runs many times, on whatever graph it is given: the graph it first
/// ran on, that graph grown, or another copy whose tables interned other names since.
struct PreparedTests {
    func prepare(_ text: String) throws -> QueryEngine.Prepared {
        let source = SourceText(name: "test", text: text)
        return try QueryEngine.prepare(QueryEngine.parse(source)[0], source: source)
    }

    func run(_ prepared: QueryEngine.Prepared, on graph: Graph, _ parameters: [String: Value] = [:]) throws -> [[String]] {
        var graph = graph
        return try QueryEngine.run(prepared, on: &graph, parameters: parameters).rows.map { $0.map { text($0, graph) } }
    }

    @Test func symbolsAreReadAgainForEveryOtherTable() throws {
        var base = Graph()
        base.addNode(labels: ["Person"], properties: [("id", .string("p"))])
        // Two copies that each interned one more label, key and type: the same counts, other names.
        var withX = base, withY = base
        let x = withX.addNode(labels: ["X"], properties: [("x", .int(1))])
        withX.addEdge(from: x, to: x, type: "XR")
        let y = withY.addNode(labels: ["Y"], properties: [("y", .int(2))])
        withY.addEdge(from: y, to: y, type: "YR")
        #expect(withX.labels.count == withY.labels.count && withX.keys.count == withY.keys.count)

        let labelled = try prepare("MATCH (n:X) RETURN count(n)")
        let keyed = try prepare("MATCH (n) WHERE n.x IS NOT NULL RETURN count(n), sum(n.x)")
        let typed = try prepare("MATCH ()-[r:XR]->() RETURN count(r)")
        for _ in 0..<2 {
            for (graph, expected) in [(withX, "1"), (withY, "0"), (base, "0"), (withX, "1")] {
                #expect(try run(labelled, on: graph) == [[expected]])
                #expect(try run(keyed, on: graph) == [[expected, expected == "1" ? "1" : "0"]])
                #expect(try run(typed, on: graph) == [[expected]])
            }
        }
        // A graph that grows between runs is read again too.
        var growing = withY
        #expect(try run(labelled, on: growing) == [["0"]])
        growing.addNode(labels: ["X"], properties: [("x", .int(5))])
        #expect(try run(labelled, on: growing) == [["1"]])
        #expect(try run(keyed, on: growing) == [["1", "5"]])
    }

    @Test func aStatementPreparedOnceGivesWhatPreparingEachTimeGives() throws {
        var graph = try GraphFileReader.read(path: CanThoQueryTests.path)
        for text in ["MATCH (p:Person)-[h:HELD]->(r:Role) WHERE h.from.year >= $year RETURN p.id, r.id ORDER BY p.id, r.id",
                     "MATCH (p:Person {id: $id})-[*1..2]-(x) RETURN count(DISTINCT x)",
                     "MATCH (p:Person {id: $id})-[:HELD]->(:Role)-[:ROLE_OF]->(o) MATCH (o)<-[:ROLE_OF]-(:Role)<-[:HELD]-(c) WHERE c <> p RETURN count(DISTINCT c)",
                     "MATCH (o:Organization)<-[:MEMBER_OF]-(p) RETURN o.id, count(p) ORDER BY o.id"] {
            let prepared = try prepare(text)
            for (id, year) in [("person:tran-quoc-trung", 2010), ("person:le-tan-thu", 2015), ("person:nobody", 2000)] {
                let parameters: [String: Value] = ["id": .string(id), "year": .int(Int64(year))]
                let fresh = try QueryEngine.execute(text, on: &graph, parameters: parameters).last!.rows.map { $0.map { CadreQueryTests.text($0, graph) } }
                #expect(try run(prepared, on: graph, parameters) == fresh, "\(text) \(id)")
            }
        }
    }
}
