import CadreGraph
@testable import CadreQuery
import Dispatch
import Foundation
import Testing

/// Mutation fuzzing of the whole front end and engine (issue 15): queries from `examples/` and
/// a corpus of every clause are cut, spliced, repeated and salted with tokens, then lexed,
/// parsed, planned and run on the article's graph, with Ctrl-C pressed for any that runs past a
/// second. Each must give rows or a `QueryError`; a crash or a hang fails the run.
@Suite struct FrontEndFuzzTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let corpus: [String] = {
        var queries = [
            "MATCH (p:Person)-[h:HELD]->(r:Role) WHERE h.from >= date('2015') RETURN p.name, r.name ORDER BY p.name LIMIT 3",
            "MATCH (a)-[*1..3]-(b) WHERE a.id = 'person:tran-quoc-trung' RETURN count(DISTINCT b)",
            "MATCH p = shortestPath((a:Person)-[*]-(b:Award)) RETURN length(p)",
            "OPTIONAL MATCH (x:Missing) RETURN x, [y IN range(1, 5) WHERE y % 2 = 0 | y * y] AS ys",
            "UNWIND [1, 2.5, 'a', null, [1, [2]], {k: date('2020-10')}] AS v RETURN v, toString(v) ORDER BY v",
            "WITH {a: 1, b: [1, 2]} AS m RETURN m.a + size(m.b), keys(m), m['b'][1..]",
            "MATCH (n) WITH labels(n) AS l, count(*) AS c WHERE c > 1 RETURN l, c ORDER BY c DESC SKIP 1 LIMIT 2",
            "CREATE (a:T {id: 't:1', x: 1})-[:R {w: 2}]->(b:T {id: 't:2'}) SET a.y = a.x + 1 REMOVE b:T RETURN a, b",
            "MERGE (t:Tag {id: 'tag:x'}) ON CREATE SET t.n = 1 ON MATCH SET t.n = t.n + 1 RETURN t.n",
            "MATCH (n:Person) WHERE n.name ~ 'tran' OR n.name =~ '(?i)lê.*' RETURN n.name, CASE WHEN n.born IS NULL THEN 0 ELSE n.born.year END",
            "MATCH (n) DETACH DELETE n RETURN count(*)",
            "RETURN reduce(s = 0, x IN [1, 2, 3] | s + x) AS s, all(x IN [1] WHERE x > 0), exists((:Person)-->())",
            "MATCH (a:Person) RETURN a.name, [(a)-[:HELD]->(r) | r.name] AS posts, coalesce(a.gender, '?') UNION ALL RETURN 1, [], ''",
            "RETURN substring('Trần Quốc Trung', 2, 4), split('a,b', ','), toInteger('12'), 2 ^ 62, -9223372036854775808, 1.5e308 * 10",
        ]
        let examples = root.appendingPathComponent("examples")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? [] where name.hasSuffix(".cypher") {
            let text = (try? String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8)) ?? ""
            queries += text.components(separatedBy: ";").map { $0.split(separator: "\n").filter { !$0.hasPrefix(":") && !$0.hasPrefix("//") }.joined(separator: "\n") }
                .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        }
        return queries
    }()

    static let salt = ["(", ")", "[", "]", "{", "}", "'", "\"", "`", "..", "*", "-", "->", "<-", ":", ",", "|", "$p", "NOT ", " AND ", " OR ",
                       "null", "9223372036854775807", "-1", "0.0", "1e309", "date('", "WITH * ", " RETURN *", "\\", "\u{0}", "đ", "\u{301}",
                       "CASE WHEN ", " END", "UNWIND range(1, 9223372036854775807) AS z ", "=~ '(a+)+$'", "[x IN ", "reduce(", "shortestPath("]

    static func mutate(_ text: String, _ random: inout SeededRandom, _ corpus: [String]) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<(1 + random.int(0..<2)) {
            let at = scalars.isEmpty ? 0 : random.int(0..<scalars.count + 1)
            switch random.int(0..<7) {
            case 0 where !scalars.isEmpty:
                scalars.removeSubrange(at..<min(scalars.count, at + 1 + random.int(0..<8)))
            case 1:
                scalars.insert(contentsOf: random.pick(salt).unicodeScalars, at: at)
            case 2 where !scalars.isEmpty:
                let start = random.int(0..<scalars.count), end = min(scalars.count, start + 1 + random.int(0..<20))
                scalars.insert(contentsOf: Array(scalars[start..<end]), at: at)
            case 3:
                let other = Array(random.pick(corpus).unicodeScalars)
                let start = other.isEmpty ? 0 : random.int(0..<other.count)
                scalars.insert(contentsOf: other[start..<min(other.count, start + 1 + random.int(0..<30))], at: at)
            case 4 where random.int(0..<3) == 0:
                scalars = Array(String(repeating: random.pick(["(", "[", "NOT ", "-", "{a:"]), count: random.int(1..<400)).unicodeScalars) + scalars
            case 5:
                scalars.insert(contentsOf: String(random.int(-5..<1000)).unicodeScalars, at: at)
            default:
                break
            }
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    @Test(arguments: 0..<4)
    func mutatedQueriesGiveRowsOrErrors(seed: Int) throws {
        let article = try GraphFileReader.read(path: Self.root.appendingPathComponent("graph/cantho-2020.cg").path, cache: false)
        var random = SeededRandom(state: UInt64(seed) &* 0x9E37_79B9 &+ 15)
        let cancel = CancelFlag()
        var answered = 0, refused = 0
        // CADRE_FUZZ_ROUNDS sets a longer campaign (run by hand; the suite does 600 per seed).
        let rounds = ProcessInfo.processInfo.environment["CADRE_FUZZ_ROUNDS"].flatMap(Int.init) ?? 600
        for _ in 0..<rounds {
            let query = Self.mutate(random.pick(Self.corpus), &random, Self.corpus)
            var graph = article
            cancel.clear()
            // Ctrl-C after a second, as a user would press it.
            let watchdog = DispatchWorkItem { cancel.set() }
            DispatchQueue.global().asyncAfter(deadline: .now() + 1, execute: watchdog)
            do {
                _ = try QueryEngine.execute(query, on: &graph, parameters: ["p": .int(1)], cancel: cancel)
                answered += 1
            } catch {
                #expect(error.range.start >= 0, "\(query)")
                refused += 1
            }
            watchdog.cancel()
        }
        // The mutations reach past the parser: some still run.
        #expect(answered > 30 && refused > 100, "\(answered) answered, \(refused) refused")
    }

    /// Inputs `make fuzz` found crashing (fuzz/crashes/query-*, graph-*, csv-*, regex-*): each kept, and
    /// each must now give a result or an error.
    @Test func crashesFuzzingFoundStayFixed() throws {
        let directory = Self.root.appendingPathComponent("fuzz/crashes")
        let article = try GraphFileReader.read(path: Self.root.appendingPathComponent("graph/cantho-2020.cg").path, cache: false)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where name != ".gitkeep" {
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
            if name.hasPrefix("graph-") {
                _ = try? GraphFileReader.read(SourceText(name: name, bytes: bytes))
            } else if name.hasPrefix("query-"), let text = String(validating: bytes, as: UTF8.self) {
                var graph = article
                _ = try? QueryEngine.execute(text, on: &graph)
            } else if name.hasPrefix("csv-") {
                let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-crash-\(getpid()).csv")
                try Data(bytes).write(to: scratch)
                defer { try? FileManager.default.removeItem(at: scratch) }
                _ = try? CSVImporter.read(nodes: [scratch.path], relationships: [])
                _ = try? CSVImporter.read(nodes: [], relationships: [scratch.path])
            } else if name.hasPrefix("regex-") {
                let cut = bytes.firstIndex(of: 10) ?? bytes.count
                if let pattern = String(validating: bytes[..<cut], as: UTF8.self),
                   let text = String(validating: bytes[min(cut + 1, bytes.count)...], as: UTF8.self) {
                    _ = try? RegularExpression(pattern).matchesWhole(text, budget: 100_000) {}
                }
            }
        }
    }
}
