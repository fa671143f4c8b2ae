import CadreGraph
import Testing
@testable import CadreQuery

/// WHERE's conjuncts tested as soon as their variables are bound (`PredicatePushdown`): where
/// the tests go in a pattern's steps, and that the answers (errors included) are those of the
/// statement run as written.
struct PredicatePushdownTests {
    /// The steps at whose start a test reading `names` runs, in the first MATCH of `query`.
    func steps(_ query: String, reading names: [String]) throws -> [Int] {
        let source = SourceText(name: "q", text: query)
        let statement = try Parser.parse(source)[0]
        guard case .match(_, let patterns, _) = statement.parts[0].clauses[0].kind else { return [] }
        var scope = Scope()
        let matcher = try PatternCompiler.compile(patterns, scope: &scope, source: source)
        let slots = Set(names.compactMap { scope.slot($0) })
        return PredicatePushdown.steps(testing: slots, in: matcher.plan, outer: [])
    }

    /// `type(r) = 'T'` and `type(r) IN [...]` narrow the MATCH's relationship and leave WHERE
    /// (`RelationshipTypes`); not for a variable-length relationship, one bound before, tests
    /// under OR, nor when no type would remain.
    @Test func typeTestsNarrowTheRelationshipAndLeaveWhere() throws {
        func narrowed(_ query: String, before: [String] = []) throws -> (types: [[String]], predicate: String?) {
            let source = SourceText(name: "q", text: query)
            let statement = try Parser.parse(source)[0]
            guard case .match(_, let patterns, let predicate) = statement.parts[0].clauses[0].kind else { return ([], nil) }
            var scope = Scope()
            for name in before { scope.declare(name) }
            let result = RelationshipTypes.narrowed(patterns, by: predicate, before: scope)
            return (result.patterns.flatMap { $0.relationships.map(\.types) },
                    result.predicate.map { String(query.utf8[query.utf8.index(query.utf8.startIndex, offsetBy: $0.range.start)..<query.utf8.index(query.utf8.startIndex, offsetBy: $0.range.end)])! })
        }
        var result = try narrowed("MATCH (a)-[e]->(b) WHERE type(e) = 'R' RETURN 1")
        #expect(result.types == [["R"]] && result.predicate == nil)
        result = try narrowed("MATCH (a)-[e:R|S|T]->(b) WHERE a.x = 1 AND type(e) IN ['T', 'R', 2] RETURN 1")
        #expect(result.types == [["R", "T"]] && result.predicate == "a.x = 1")
        result = try narrowed("MATCH (a)-[e]->(b)<-[f]-(c) WHERE 'S' = type(f) AND type(e) IN ['R'] AND b.y > 2 RETURN 1")
        #expect(result.types == [["R"], ["S"]] && result.predicate == "b.y > 2")
        // Kept as written:
        result = try narrowed("MATCH (a)-[e:R]->(b) WHERE type(e) = 'S' RETURN 1")
        #expect(result.types == [["R"]] && result.predicate == "type(e) = 'S'")
        result = try narrowed("MATCH (a)-[e*1..2]->(b) WHERE type(e) = 'S' RETURN 1")
        #expect(result.types == [[]] && result.predicate == "type(e) = 'S'")
        result = try narrowed("MATCH (a)-[e]->(b) WHERE type(e) = 'S' OR a.x = 1 RETURN 1")
        #expect(result.types == [[]])
        result = try narrowed("MATCH (a)-[e]->(b) WHERE type(e) IN ['S', $p] RETURN 1")
        #expect(result.types == [[]])
        // `type` of a node raises: its test stays.
        result = try narrowed("MATCH (a)-[f]->(b) WHERE type(a) = 'S' RETURN 1")
        #expect(result.types == [[]] && result.predicate == "type(a) = 'S'")
        result = try narrowed("MATCH (a)-[f]->(b) WHERE type(e) = 'S' RETURN 1", before: ["e"])
        #expect(result.types == [[]] && result.predicate == "type(e) = 'S'")
    }

    @Test func aTestRunsRightAfterTheStepThatBindsItsLastVariable() throws {
        // Steps: start at a, expand to b, expand to c.
        let query = "MATCH (a)-[:R*1..3]->(b)-[:S]->(c) RETURN 1"
        #expect(try steps(query, reading: ["a"]) == [1])
        #expect(try steps(query, reading: ["a", "b"]) == [2])
        // Bound only by the last step: WHERE itself tests it.
        #expect(try steps(query, reading: ["c"]) == [])
        // Nothing from the pattern: before the first step.
        #expect(try steps(query, reading: []) == [0])
    }

    @Test func everyAlternativeStartTestsWhatItHasBound() throws {
        // Two labelled ends: the match starts at either (a `choose` between two runs of steps).
        let query = "MATCH (a:A)-[:R]->(b:B) RETURN 1"
        let placed = try steps(query, reading: ["a"])
        let both = try steps(query, reading: ["a", "b"])
        #expect(placed.count == 2, "a test of `a` in each alternative: \(placed)")
        #expect(both.count == 2, "a test of `a` and `b` after each alternative: \(both)")
    }

    static func graph() -> Graph {
        var graph = Graph()
        let a = graph.addNode(labels: ["A"], properties: [("id", .string("a")), ("x", .string("text")), ("y", .int(1))])
        let b = graph.addNode(labels: ["A"], properties: [("id", .string("b")), ("x", .int(3)), ("y", .int(2))])
        let c = graph.addNode(labels: ["A"], properties: [("id", .string("c")), ("x", .date(PartialDate(year: 2001)!)), ("y", .int(3))])
        let d = graph.addNode(labels: ["B"], properties: [("id", .string("d")), ("y", .int(2))])
        graph.addEdge(from: a, to: d, type: "R", properties: [])
        graph.addEdge(from: c, to: d, type: "R", properties: [])
        graph.addEdge(from: d, to: c, type: "R", properties: [])
        _ = b
        return graph
    }

    /// The outcome of `query` under `options`: its rows, sorted, or its error's kind.
    func outcome(_ query: String, _ options: QueryOptions) -> String {
        var graph = Self.graph()
        do {
            let rows = try QueryEngine.execute(query, on: &graph, options: options)[0].rows
            return rows.map { $0.map(\.literal).joined(separator: ",") }.sorted().joined(separator: ";")
        } catch {
            return "error \(error.kind)"
        }
    }

    /// Rewritten (in batches and row by row) as written.
    func expectAsWritten(_ query: String, _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let written = outcome(query, .rowByRow)
        #expect(written == expected, "as written: \(query)", sourceLocation: sourceLocation)
        #expect(outcome(query, QueryOptions(vectorized: false, rewrites: true)) == written, "row by row: \(query)",
                sourceLocation: sourceLocation)
        #expect(outcome(query, QueryOptions(vectorized: true, workers: 1)) == written, "batches: \(query)",
                sourceLocation: sourceLocation)
    }

    @Test func anErrorOnAMatchIsRaisedThoughALaterConjunctIsFalseThere() {
        // `a.x.year` raises on a's string, and a has a match; `m.y = 9` is false on every match.
        // Row by row, the first conjunct raises before the second is read: a test of the second
        // on its own, early, would drop the match and hide the error.
        expectAsWritten("MATCH (n:A)-[:R*1..2]->(m) WHERE n.x.year = 2001 AND m.y = 9 RETURN n.id", "error type")
        expectAsWritten("MATCH (n:A)-[:R]->(m) WHERE n.x.year = 2001 AND m.y = 9 RETURN n.id", "error type")
        // `m` is bound before the last step: a test of `m.y = 9` there would drop a → d → c.
        expectAsWritten("MATCH (n:A)-[:R]->(m)-[:R]->(o) WHERE n.x.year = 2001 AND m.y = 9 RETURN n.id", "error type")
        expectAsWritten("MATCH (n:A)-[:R]->(m)-[:R*1..2]->(o) WHERE n.x.year = 2001 AND m.y = 9 RETURN n.id", "error type")
    }

    @Test func anErrorOnAPartialMatchThatNeverCompletesIsNotRaised() {
        // b's `x` is an integer (`.year` raises) but b has no R edge: no match reaches WHERE.
        expectAsWritten("MATCH (n:A)-[:R*1..2]->(m) WHERE n.y > 1 AND n.x.year = 2001 RETURN n.id, m.id",
                        #""c","c";"c","d""#)
    }

    @Test func aFalseConjunctBeforeOneThatRaisesDecides() {
        // `n.y = 3` is false for a, so its `x.year` is never read: only c's matches remain.
        expectAsWritten("MATCH (n:A)-[:R*1..2]->(m) WHERE n.y = 3 AND n.x.year = 2001 RETURN n.id, m.id", #""c","c";"c","d""#)
        expectAsWritten("MATCH (n)-[:R]->(m) WHERE n.y = 3 AND n.x.year = 2001 AND m.y = 2 RETURN n.id, m.id", #""c","d""#)
    }

    @Test func twoPartsOfAMatchRunAsTwoClausesOnlyWhereNothingTellsThemApart() {
        // Split: the second part once per row of the first.
        expectAsWritten("MATCH (n:A {id: 'c'}), (m:A) WHERE m.y > n.y - 2 RETURN m.id", #""b";"c""#)
        // An OPTIONAL MATCH stays whole: one part missing leaves the row with nulls for both.
        expectAsWritten("MATCH (n:B) OPTIONAL MATCH (x:A {id: 'a'}), (y:Missing) RETURN n.id, x.id, y", #""d",null,null"#)
        // A WHERE that may raise stays whole: no m is 9, so row by row `n.x.year` (which raises on
        // a's string) is never read; tested with the first part alone, it would be.
        expectAsWritten("MATCH (n:A), (m:B) WHERE m.y = 9 AND n.x.year = 2001 RETURN n.id", "")
    }

    /// A plain WITH merged into the projection after it gives the rows (and errors) as written;
    /// the guards keep it where the two could differ.
    @Test func aPlainWithMergesIntoTheProjectionAfterIt() throws {
        expectAsWritten("MATCH (n) WITH head(labels(n)) AS l RETURN l, count(*) AS k", #""A",3;"B",1"#)
        expectAsWritten("MATCH (n) WITH n AS m, n.y AS y RETURN y, count(m) AS k ORDER BY y", "1,1;2,2;3,1")
        expectAsWritten("MATCH (n:A) WITH n.y + 1 AS z, n AS m WITH z, m.id AS id WHERE z > 2 RETURN id", #""b";"c""#)
        expectAsWritten("MATCH (n:A) WITH n.y AS y RETURN y AS k ORDER BY k LIMIT 2", "1;2")
        // The expression raises (a's string has no year): raised either way.
        expectAsWritten("MATCH (n:A) WITH n.x.year AS y RETURN y, count(*)", "error type")
        // Not used after the WITH: still evaluated, so still raised.
        expectAsWritten("MATCH (n:A) WITH n.x.year AS y, n AS m RETURN m.id", "error type")
        expectAsWritten("MATCH (n:A) WITH n.y AS y RETURN y, y + 1 AS z", "1,2;2,3;3,4")
        expectAsWritten("MATCH (n:A) WITH n.y AS y RETURN [y IN [y] | y * 2] AS l", "[2];[4];[6]")

        func merges(_ query: String) throws -> Bool {
            let statement = try Parser.parse(SourceText(name: "t", text: query))[0]
            return ProjectionMerge.merge(statement.parts[0]).clauses.count < statement.parts[0].clauses.count
        }
        #expect(try merges("MATCH (n) WITH head(labels(n)) AS l RETURN l, count(*)"))
        #expect(try merges("MATCH (n) WITH n AS m RETURN m.y, count(*)"))
        // Used twice, inside an aggregate, beside a comprehension, or after DISTINCT/WHERE/LIMIT: kept.
        #expect(try !merges("MATCH (n) WITH n.y AS y RETURN y, y + 1"))
        #expect(try !merges("MATCH (n) WITH n.y AS y RETURN count(DISTINCT y)"))
        #expect(try !merges("MATCH (n) WITH n.y AS y RETURN y, [x IN [1] | x]"))
        #expect(try !merges("MATCH (n) WITH DISTINCT n.y AS y RETURN y"))
        #expect(try !merges("MATCH (n) WITH n.y AS y WHERE y > 1 RETURN y"))
        #expect(try !merges("MATCH (n) WITH n.y AS y LIMIT 1 RETURN y"))
        #expect(try !merges("MATCH (n) WITH n.y AS y, count(*) AS k RETURN y, k"))
        #expect(try !merges("MATCH (n) WITH n.y AS y, n AS m RETURN m"))
    }

    @Test func randomIsNotTestedTwice() {
        // rand() < 2 is always true: tested early and again, it would still be; the point is that
        // it is not pushed (a second draw could differ). The answer is every match.
        expectAsWritten("MATCH (n:A)-[:R]->(m) WHERE rand() < 2 AND n.y > 0 RETURN count(*)", "2")
        #expect(PredicatePushdown.isRepeatable(Expression(.call(name: "rand", distinct: false, arguments: []), .at(0))) == false)
    }
}
