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

    @Test func backReferencesLookAroundAndAtomicGroups() throws {
        #expect(try matches("(ab)\\1", "abab") && !matches("(ab)\\1", "abba"))
        #expect(try matches("(?<y>\\d{4})-\\k<y>", "2015-2015") && !matches("(?<y>\\d{4})-\\k<y>", "2015-2016"))
        #expect(try matches("(?i)(ab)\\1", "abAB"))
        #expect(try matches("(?=.*Trung).*", "Trần Quốc Trung") && !matches("(?!.*Trung).*", "Trần Quốc Trung"))
        #expect(try matches(".*(?<=Quốc) Trung", "Trần Quốc Trung") && !matches(".*(?<!Quốc) Trung", "Trần Quốc Trung"))
        #expect(try !matches("(?>a*)a", "aaa") && matches("(?>a*)b", "aaab"))
        #expect(try !matches("a*+a", "aaa") && matches("a*+b", "aab"))
        // A reference inside its own group sees the last whole capture, as in Java.
        #expect(try matches("(a|b\\1)+", "aba") && !matches("(a|b\\1)+", "abb"))
        // A loop whose body can match nothing ends instead of spinning.
        #expect(try matches("(a*)*\\1", "aaa"))
    }

    @Test func classesAnchorsAndFlags() throws {
        #expect(try matches("\\bTrung\\b.*", "Trung Quốc") && !matches("\\bTrung\\b.*", "Trungx"))
        #expect(try matches("\\p{L}+ \\p{Lu}\\p{Ll}+", "Trần Quốc") && !matches("\\p{L}+", "ab1"))
        #expect(try matches("\\P{L}+", "123 !") && matches("\\p{Alpha}+", "abc") && !matches("\\p{Alpha}+", "ầ"))
        #expect(try matches("[\\p{L}\\d ]+", "Khóa 13") && matches("[a[0-9]]+", "a1a9"))
        #expect(try matches("\\x41\\u00e0\\x{1EA7}\\t\\0101", "Aàầ\tA"))
        #expect(try matches("\\Q(a+)\\E?", "(a+)") && matches("\\Q.*", ".*"))
        #expect(try matches("a(?i)B(?-i)c", "abc") && !matches("a(?i)B(?-i)c", "abC") && matches("(?i:A)a", "aa"))
        #expect(try matches("(?s)a.b", "a\nb") && !matches("a.b", "a\nb"))
        #expect(try matches("(?m)a$\\n^b", "a\nb") && matches("a$\\n", "a\n") && matches("\\Aa\\z", "a"))
    }

    @Test func costlyBacktrackingStops() throws {
        let start = ContinuousClock.now
        #expect(throws: RegularExpression.Failure.tooCostly) {
            try RegularExpression("(a|aa)+\\1b").matchesWhole(String(repeating: "a", count: 60), budget: 100_000) {}
        }
        #expect(ContinuousClock.now - start < .seconds(60))
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            _ = try RegularExpression("(a|aa)+\\1b").matchesWhole(String(repeating: "a", count: 60)) { throw Stop() }
        }
        #expect(error("RETURN '\(String(repeating: "a", count: 60))' =~ '(a|aa)+\\\\1b' AS x")?.message.contains("backtracks too much") == true)
        #expect(try rows("RETURN 'abab' =~ '(ab)\\\\1' AS a, 'ab' =~ '(?=a)ab' AS b") == [["true", "true"]])
    }

    @Test func invalidPatternsAreErrors() {
        for pattern in ["(", "[a", "*a", "a{3,1}", "[z-a]", "(a)\\\\2", "\\\\k<x>", "\\\\p{Nope}", "\\\\y", "a**", "(?x)a", "[a&&b]", "(?<1a>x)"] {
            #expect(error("RETURN 'a' =~ '\(pattern)' AS x")?.kind == .argument, "\(pattern)")
        }
    }

    /// Random patterns over a two-letter alphabet against random texts: the automaton agrees
    /// with Swift's backtracking engine (the oracle) on every pair.
    @Test func agreesWithABacktrackingEngine() throws {
        var random = SeededRandom(state: 15)
        func pattern(_ depth: Int) -> String {
            switch random.int(0..<(depth > 2 ? 3 : 12)) {
            case 0: return random.pick(["a", "b", "."])
            case 1: return random.pick(["[ab]", "[^a]", "\\w"])
            case 2: return ""
            case 3: return pattern(depth + 1) + pattern(depth + 1)
            case 4: return "(" + pattern(depth + 1) + "|" + pattern(depth + 1) + ")"
            case 5: return "(" + pattern(depth + 1) + ")" + random.pick(["*", "+", "?", "*?", "{2}", "{1,3}", "{0,}"])
            case 6: return random.pick(["a", "b"]) + random.pick(["*", "+", "?"])
            case 7: return "(?:" + pattern(depth + 1) + ")"
            case 8: return random.pick(["(?=", "(?!", "(?>"]) + pattern(depth + 1) + ")"
            // Possessive quantifiers written as Java reads them (Swift's engine reads `X*+` otherwise).
            case 9: return "(?>(" + pattern(depth + 1) + ")" + random.pick(["*", "+", "?"]) + ")"
            case 10: return random.pick(["^", "$"]) + pattern(depth + 1)
            default: return pattern(depth + 1) + random.pick(["a", "b"])
            }
        }
        var compared = 0
        for _ in 0..<800 {
            var text = pattern(0)
            if text.contains("("), random.int(0..<2) == 0 { text += random.pick(["\\1", "(?:\\1|b)", "\\1*"]) }
            guard let automaton = try? RegularExpression(text), let oracle = try? Regex(text) else { continue }
            for _ in 0..<10 {
                let subject = String((0..<random.int(0..<7)).map { _ in random.pick(["a", "b"]) as Character })
                let expected = (try? oracle.wholeMatch(in: subject)) != nil
                #expect(try automaton.matchesWhole(subject) {} == expected, "\(text) on \(subject): Swift says \(expected)")
                compared += 1
            }
        }
        #expect(compared > 4000)
    }
}
