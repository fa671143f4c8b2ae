import CadreGraph
import Testing
@testable import CadreQuery

/// EXISTS { … } and COUNT { … }, simple (a pattern and its WHERE) and full (clauses that read
/// the variables around them), and `exists(pattern)`.
struct SubqueryTests {
    /// a → b, a → c, a → d, b → d; `k` is a's number of posts.
    static func graph() -> Graph {
        var graph = Graph()
        let a = graph.addNode(labels: ["P"], properties: [("name", .string("a")), ("k", .int(1))])
        let b = graph.addNode(labels: ["P"], properties: [("name", .string("b")), ("k", .int(2))])
        let c = graph.addNode(labels: ["Q"], properties: [("name", .string("c"))])
        let d = graph.addNode(labels: ["Q"], properties: [("name", .string("d"))])
        for (from, to) in [(a, b), (a, c), (a, d), (b, d)] { graph.addEdge(from: from, to: to, type: "R", properties: []) }
        return graph
    }

    func answer(_ query: String) throws -> [[String]] {
        var graph = Self.graph()
        return try rows(query, on: &graph)
    }

    @Test func countOfAPatternCountsItsMatches() throws {
        #expect(try answer("MATCH (n:P) RETURN n.name, COUNT { (n)-[:R]->() } AS out ORDER BY n.name") == [[#""a""#, "3"], [#""b""#, "1"]])
        #expect(try answer("MATCH (n:P) RETURN n.name, COUNT { MATCH (n)-->(m:Q) WHERE m.name <> 'c' } AS out ORDER BY n.name")
            == [[#""a""#, "1"], [#""b""#, "1"]])
        // Its own names are its own; a name bound around it is that binding (r: one edge).
        #expect(try answer("MATCH (n:P) RETURN n.name, COUNT { (n)-[h]->(w) } AS out ORDER BY n.name") == [[#""a""#, "3"], [#""b""#, "1"]])
        #expect(try answer("MATCH (n:P {name: 'a'})-[r]->() RETURN COUNT { (n)-[r]->() } AS c, size([(n)-[r]->() | 1]) AS s")
            == [["1", "1"], ["1", "1"], ["1", "1"]])
        // An integer: arithmetic and comparisons take it.
        #expect(try answer("MATCH (n:P) WHERE COUNT { (n)-->() } + 1 > 2 RETURN n.name") == [[#""a""#]])
    }

    @Test func aFullSubqueryReadsTheVariablesAroundIt() throws {
        #expect(try answer("MATCH (n) WHERE EXISTS { MATCH (n)-->(m) WITH n, count(*) AS k WHERE k = 3 RETURN true } RETURN n.name")
            == [[#""a""#]])
        // Its own WHERE compares with a variable of the outer query.
        #expect(try answer("MATCH (n:P) RETURN n.name, COUNT { MATCH (n)-->(m) WHERE m.k = n.k + 1 RETURN m } AS c ORDER BY n.name")
            == [[#""a""#, "1"], [#""b""#, "0"]])
        // Nested, and without RETURN: the rows its last clause gives.
        #expect(try answer("MATCH (n) WHERE EXISTS { MATCH (n)-->(m) WHERE EXISTS { MATCH (m)-->(:Q) } } RETURN n.name") == [[#""a""#]])
        #expect(try answer("MATCH (n:P) RETURN n.name, COUNT { MATCH (n)-->(m) WITH DISTINCT labels(m) AS l } AS kinds ORDER BY n.name")
            == [[#""a""#, "2"], [#""b""#, "1"]])
    }

    @Test func existsOfAPatternIsItsPredicate() throws {
        #expect(try answer("MATCH (n) WHERE exists((n)-[:R]->(:Q)) RETURN n.name ORDER BY n.name") == [[#""a""#], [#""b""#]])
        #expect(try answer("MATCH (n) WHERE NOT exists((n)-->()) RETURN count(*)") == [["2"]])
    }

    @Test func aSubqueryThatWritesIsRefusedWithItsClause() throws {
        let (query, offset) = marked("MATCH (n) WHERE EXISTS { MATCH (n)-->(m) 1️⃣SET m.x = 1 } RETURN n")
        let found = error(query, on: Self.graph())
        #expect(found?.kind == .semantic)
        #expect(found?.detail == "InvalidClauseComposition")
        #expect(found?.range.start == offset)
    }

    @Test func theSimpleFormEndsAtItsWhere() throws {
        // A pattern without MATCH takes no clauses after it.
        let (query, offset) = marked("MATCH (n) WHERE EXISTS { (n)-->(m) 1️⃣RETURN m } RETURN n")
        let found = error(query, on: Self.graph())
        #expect(found?.kind == .syntax)
        #expect(found?.range.start == offset)
        #expect(error("MATCH (n) WHERE COUNT { } > 1 RETURN n")?.kind == .syntax)
    }
}
