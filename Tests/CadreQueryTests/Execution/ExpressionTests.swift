import CadreGraph
import Testing
@testable import CadreQuery

struct ExpressionTests {
    @Test(arguments: [
        // three-valued logic
        ("true AND null", "null"), ("false AND null", "false"), ("true OR null", "true"), ("false OR null", "null"),
        ("NOT null", "null"), ("true XOR null", "null"), ("null = null", "null"), ("null <> 1", "null"),
        ("null IS NULL", "true"), ("1 IS NOT NULL", "true"),
        // comparison across types
        ("1 = 1.0", "true"), ("1 < 'a'", "null"), ("[1, 2] = [1, 2]", "true"), ("[1, null] = [1, 2]", "null"),
        ("[1, null] = [2, 2]", "false"), ("'a' < 'b'", "true"), ("0.0 / 0.0 = 0.0 / 0.0", "false"),
        ("1 < 2 < 3", "true"), ("3 > 2 > 2", "false"),
        // membership
        ("2 IN [1, 2]", "true"), ("3 IN [1, null]", "null"), ("null IN []", "false"),
        // arithmetic
        ("7 / 2", "3"), ("7 / 2.0", "3.5"), ("-7 % 3", "-1"), ("2 ^ 3", "8.0"), ("'a' + 1", "\"a1\""),
        ("[1] + [2]", "[1, 2]"), ("[1] + 2", "[1, 2]"), ("1 + null", "null"),
        // strings
        ("'Trần' STARTS WITH 'Tr'", "true"), ("'Trần' CONTAINS 'ầ'", "true"), ("'Trần' ENDS WITH null", "null"),
        ("'Trần Quốc Trung' ~ 'tran quoc'", "true"), ("'Đảng bộ' ~ 'DANG'", "true"), ("'abc' =~ 'a.c'", "true"),
        ("fold('Lê Tấn Thủ')", "\"le tan thu\""),
        // lists
        ("[1, 2, 3][-1]", "3"), ("[1, 2, 3][1..]", "[2, 3]"), ("[1, 2, 3][5]", "null"),
        ("[x IN range(1, 5) WHERE x % 2 = 1 | x * 10]", "[10, 30, 50]"),
        ("all(x IN [1, 2] WHERE x > 0)", "true"), ("any(x IN [1, null] WHERE x > 1)", "null"),
        ("single(x IN [1, 2] WHERE x > 1)", "true"), ("reduce(s = 0, x IN [1, 2, 3] | s + x)", "6"),
        ("size([1, 2])", "2"), ("head([])", "null"), ("reverse('abc')", "\"cba\""),
        // maps and CASE
        ("{b: 1, a: 2}.a", "2"), ("CASE 2 WHEN 1 THEN 'a' WHEN 2 THEN 'b' END", "\"b\""),
        ("CASE WHEN false THEN 1 ELSE 2 END", "2"),
        // conversions
        ("toInteger('42')", "42"), ("toInteger(3.9)", "3"), ("toFloat('x')", "null"), ("toBoolean('TRUE')", "true"),
        ("toString(1.0)", "\"1.0\""), ("coalesce(null, 2)", "2"),
        // functions
        ("substring('Trần Quốc', 5)", "\"Quốc\""), ("split('a,b', ',')", "[\"a\", \"b\"]"), ("abs(-3)", "3"),
        ("round(2.5)", "3.0"), ("sign(-2.5)", "-1"), ("sqrt(16)", "4.0"), ("date('2020-10') < date('2020-10-14')", "true"),
        ("date('2020').year", "2020"),
        // string functions on bytes and scalars, not Foundation: ends, empty parts, accents
        ("toInteger(' \\t 42 ')", "42"), ("toInteger('\\u00a042\\u2003')", "42"), ("toFloat(' 2.5')", "2.5"),
        ("toBoolean(' false\\t')", "false"), ("trim(' \\u00a0a b ')", "\"a b\""), ("trim('   ')", "\"\""),
        ("trim('đ')", "\"đ\""), ("split(',a,,b,', ',')", "[\"\", \"a\", \"\", \"b\", \"\"]"),
        ("split('Trần Quốc Trung', 'ốc ')", "[\"Trần Qu\", \"Trung\"]"), ("split('aaa', 'aa')", "[\"\", \"a\"]"),
        ("replace('Quốc Quốc', 'ốc', 'oc')", "\"Quoc Quoc\""), ("replace('abc', 'x', 'y')", "\"abc\""),
        ("replace('aaaa', 'aa', 'b')", "\"bb\""), ("replace('aaa', 'aa', 'b')", "\"ba\""), ("replace('xay', 'x', '')", "\"ay\""),
        ("replace('đx', 'x', 'đường')", "\"đđường\""), ("replace('', 'x', 'y')", "\"\""), ("replace('ab', 'abc', 'y')", "\"ab\""),
        ("replace('ab', 'ab', '')", "\"\""), ("split('', ',')", "[\"\"]"), ("split('ab', 'abc')", "[\"ab\"]"),
        ("split('ab', 'ab')", "[\"\", \"\"]"),
        ("substring('Trần Quốc', 2, 3)", "\"ần \""), ("substring('abc', 1, 100)", "\"bc\""), ("substring('abc', 9)", "\"\""),
        ("substring('abc', 0, 0)", "\"\""),
    ])
    func evaluates(expression: String, expected: String) throws {
        #expect(try rows("RETURN \(expression) AS v") == [[expected]], "\(expression)")
    }

    @Test(arguments: [
        ("RETURN 9223372036854775807 + 1", "integer overflow"),
        ("RETURN 1 / 0", "division by zero"),
        ("UNWIND ['a'] AS x RETURN x * 2", "cannot apply"),
        ("WITH [1] AS l RETURN l.x", "has no property"),
        ("RETURN NOT 'text'", "expected a boolean"),
        ("RETURN nope(1)", "unknown function"),
        ("RETURN size(1, 2)", "takes 1 argument"),
        ("WITH 1 AS n RETURN n.nope", "an integer has no property"),
        ("WITH 'x' AS n RETURN n.nope", "a string has no property"),
        ("UNWIND [1, 'a'] AS x RETURN x.nope", "cannot read property `nope` of an integer"),
        ("RETURN toBoolean(1.5)", "cannot convert a float"),
    ])
    func raisesErrors(query: String, message: String) {
        guard let found = error(query) else { Issue.record("expected an error for \(query)"); return }
        #expect(found.message.contains(message), "\(found.message)")
    }

    @Test(arguments: [
        // integers alone, floats alone, a mix (through the general order), NaN among floats
        ("[5, 1, 4, 2, 3]", "3", "2.0"), ("[2.5, -1.0, 0.5, 10.0]", "0.5", "0.125"),
        ("[3, 1.5, 2, -4]", "1.5", "0.125"), ("[1.0, 0.0 / 0.0, -1.0]", "1.0", "0.0"),
    ])
    func percentilesOrderTheirNumbers(list: String, median: String, quarter: String) throws {
        let result = try rows("UNWIND \(list) AS x RETURN percentileDisc(x, 0.5), percentileCont(x, 0.25)")
        #expect(result == [[median, quarter]])
    }

    @Test func parametersAreRead() throws {
        var graph = Graph()
        #expect(try rows("RETURN $x + 1 AS v", on: &graph, parameters: ["x": .int(41)]) == [["42"]])
        #expect(error("RETURN $missing")?.kind == .parameterMissing)
    }

    /// `size` of a string counts characters as Swift does (grapheme clusters), whether the
    /// string takes the scalar count's short way (ASCII, Vietnamese in NFC) or not: combining
    /// marks, CR LF, emoji sequences, Hangul jamo, controls, in random mixtures.
    @Test func sizeOfAStringCountsCharacters() throws {
        let pieces = ["a", "Z", " ", "~", "ầ", "Đ", "ơ", "ư", "ʰ", "\u{00A0}", "\u{1EF9}", "e\u{0301}", "\u{0301}", "\r", "\n",
                      "\r\n", "\t", "\u{7F}", "👍🏽", "👨\u{200D}👩", "🇻🇳", "\u{1100}\u{1161}", "\u{1F00}", "\u{0300}",
                      "\u{2FF}", "\u{300}", "\u{1DFF}", "\u{1E00}", "\u{1EFF}", "\u{1F00}"]
        var random = SeededRandom(state: 14)
        for length in 0..<400 {
            let text = (0..<(length % 9)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
            #expect(Functions.characterCount(text) == text.count, "\(Array(text.unicodeScalars))")
        }
        #expect(try rows("RETURN size('Trần Quốc Trung'), length('Đảng')") == [["15", "4"]])
    }
}
