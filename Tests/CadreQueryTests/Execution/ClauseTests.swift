import CadreGraph
import Testing
@testable import CadreQuery

struct ClauseTests {
    /// a -> b -> c, a -> c; a and b are :P, c is :Q.
    func sample() throws -> Graph {
        var graph = Graph()
        _ = try QueryEngine.execute("""
            CREATE (a:P {name: 'a', n: 1}), (b:P {name: 'b', n: 2}), (c:Q {name: 'c', n: 3}),
                   (a)-[:T {w: 1}]->(b), (b)-[:T {w: 2}]->(c), (a)-[:U]->(c)
            """, on: &graph)
        return graph
    }

    @Test func matchFollowsDirectionsAndTypes() throws {
        var graph = try sample()
        #expect(try rows("MATCH (x)-[:T]->(y) RETURN x, y ORDER BY x.name", on: &graph) == [["(a)", "(b)"], ["(b)", "(c)"]])
        #expect(try rows("MATCH (x {name: 'c'})<-[r]-(y) RETURN type(r), y ORDER BY y.name", on: &graph)
                == [["\"U\"", "(a)"], ["\"T\"", "(b)"]])
        #expect(try rows("MATCH (x {name: 'b'})-[:T|U]-(y) RETURN y ORDER BY y.name", on: &graph) == [["(a)"], ["(c)"]])
        #expect(try rows("MATCH (x:P:Q) RETURN x", on: &graph).isEmpty)
    }

    @Test func variableLengthKeepsRelationshipsUnique() throws {
        var graph = try sample()
        #expect(try rows("MATCH p = (a {name: 'a'})-[*1..2]->(c {name: 'c'}) RETURN length(p) AS l ORDER BY l", on: &graph)
                == [["1"], ["2"]])
        #expect(try rows("MATCH (a {name: 'a'})-[*]-(x) RETURN count(*)", on: &graph) == [["6"]])
        #expect(try rows("MATCH (a {name: 'a'})-[rs*0..1]->(x) RETURN x, size(rs) ORDER BY x.name", on: &graph)
                == [["(a)", "0"], ["(b)", "1"], ["(c)", "1"]])
    }

    @Test func shortestPath() throws {
        var graph = try sample()
        #expect(try rows("MATCH (a {name: 'a'}), (c {name: 'c'}), p = shortestPath((a)-[*]-(c)) RETURN length(p)", on: &graph)
                == [["1"]])
        #expect(try rows("MATCH (a {name: 'a'}), (c {name: 'c'}), p = allShortestPaths((a)-[:T*]->(c)) RETURN p", on: &graph)
                == [["<(a)-(b)-(c)>"]])
    }

    @Test func optionalMatchKeepsRowsWithNulls() throws {
        var graph = try sample()
        #expect(try rows("MATCH (x:P) OPTIONAL MATCH (x)-[:U]->(y) RETURN x, y ORDER BY x.name", on: &graph)
                == [["(a)", "(c)"], ["(b)", "null"]])
    }

    @Test func withAggregatesOrdersAndFilters() throws {
        var graph = try sample()
        #expect(try rows("""
            MATCH (x)-[r]->() WITH x, count(r) AS out, sum(r.w) AS w WHERE out > 0
            RETURN x.name, out, w ORDER BY out DESC, x.name
            """, on: &graph) == [["\"a\"", "2", "1"], ["\"b\"", "1", "2"]])
        #expect(try rows("MATCH (x) RETURN collect(x.name) AS names, avg(x.n), min(x.n), max(x.name)", on: &graph)
                == [["[\"a\", \"b\", \"c\"]", "2.0", "1", "\"c\""]])
        #expect(try rows("MATCH (x) WHERE x.n > 99 RETURN count(*), collect(x)", on: &graph) == [["0", "[]"]])
        #expect(try rows("UNWIND [1, 1, 2] AS x RETURN count(DISTINCT x), count(x)", on: &graph) == [["2", "3"]])
        // A variable's nulls are not counted, with or without DISTINCT, grouped or not.
        #expect(try rows("UNWIND [1, null, 1, null, 2] AS x RETURN count(x), count(DISTINCT x), collect(x)", on: &graph)
                == [["3", "2", "[1, 1, 2]"]])
        #expect(try rows("UNWIND [1, null, 2] AS x RETURN count(x)", on: &graph) == [["2"]])
        #expect(try rows("""
            MATCH (x) OPTIONAL MATCH (x)-[]->(y) RETURN x.name, count(y), count(DISTINCT y) ORDER BY x.name
            """, on: &graph) == [["\"a\"", "2", "2"], ["\"b\"", "1", "1"], ["\"c\"", "0", "0"]])
    }

    @Test func distinctSkipLimitAndUnion() throws {
        #expect(try rows("UNWIND [3, 1, 3, 2] AS x RETURN DISTINCT x ORDER BY x SKIP 1 LIMIT 1") == [["2"]])
        #expect(try rows("RETURN 1 AS x UNION RETURN 1 AS x") == [["1"]])
        #expect(try rows("RETURN 1 AS x UNION ALL RETURN 1 AS x") == [["1"], ["1"]])
        #expect(error("RETURN 1 AS x UNION RETURN 2 AS y")?.detail == "DifferentColumnsInUnion")
    }

    @Test func orderByUsesTheCypherOrderAcrossTypes() throws {
        #expect(try rows("UNWIND [2, 'a', null, 1.5, true, [1]] AS x RETURN x ORDER BY x")
                == [["[1]"], ["\"a\""], ["true"], ["1.5"], ["2"], ["null"]])
    }

    @Test func createSetRemoveDelete() throws {
        var graph = Graph()
        let created = try QueryEngine.execute("CREATE (a:P {name: 'a'})-[:T]->(b:P {name: 'b'}) RETURN a", on: &graph)[0]
        #expect(created.statistics.nodesCreated == 2 && created.statistics.relationshipsCreated == 1)
        _ = try QueryEngine.execute("MATCH (a {name: 'a'}) SET a.x = 1, a:Q, a += {y: 2} REMOVE a:P", on: &graph)
        #expect(try rows("MATCH (a:Q) RETURN a.x, a.y, labels(a)", on: &graph) == [["1", "2", "[\"Q\"]"]])
        #expect(error("MATCH (a {name: 'a'}) DELETE a", on: graph)?.detail == "DeleteConnectedNode")
        _ = try QueryEngine.execute("MATCH (a {name: 'a'}) DETACH DELETE a", on: &graph)
        #expect(graph.nodeCount == 1 && graph.edgeCount == 0)
        // Removing a key that is there counts; one that is not (REMOVE, or SET to null) does not.
        let counts = { (query: String) throws -> Int in try QueryEngine.execute(query, on: &graph)[0].statistics.propertiesSet }
        #expect(try counts("MATCH (b {name: 'b'}) REMOVE b.missing, b.name") == 1)
        #expect(try counts("MATCH (b:P) SET b.missing = null, b.z = 3") == 1)
        _ = try QueryEngine.execute("MATCH (b:P) CREATE (b)-[:T {w: 1}]->(b)", on: &graph)
        #expect(try counts("MATCH ()-[t:T]->() REMOVE t.w, t.missing") == 1)
    }

    @Test func mergeMatchesOrCreates() throws {
        var graph = Graph()
        _ = try QueryEngine.execute("UNWIND [1, 1, 2] AS x MERGE (n:N {v: x}) ON CREATE SET n.created = true ON MATCH SET n.seen = true", on: &graph)
        #expect(try rows("MATCH (n:N) RETURN n.v, n.created, n.seen ORDER BY n.v", on: &graph)
                == [["1", "true", "true"], ["2", "true", "null"]])
    }

    @Test func aFailingStatementChangesNothing() throws {
        var graph = try sample()
        let before = graph.nodeCount
        #expect(throws: QueryError.self) {
            _ = try QueryEngine.execute("CREATE (:New) WITH 1 AS one RETURN 1 / 0", on: &graph)
        }
        #expect(graph.nodeCount == before)
        #expect(graph.nodes(withLabel: "New").isEmpty)
    }

    @Test func semanticErrorsComeBeforeAnythingRuns() {
        #expect(error("MATCH (n) RETURN m")?.detail == "UndefinedVariable")
        #expect(error("MATCH (n) WHERE count(n) > 1 RETURN n")?.detail == "InvalidAggregation")
        #expect(error("MATCH (n)")?.detail == "InvalidClauseComposition")
        #expect(error("CREATE (a)-[:T|U]->(b)")?.detail == "NoSingleRelationshipType")
        #expect(error("MATCH ()-[r]->() MATCH (r) RETURN r")?.detail == "VariableTypeConflict")
        #expect(error("WITH 1 + 1 RETURN 1")?.detail == "NoExpressionAlias")
    }

    @Test func aSetCancelFlagInterrupts() throws {
        var graph = Graph()
        let cancel = CancelFlag()
        cancel.set()
        #expect(throws: QueryError.self) {
            _ = try QueryEngine.execute("UNWIND range(1, 100000) AS x RETURN count(x)", on: &graph, cancel: cancel)
        }
    }
}
