import CadreGraph
@testable import CadreQuery
import Testing

/// Inputs that once crashed or hung cadre (issue 15): each now gives rows or a located error.
/// A crash here kills the test run, so a pass means none of them crashes.
@Suite struct HostileInputTests {
    static let depth = Parser.maximumDepth

    @Test(arguments: [
        ("parentheses", "RETURN " + String(repeating: "(", count: 3500) + "1" + String(repeating: ")", count: 3500)),
        ("lists", "RETURN " + String(repeating: "[", count: 5000) + "1" + String(repeating: "]", count: 5000)),
        ("maps", "RETURN " + String(repeating: "{a:", count: 5000) + "1" + String(repeating: "}", count: 5000)),
        ("CASE", "RETURN " + String(repeating: "CASE WHEN true THEN ", count: 3000) + "1" + String(repeating: " END", count: 3000)),
        ("NOT", "RETURN " + String(repeating: "NOT ", count: 100_000) + "true"),
        ("minus", "RETURN " + String(repeating: "- ", count: 100_000) + "1"),
        ("properties", "RETURN {a: 1}" + String(repeating: ".a", count: 100_000)),
        ("additions", "RETURN " + Array(repeating: "1", count: 9000).joined(separator: " + ")),
    ])
    func deepNestingIsALocatedError(name: String, query: String) throws {
        let failure = try #require(error(query), "\(name)")
        #expect(failure.kind == .syntax)
        #expect(failure.message.contains("nested more than \(Self.depth) levels"))
        #expect(failure.range.start >= 7 && failure.range.start < query.utf8.count)
    }

    /// Temporal values at the edges of 64-bit integers and of the calendar: an error, never a trap.
    @Test(arguments: [
        "date({year: -9223372036854775808})", "localdatetime({year: 9223372036854775807})", "date({year: 2015, week: 9999999999})",
        "date('2015-01-01') + duration({months: 9223372036854775807})", "date('2015-01-01') - duration({days: 9223372036854775807})",
        "localdatetime('2015-01-01T00:00') + duration({days: 9223372036854775807})",
        "datetime('2015-01-01T00:00+01:00') + duration({seconds: 9223372036854775807})",
        "datetime('2015-01-01T00:00[Europe/Stockholm]') + duration({months: -9223372036854775808})",
        "duration({days: 9223372036854775807}) * 9223372036854775807", "duration({seconds: 9223372036854775807}) * 2.5",
        "-duration({months: -9223372036854775808})", "duration({seconds: -9223372036854775808}) - duration({seconds: 1})",
        "duration({seconds: 1}) - duration({seconds: -9223372036854775808})",
        "datetime.fromepoch(9223372036854775807, 9223372036854775807)", "datetime.fromepochmillis(-9223372036854775808)",
        "datetime({epochSeconds: 9223372036854775807})", "datetime({epochSeconds: -9223372036854775808, nanosecond: 999999999})",
        "duration('P99999999999999999Y') + duration('P99999999999999999Y')", "duration({years: 1e300})", "duration({days: 5}) / 0",
        "localtime('12:00') + duration({seconds: -9223372036854775808})", "date.truncate('millennium', date({year: 0}))",
        "duration.inSeconds(localdatetime('-999999999-01-01T00:00'), localdatetime('+999999999-12-31T23:59'))",
        "duration.between(localdatetime('-999999999-01-01T00:00'), localdatetime('+999999999-12-31T23:59'))",
    ])
    func temporalEdgesAreErrorsNotTraps(expression: String) {
        do {
            _ = try rows("RETURN \(expression) AS x")
        } catch let failure as QueryError {
            #expect(failure.range.start >= 7)
        } catch {
            Issue.record("\(expression): \(error)")
        }
    }

    @Test func nestingUpToTheLimitStillRuns() throws {
        let nested = String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)
        #expect(try rows("RETURN \(nested) AS x") == [["1"]])
        #expect(try rows("RETURN " + Array(repeating: "1", count: 150).joined(separator: " + ") + " AS x") == [["150"]])
    }

    @Test func aFlatChainOfLogicRunsWhateverItsLength() throws {
        // Balanced, not one level per term: 100,000 terms parse and run.
        let terms = Array(repeating: "true", count: 100_000).joined(separator: " AND ")
        #expect(try rows("RETURN \(terms) AS x") == [["true"]])
        let mixed = (0..<20_000).map { "x = \($0)" }.joined(separator: " OR ")
        #expect(try rows("UNWIND [5, 19999, 20000] AS x WITH x WHERE \(mixed) RETURN collect(x) AS found") == [["[5, 19999]"]])
        // Evaluation order and three-valued logic are those of the left-to-right chain.
        #expect(try rows("RETURN false AND null AND true AS a, null OR true OR false AS b, true XOR true XOR true AS c")
                == [["false", "true", "true"]])
    }

    @Test func reduceCannotNestValuesWithoutEnd() throws {
        let failure = try #require(error("RETURN size(reduce(a = [], x IN range(1, 100000) | [a])) AS s"))
        #expect(failure.message.contains("nested more than \(Value.maximumNesting) levels"))
        #expect(try rows("RETURN size(reduce(a = [], x IN range(1, 50) | [a])) AS s") == [["1"]])
    }

    @Test func conversionsAtTheEdgesOfInt64() throws {
        #expect(try rows("RETURN toInteger(2.0^63) AS a, toInteger(-2.0^63) AS b, toInteger(1e300) AS c") == [["null", "-9223372036854775808", "null"]])
        #expect(try rows("RETURN toInteger('9223372036854775808') AS a, toInteger('-9223372036854775809') AS b, toInteger('9223372036854775807') AS c")
                == [["null", "null", "9223372036854775807"]])
        #expect(try rows("RETURN 9223372036854775807 = 9223372036854775807.0 AS a, 9223372036854775807 < 9223372036854775807.0 AS b, toFloat(9223372036854775807) > 9223372036854775807 AS c")
                == [["false", "true", "true"]])
        #expect(try rows("RETURN 3 = 3.0 AS a, 2 < 2.5 AS b, -3 < -2.5 AS c, 3 > 2.5 AS d") == [["true", "true", "true", "true"]])
        #expect(try rows("RETURN substring('abcdef', 1, 9223372036854775807) AS a, substring('abc', 9223372036854775807) AS b") == [["\"bcdef\"", "\"\""]])
        #expect(try rows("UNWIND [1, 2] AS x RETURN x SKIP 9223372036854775807 LIMIT 10").isEmpty)
    }

    @Test func rangeIsBoundedAndUnwindStreams() throws {
        let failure = try #require(error("RETURN range(1, 1000000000) AS r"))
        #expect(failure.message.contains("UNWIND range"))
        #expect(try rows("UNWIND range(1, 3000000) AS x RETURN count(x) AS n, sum(x) AS s") == [["3000000", "4500001500000"]])
        #expect(try rows("UNWIND range(10, 1, -3) AS x RETURN collect(x) AS xs") == [["[10, 7, 4, 1]"]])
        #expect(error("UNWIND range(1, 5, 0) AS x RETURN x")?.kind == .argument)
        #expect(error("UNWIND range(1, 'a') AS x RETURN x")?.kind == .type)
    }

    @Test func emptyNamesAreNotWritten() {
        // A graph file cannot hold them: what a save writes, a load must accept.
        #expect(error("CREATE (:`` {id: 'x:1'})")?.message.contains("label cannot be empty") == true)
        #expect(error("CREATE (:T {id: 'x:1', ``: 1})")?.message.contains("property key cannot be empty") == true)
        #expect(error("CREATE (:T {id: 'x:1'})-[:``]->(:T {id: 'x:2'})")?.message.contains("relationship type cannot be empty") == true)
        #expect(error("CREATE (n:T {id: 'x:1'}) SET n += {``: 2}")?.message.contains("property key cannot be empty") == true)
        #expect(error("CREATE (n:T {id: 'x:1'}) SET n:``")?.message.contains("label cannot be empty") == true)
    }

    @Test func variableLengthWalksDeeperThanTheStack() throws {
        // A chain of 3,000 edges: trails as long as the graph, walked without recursion (the
        // recursive walk overflowed a test thread's stack long before; every trail's end
        // carries its edges, so longer chains cost quadratic time, not stack).
        var graph = Graph()
        var previous = graph.addNode(labels: ["N"], properties: [("i", .int(0))])
        for index in 1...3_000 {
            let next = graph.addNode(labels: ["N"], properties: [("i", .int(Int64(index)))])
            graph.addEdge(from: previous, to: next, type: "NEXT")
            previous = next
        }
        #expect(try rows("MATCH p = (a:N {i: 0})-[*]->(b) RETURN count(p) AS n, max(length(p)) AS longest", on: &graph)
                == [["3000", "3000"]])
        for options in [QueryOptions.rowByRow, QueryOptions()] {
            var copy = graph
            let result = try QueryEngine.execute("MATCH (a:N {i: 0})-[*]->(b) RETURN count(b) AS n", on: &copy, options: options)
            #expect(result.last!.rows == [[.int(3_000)]])
        }
    }
}
