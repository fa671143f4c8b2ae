import CadreGraph
@testable import CadreQuery
import Testing

/// The automaton behind `=~` (issue 15: a backtracking engine took minutes on `(a+)+$`).
@Suite struct RegularExpressionTests {
    func matches(_ pattern: String, _ text: String) throws -> Bool {
        try RegularExpression(pattern).matchesWhole(text) {}
    }

    @Test func catastrophicPatternsTakeLinearTime() throws {
        let start = ContinuousClock.now
        #expect(try !matches("(a+)+$", String(repeating: "a", count: 5000) + "!"))
        #expect(try !matches("(a|aa)*b", String(repeating: "a", count: 5000)))
        #expect(try matches("(a*)*", String(repeating: "a", count: 5000)))
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func ctrlCReachesTheMatch() {
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            _ = try RegularExpression("(a+)+b").matchesWhole(String(repeating: "a", count: 100_000)) { throw Stop() }
        }
    }

    @Test func javaSyntaxItUnderstands() throws {
        #expect(try matches("Tr.n Qu.c Trung", "Trần Quốc Trung"))
        #expect(try matches("\\d{2,4}-\\d+", "2015-06"))
        #expect(try !matches("\\d{2,4}", "20155"))
        #expect(try matches("[A-Za-z_][\\w]*", "snake_case9"))
        #expect(try matches("[^\\s]+", "no-space") && !matches("[^\\s]+", "a space"))
        #expect(try matches("(?i)TRẦN.*", "trần quốc trung"))
        #expect(try matches("a.c", "abc") && !matches("a.c", "a\nc"))
        #expect(try matches("(?:ab)+?", "ababab"))
        #expect(try matches("colou?r|gr[ae]y", "grey") && matches("colou?r|gr[ae]y", "color"))
        #expect(try matches("^a$", "a") && matches("", "") && !matches("", "x"))
        #expect(try matches("a\\.b\\*", "a.b*") && matches("x{", "x{") && matches("]", "]"))
    }

    @Test func whatNeedsBacktrackingIsLeftToSwift() throws {
        for pattern in ["(a)\\1", "(?=a)a", "\\bword\\b", "\\p{L}+", "a++", "(?<name>a)"] {
            #expect(throws: RegularExpression.Failure.self, "\(pattern)") { try RegularExpression(pattern) }
        }
        // Through `=~`, those still work (Swift's engine answers them).
        #expect(try rows("RETURN 'abab' =~ '(ab)\\\\1' AS a, 'ab' =~ '(?=a)ab' AS b") == [["true", "true"]])
    }

    @Test func invalidPatternsAreErrors() {
        for pattern in ["(", "[a", "*a", "a{3,1}", "[z-a]"] {
            #expect(error("RETURN 'a' =~ '\(pattern)' AS x")?.kind == .argument, "\(pattern)")
        }
    }

    /// Random patterns over a two-letter alphabet against random texts: the automaton agrees
    /// with Swift's backtracking engine (the oracle) on every pair.
    @Test func agreesWithABacktrackingEngine() throws {
        var random = SeededRandom(state: 15)
        func pattern(_ depth: Int) -> String {
            switch random.int(0..<(depth > 2 ? 3 : 9)) {
            case 0: return random.pick(["a", "b", "."])
            case 1: return random.pick(["[ab]", "[^a]", "\\w"])
            case 2: return ""
            case 3: return pattern(depth + 1) + pattern(depth + 1)
            case 4: return "(" + pattern(depth + 1) + "|" + pattern(depth + 1) + ")"
            case 5: return "(" + pattern(depth + 1) + ")" + random.pick(["*", "+", "?", "*?", "{2}", "{1,3}", "{0,}"])
            case 6: return random.pick(["a", "b"]) + random.pick(["*", "+", "?"])
            case 7: return "(?:" + pattern(depth + 1) + ")"
            default: return pattern(depth + 1) + random.pick(["a", "b"])
            }
        }
        var compared = 0
        for _ in 0..<400 {
            let text = pattern(0)
            guard let automaton = try? RegularExpression(text), let oracle = try? Regex(text) else { continue }
            for _ in 0..<10 {
                let subject = String((0..<random.int(0..<7)).map { _ in random.pick(["a", "b"]) as Character })
                let expected = (try? oracle.wholeMatch(in: subject)) != nil
                #expect(automaton.matchesWhole(subject) {} == expected, "\(text) on \(subject)")
                compared += 1
            }
        }
        #expect(compared > 2000)
    }
}
