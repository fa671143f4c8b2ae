/// The types the graph file requires for the domain's well-known property keys (see
/// ../shared/domain.md and graph/README.md). Keys not listed here may hold any value.
public enum PropertySchema {
    /// What a key's value must be.
    public enum Expectation: Sendable, Equatable {
        case string
        case date
        case integer
        case number
        case stringList
        case stringOrStringList
        case oneOf([String])

        public var description: String {
            switch self {
            case .string: "a string"
            case .date: "a date, such as date(\"2020-10-14\")"
            case .integer: "an integer"
            case .number: "a number"
            case .stringList: "a list of strings"
            case .stringOrStringList: "a string or a list of strings"
            case .oneOf(let choices): "one of " + choices.map { "\"\($0)\"" }.joined(separator: ", ")
            }
        }
    }

    public static let expectations: [String: Expectation] = [
        "id": .string, "name": .string, "title": .string, "quote": .string, "url": .string,
        "symbol": .string,
        "basis": .oneOf(["explicit", "inferred", "external"]),
        "from": .date, "to": .date, "date": .date, "born": .date, "died": .date,
        "founded": .date, "dissolved": .date, "as_of": .date, "anchor_date": .date,
        "ordinal": .integer, "number": .integer, "delegates": .integer,
        "value": .number,
        "aliases": .stringList,
        "source": .stringOrStringList,
    ]

    /// Nil when `value` suits `key`, else what was expected.
    public static func violation(key: String, value: Value) -> Expectation? {
        guard let expected = expectations[key] else { return nil }
        return matches(value, expected) ? nil : expected
    }

    static func matches(_ value: Value, _ expected: Expectation) -> Bool {
        switch (expected, value) {
        case (.string, .string), (.date, .date), (.integer, .int), (.number, .int), (.number, .float):
            return true
        case (.stringList, .list(let items)), (.stringOrStringList, .list(let items)):
            return items.allSatisfy { $0.stringValue != nil }
        case (.stringOrStringList, .string):
            return true
        case (.oneOf(let choices), .string(let text)):
            return choices.contains(text)
        default:
            return false
        }
    }
}
