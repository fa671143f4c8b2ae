import Testing
@testable import CadreGraph

struct ValueLiteralTests {
    @Test(arguments: [
        (Value.null, "null"),
        (.bool(true), "true"),
        (.int(-42), "-42"),
        (.float(1), "1.0"),
        (.float(0.5), "0.5"),
        (.float(1e20), "1e20"),
        (.float(1e-5), "1e-05"),
        (.float(.nan), "NaN"),
        (.float(-.infinity), "-Infinity"),
        (.string("Trần \"Quốc\"\\\n\t"), #""Trần \"Quốc\"\\\n\t""#),
        (.string("\u{01}"), #""\u0001""#),
        (.date(PartialDate(year: 2020, month: 10)!), #"date("2020-10")"#),
        (.list([.int(1), .string("a"), .null]), #"[1, "a", null]"#),
        (.map(ValueMap([("b", .int(2)), ("a", .int(1))])), "{a: 1, b: 2}"),
        (.map(ValueMap([("two words", .bool(false))])), "{`two words`: false}"),
    ])
    func printsCypherLiterals(value: Value, literal: String) {
        #expect(value.literal == literal)
    }

    @Test func keysNeedBackquotesUnlessPlainIdentifiers() {
        #expect(Value.keyLiteral("family_name") == "family_name")
        #expect(Value.keyLiteral("_x1") == "_x1")
        #expect(Value.keyLiteral("1x") == "`1x`")
        #expect(Value.keyLiteral("a-b") == "`a-b`")
        #expect(Value.keyLiteral("năm") == "`năm`")
        #expect(Value.keyLiteral("a`b") == "`a``b`")
    }

    @Test func integerAndFloatStayDistinct() {
        #expect(Value.int(1) != Value.float(1))
    }

    @Test func mapsKeepSortedUniqueKeys() {
        var map = ValueMap([("z", .int(1)), ("a", .int(2)), ("z", .int(3))])
        #expect(map.keys == ["a", "z"])
        #expect(map["z"] == .int(3))
        map["m"] = .bool(true)
        map["a"] = nil
        #expect(map.keys == ["m", "z"])
    }
}
