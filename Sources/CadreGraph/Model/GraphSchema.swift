/// The property types a graph declares: `schema` statements at the top of its file (see
/// graph/README.md), such as
///
///     schema (:Person {born: DATE, aliases: LIST<STRING>})
///     schema ({id: STRING, basis: "explicit" | "inferred" | "external"})
///     schema ()-[:HELD {from: DATE, to: DATE}]->()
///
/// A declaration binds a key to a type on the nodes of one label, on every node, on the edges of
/// one type, or on every edge. A value must suit every declaration that applies to it; a key
/// nobody declared, or a graph that declares nothing, takes any value. So a key may hold dates on
/// one label and integers on another.
public struct GraphSchema: Sendable, Equatable {
    /// Where a declaration applies: nodes of a label (nil: every node), edges of a type (nil: every edge).
    public enum Scope: Sendable, Hashable {
        case nodes(label: String?)
        case edges(type: String?)
    }

    /// A declared type, after Cypher's property types (`STRING`, `INTEGER`, `FLOAT`,
    /// `BOOLEAN`, `DATE`, `LOCALTIME`, `TIME`, `LOCALDATETIME`, `DATETIME`, `DURATION`,
    /// `LIST<…>`, unions with `|`), plus a choice of strings (`"a" | "b"`).
    public indirect enum PropertyType: Sendable, Equatable {
        case string, integer, float, boolean, date
        case localTime, time, localDateTime, dateTime, duration
        case list(PropertyType)
        /// One of these strings exactly.
        case choice([String])
        case union([PropertyType])

        public func matches(_ value: Value) -> Bool {
            switch (self, value) {
            case (.string, .string), (.integer, .int), (.float, .float), (.boolean, .bool), (.date, .date), (.duration, .duration): true
            case (.localTime, .temporal(let t)): t.kind == .localTime
            case (.time, .temporal(let t)): t.kind == .time
            case (.localDateTime, .temporal(let t)): t.kind == .localDateTime
            case (.dateTime, .temporal(let t)): t.kind == .dateTime
            case (.list(let item), .list(let items)): items.allSatisfy(item.matches)
            case (.choice(let choices), .string(let text)): choices.contains(text)
            case (.union(let members), _): members.contains { $0.matches(value) }
            default: false
            }
        }

        /// As written in a `schema` statement.
        public var literal: String {
            switch self {
            case .string: "STRING"
            case .integer: "INTEGER"
            case .float: "FLOAT"
            case .boolean: "BOOLEAN"
            case .date: "DATE"
            case .localTime: "LOCALTIME"
            case .time: "TIME"
            case .localDateTime: "LOCALDATETIME"
            case .dateTime: "DATETIME"
            case .duration: "DURATION"
            case .list(let item): "LIST<\(item.literal)>"
            case .choice(let choices): choices.map { Value.string($0).literal }.joined(separator: " | ")
            case .union(let members): members.map(\.literal).joined(separator: " | ")
            }
        }

        /// For messages: "a date, such as date("2020-10-14")".
        public var description: String {
            switch self {
            case .string: "a string"
            case .integer: "an integer"
            case .float: "a float"
            case .boolean: "a boolean"
            case .date: "a date, such as date(\"2020-10-14\")"
            case .localTime: "a local time, such as localtime(\"08:00\")"
            case .time: "a time, such as time(\"08:00+07:00\")"
            case .localDateTime: "a local date-time, such as localdatetime(\"2020-10-14T08:00\")"
            case .dateTime: "a date-time, such as datetime(\"2020-10-14T08:00+07:00\")"
            case .duration: "a duration, such as duration(\"P1Y2M\")"
            case .list(let item): "a list of \(item.plural)"
            case .choice(let choices): "one of " + choices.map { "\"\($0)\"" }.joined(separator: ", ")
            case .union(let members): members.map(\.description).joined(separator: " or ")
            }
        }

        private var plural: String {
            switch self {
            case .string: "strings"
            case .integer: "integers"
            case .float: "floats"
            case .boolean: "booleans"
            case .date: "dates"
            default: "values that are \(description)"
            }
        }
    }

    public struct Declaration: Sendable, Equatable {
        public var scope: Scope
        public var key: String
        public var type: PropertyType

        public init(_ scope: Scope, _ key: String, _ type: PropertyType) {
            self.scope = scope
            self.key = key
            self.type = type
        }

        /// "on :Person", "on every node", "on :HELD edges", "on every edge".
        public var place: String {
            switch scope {
            case .nodes(let label?): "on :\(Value.keyLiteral(label))"
            case .nodes(nil): "on every node"
            case .edges(let type?): "on :\(Value.keyLiteral(type)) edges"
            case .edges(nil): "on every edge"
            }
        }
    }

    public private(set) var declarations: [Declaration] = []
    /// Per key, the indexes of its declarations.
    private var byKey: [String: [Int]] = [:]

    public init(_ declarations: [Declaration] = []) {
        for declaration in declarations { declare(declaration) }
    }

    public var isEmpty: Bool { declarations.isEmpty }

    /// Adds a declaration; a key declared twice for one scope keeps the last type.
    public mutating func declare(_ declaration: Declaration) {
        if let index = byKey[declaration.key]?.first(where: { declarations[$0].scope == declaration.scope }) {
            declarations[index] = declaration
            return
        }
        byKey[declaration.key, default: []].append(declarations.count)
        declarations.append(declaration)
    }

    /// The declarations of `key`, whatever their scope.
    public func declarations(of key: String) -> [Declaration] {
        byKey[key]?.map { declarations[$0] } ?? []
    }

    /// The first declaration a node's `value` for `key` breaks, if any.
    public func violation(nodeLabels labels: some Sequence<String>, key: String, value: Value) -> Declaration? {
        guard let indexes = byKey[key] else { return nil }
        let labels = Array(labels)
        for index in indexes {
            let declaration = declarations[index]
            guard case .nodes(let label) = declaration.scope, label.map(labels.contains) ?? true else { continue }
            if !declaration.type.matches(value) { return declaration }
        }
        return nil
    }

    /// The first declaration an edge's `value` for `key` breaks, if any.
    public func violation(edgeType type: String, key: String, value: Value) -> Declaration? {
        guard let indexes = byKey[key] else { return nil }
        for index in indexes {
            let declaration = declarations[index]
            guard case .edges(let declared) = declaration.scope, declared.map({ $0 == type }) ?? true else { continue }
            if !declaration.type.matches(value) { return declaration }
        }
        return nil
    }

    /// The `schema` statements that declare this schema, in canonical order: every node, node
    /// labels by name, every edge, edge types by name; keys by name within each. A statement
    /// longer than `lineLimit` scalars takes a line per key.
    public func statements(lineLimit: Int = 120) -> [String] {
        var byScope: [Scope: [Declaration]] = [:]
        for declaration in declarations { byScope[declaration.scope, default: []].append(declaration) }
        func rank(_ scope: Scope) -> (Int, String) {
            switch scope {
            case .nodes(nil): (0, "")
            case .nodes(let label?): (1, label)
            case .edges(nil): (2, "")
            case .edges(let type?): (3, type)
            }
        }
        return byScope.keys.sorted { rank($0) < rank($1) }.map { scope in
            let entries = byScope[scope]!.sorted { $0.key < $1.key }.map { Value.keyLiteral($0.key) + ": " + $0.type.literal }
            let (open, close): (String, String) = switch scope {
            case .nodes(let label): ("schema (" + (label.map { ":" + Value.keyLiteral($0) + " " } ?? ""), ")")
            case .edges(let type): ("schema ()-[" + (type.map { ":" + Value.keyLiteral($0) + " " } ?? ""), "]->()")
            }
            let line = open + "{" + entries.joined(separator: ", ") + "}" + close
            if line.unicodeScalars.count <= lineLimit { return line }
            return open + "{\n" + entries.map { "  " + $0 }.joined(separator: ",\n") + "\n}" + close
        }
    }
}
