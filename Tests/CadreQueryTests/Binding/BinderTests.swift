import CadreGraph
import Foundation
import Testing
@testable import CadreQuery

/// Binding refuses what Cypher refuses before running, with the TCK's name for it and the
/// place in the text; and lets through what it allows.
struct BinderTests {
    /// The error binding raises for `text`, nil when it accepts it.
    func binding(_ text: String) throws -> QueryError? {
        let source = SourceText(name: "test", text: text)
        let statement = try QueryEngine.parse(source)[0]
        do {
            _ = try Binder.bind(statement, source: source)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("MATCH (a) CREATE (a)", "VariableAlreadyBound", "(a)"),
        ("MATCH (a) CREATE (a:L)-[:R]->(b)", "VariableAlreadyBound", "(a:L)"),
        ("CREATE (a)-[r:R]->(b) CREATE (a)-[r:R]->(b)", "VariableAlreadyBound", "-[r:R]->"),
        ("CREATE (a)-[:R|S]->(b)", "NoSingleRelationshipType", "-[:R|S]->"),
        ("CREATE (a)-[:R*2]->(b)", "CreatingVarLength", "-[:R*2]->"),
        ("CREATE (a)-[:R]-(b)", "RequiresDirectedRelationship", "-[:R]-"),
        ("MATCH (n) DELETE n:Person", "InvalidDelete", "n:Person"),
        ("MATCH (n) DELETE 1", "InvalidDelete", "1"),
        ("MATCH (a)-[r]->()-[r]->(a) RETURN r", "RelationshipUniquenessViolation", "-[r]->"),
        ("MATCH ()-[r]-() MATCH (r) RETURN r", "VariableTypeConflict", "(r)"),
        ("MATCH (a)-[a]->() RETURN a", "VariableTypeConflict", "-[a]->"),
        ("MATCH p = (a) MATCH p = (b) RETURN p", "VariableAlreadyBound", "p = (b)"),
        ("MATCH (a) RETURN DISTINCT a.name ORDER BY a.age", "UndefinedVariable", "a.age"),
        ("MATCH (a) WITH a.x AS x, count(*) AS n WHERE a.y > 1 RETURN x", "UndefinedVariable", "a.y"),
        ("MATCH (a) RETURN b", "UndefinedVariable", "b"),
        ("RETURN [x IN [1] | y]", "UndefinedVariable", "y"),
        ("MATCH (a) WHERE (a)-->(b) RETURN a", "UndefinedVariable", "(a)-->(b)"),
        ("MATCH (n) RETURN (n)-->()", "UnexpectedSyntax", "(n)-->()"),
        ("MATCH (n) SET n.x = head(nodes(head((n)-->())))", "UnexpectedSyntax", "(n)-->()"),
        ("MATCH (n) WHERE (n) RETURN n", "InvalidArgumentType", "(n)"),
        ("MATCH (n) WHERE count(n) > 1 RETURN n", "InvalidAggregation", "count(n)"),
        ("UNWIND [count(*)] AS x RETURN x", "InvalidAggregation", "count(*)"),
        ("RETURN count(count(*))", "NestedAggregation", "count(*)"),
        ("MATCH (n) RETURN n ORDER BY count(*)", "InvalidAggregation", "count(*)"),
        ("RETURN 1 AS a, 2 AS a", "ColumnNameConflict", "2"),
        ("MATCH (n) WITH n.x RETURN 1", "NoExpressionAlias", "n.x"),
        ("RETURN *", "NoVariablesInScope", "RETURN *"),
        ("MATCH (a) WITH a.x AS x WHERE a.y > 1 RETURN x ORDER BY a.z", "UndefinedVariable", "a.z"),
        ("RETURN 1 LIMIT -1", "NegativeIntegerArgument", "-1"),
        ("RETURN 1 SKIP 1.5", "InvalidArgumentType", "1.5"),
        ("MATCH (n) RETURN n LIMIT n.x", "NonConstantExpression", "n.x"),
        ("MATCH (n) WITH n", "InvalidClauseComposition", "WITH n"),
        ("MATCH (n)", "InvalidClauseComposition", "MATCH (n)"),
        ("RETURN 1 AS x UNION RETURN 2 AS x UNION ALL RETURN 3 AS x", "InvalidClauseComposition", "RETURN 1 AS x UNION RETURN 2 AS x UNION ALL RETURN 3 AS x"),
        ("RETURN 1 AS x UNION RETURN 2 AS y", "DifferentColumnsInUnion", "RETURN 1 AS x UNION RETURN 2 AS y"),
        ("MATCH (n {name: 'a'}) WHERE EXISTS { MATCH (n) CREATE (m) } RETURN n", "InvalidClauseComposition", "CREATE (m)"),
        ("UNWIND [1] AS x UNWIND [2] AS x RETURN x", "VariableAlreadyBound", "UNWIND [2] AS x"),
        ("MATCH (n $p) RETURN n", "InvalidParameterUse", "$p"),
        ("MATCH (n) SET m.x = 1", "UndefinedVariable", "m"),
        ("RETURN nope(1)", "UnknownFunction", "nope(1)"),
        ("RETURN size(1, 2)", "InvalidNumberOfArguments", "size(1, 2)"),
        ("RETURN percentileDisc(1)", "InvalidNumberOfArguments", "percentileDisc(1)"),
        ("RETURN toUpper(DISTINCT 'a')", "InvalidArgumentType", "toUpper(DISTINCT 'a')"),
        ("RETURN exists(1)", "InvalidArgumentType", "exists(1)"),
        ("MATCH (n) RETURN [x IN [1] | nope(x)]", "UnknownFunction", "nope(x)"),
    ])
    func refuses(query: String, detail: String, at text: String) throws {
        let error = try #require(try binding(query), "\(query)")
        #expect(error.detail == detail, "\(query): \(error)")
        #expect(error.isCompileTime)
        // The last place the text is found.
        let start = query.utf8.count - (query.range(of: text, options: .backwards).map { query[$0.lowerBound...].utf8.count } ?? 0)
        #expect(error.range.start == start, "\(query): \(error) at \(error.range.start), not \(start)")
    }

    @Test(arguments: [
        "MATCH (a) CREATE (a)-[:R]->(b)",
        "MATCH (a) RETURN DISTINCT a.name ORDER BY a.name",
        "MATCH (a) WITH DISTINCT a.name2 AS name WHERE a.name2 = 'B' RETURN *",
        "MATCH (a) WITH a.name AS name, count(*) AS cnt ORDER BY a.name + 'C' LIMIT 1 RETURN name, cnt",
        "MATCH (a) WITH a.x AS x ORDER BY a.z WHERE a.y > 1 RETURN x",
        "MATCH (a)-[r*1..2]->(b)-[r2]->(c) RETURN r, r2",
        "MATCH (n) WHERE NOT (n)-->() AND exists((n)<--()) RETURN n",
        "MATCH (n) WHERE EXISTS { (n)-->(m) WHERE m.x = 1 } RETURN n",
        "MATCH (n) RETURN [p = (n)-->(m) WHERE m.x > 0 | p] AS paths",
        "MATCH (n) RETURN count { MATCH (n)-->(m) RETURN m } AS c",
        "UNWIND [1, 2] AS x RETURN reduce(s = 0, y IN [x] | s + y) AS total",
        "MATCH (n) RETURN n {.name, k: n.x} AS m",
        "RETURN 1 AS x UNION RETURN 2 AS x",
        "MATCH (n) RETURN n LIMIT $p",
    ])
    func accepts(query: String) throws {
        #expect(try binding(query) == nil, "\(query)")
    }

    /// After an aggregation, what ORDER BY spells as an item reads that item's column.
    @Test func orderByReadsTheColumnItSpells() throws {
        var graph = Graph()
        for name in ["A", "A", "B", "C", "C"] { graph.addNode(properties: [("name", .string(name))]) }
        for (direction, first) in [("ASC", "A"), ("DESC", "C")] {
            let query = "MATCH (a) WITH a.name AS name, count(*) AS n ORDER BY a.name + 'C' \(direction) LIMIT 1 RETURN name, n"
            let rows = try QueryEngine.execute(query, on: &graph)[0].rows
            #expect(rows == [[.string(first), .int(2)]])
        }
    }

    /// `r:T` asks a relationship's type.
    @Test func aLabelTestOnARelationshipAsksItsType() throws {
        var graph = Graph()
        let (a, b) = (graph.addNode(), graph.addNode())
        graph.addEdge(from: a, to: b, type: "T1")
        graph.addEdge(from: b, to: a, type: "T2")
        let rows = try QueryEngine.execute("MATCH ()-[r]->() RETURN type(r) AS t, r:T2 AS is ORDER BY t", on: &graph)[0].rows
        #expect(rows == [[.string("T1"), .bool(false)], [.string("T2"), .bool(true)]])
    }
}
