import CadreGraph

/// A value as the TCK writes it in result tables: Cypher literals plus nodes `(:L {k: v})`,
/// relationships `[:T {k: v}]` and paths `<(:A)-[:T]->(:B)>`.
public indirect enum ExpectedValue: Equatable, Sendable {
    case null, bool(Bool), int(Int64), float(Double), string(String)
    case list([ExpectedValue]), map([String: ExpectedValue])
    case node(labels: Set<String>, properties: [String: ExpectedValue])
    case relationship(type: String, properties: [String: ExpectedValue])
    /// Nodes, and between them relationships with whether each points forward.
    case path(nodes: [ExpectedValue], relationships: [(ExpectedValue, Bool)])

    public static func == (lhs: ExpectedValue, rhs: ExpectedValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)): return a == b
        case (.map(let a), .map(let b)): return a == b
        case (.node(let l1, let p1), .node(let l2, let p2)): return l1 == l2 && p1 == p2
        case (.relationship(let t1, let p1), .relationship(let t2, let p2)): return t1 == t2 && p1 == p2
        case (.path(let n1, let r1), .path(let n2, let r2)):
            return n1 == n2 && r1.count == r2.count && zip(r1, r2).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The value with every list sorted, for "ignoring element order for lists".
    var listsSorted: ExpectedValue {
        switch self {
        case .list(let items): return .list(items.map(\.listsSorted).sorted { "\($0)" < "\($1)" })
        case .map(let entries): return .map(entries.mapValues(\.listsSorted))
        default: return self
        }
    }

    /// As a parameter value for the engine (no nodes, relationships or paths).
    public var parameterValue: Value {
        switch self {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .float(let f): .float(f)
        case .string(let s): .string(s)
        case .list(let items): .list(items.map(\.parameterValue))
        case .map(let entries): .map(ValueMap(entries.map { ($0.key, $0.value.parameterValue) }))
        default: .null
        }
    }

    /// Converts an engine value to the TCK's form, reading nodes and relationships in `graph`.
    public static func from(_ value: Value, in graph: Graph) -> ExpectedValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let f): return .float(f)
        case .string(let s): return .string(s)
        case .date(let d): return .string(d.description)
        case .temporal(let t): return .string(t.description)
        case .duration(let d): return .string(d.description)
        case .list(let items): return .list(items.map { from($0, in: graph) })
        case .map(let map): return .map(Dictionary(uniqueKeysWithValues: map.entries.map { ($0.key, from($0.value, in: graph)) }))
        case .node(let node):
            guard graph.contains(node) else { return .node(labels: [], properties: [:]) }
            return .node(labels: Set(graph.labelNames(of: node)), properties: properties(graph.properties(of: node), graph))
        case .edge(let edge):
            guard graph.contains(edge) else { return .relationship(type: "", properties: [:]) }
            return .relationship(type: graph.typeName(of: edge), properties: properties(graph.properties(of: edge), graph))
        case .path(let path):
            var relationships: [(ExpectedValue, Bool)] = []
            for (index, edge) in path.edges.enumerated() {
                let forward = graph.contains(edge) && graph.source(of: edge) == path.nodes[index]
                relationships.append((from(.edge(edge), in: graph), forward))
            }
            return .path(nodes: path.nodes.map { from(.node($0), in: graph) }, relationships: relationships)
        }
    }

    private static func properties(_ pairs: [(key: Symbol, value: Value)], _ graph: Graph) -> [String: ExpectedValue] {
        Dictionary(uniqueKeysWithValues: pairs.map { (graph.keys.name($0.key), from($0.value, in: graph)) })
    }
}

/// Parses the TCK's value syntax.
public struct ExpectedValueParser {
    private var characters: [Character]
    private var index = 0

    public static func parse(_ text: String) throws -> ExpectedValue {
        var parser = ExpectedValueParser(characters: Array(text))
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == parser.characters.count else { throw ParseError(text: text) }
        return value
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var text: String
        public var description: String { "cannot read the expected value \(text)" }
    }

    private init(characters: [Character]) { self.characters = characters }

    private var peek: Character? { index < characters.count ? characters[index] : nil }

    private mutating func skipSpace() {
        while let c = peek, c.isWhitespace { index += 1 }
    }

    private mutating func expect(_ c: Character) throws {
        skipSpace()
        guard peek == c else { throw ParseError(text: String(characters)) }
        index += 1
    }

    private mutating func value() throws -> ExpectedValue {
        skipSpace()
        guard let c = peek else { throw ParseError(text: String(characters)) }
        switch c {
        case "'", "\"": return .string(try string())
        case "[":
            if index + 1 < characters.count, characters[index + 1] == ":" { return try relationship() }
            index += 1
            var items: [ExpectedValue] = []
            skipSpace()
            if peek == "]" { index += 1; return .list([]) }
            while true {
                items.append(try value())
                skipSpace()
                if peek == "," { index += 1; continue }
                try expect("]")
                return .list(items)
            }
        case "{": return .map(try map())
        case "(": return try node()
        case "<": return try path()
        default:
            let start = index
            while let c = peek, !c.isWhitespace, c != ",", c != "]", c != "}", c != ")" { index += 1 }
            let word = String(characters[start..<index])
            switch word {
            case "null": return .null
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "NaN": return .float(.nan)
            case "Infinity", "+Infinity": return .float(.infinity)
            case "-Infinity": return .float(-.infinity)
            default:
                if let integer = Int64(word) { return .int(integer) }
                if let number = Double(word) { return .float(number) }
                throw ParseError(text: word)
            }
        }
    }

    private mutating func string() throws -> String {
        let quote = characters[index]
        index += 1
        var out = ""
        while let c = peek {
            index += 1
            if c == quote { return out }
            if c == "\\", let next = peek {
                index += 1
                switch next {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(next)
                }
            } else {
                out.append(c)
            }
        }
        throw ParseError(text: String(characters))
    }

    private mutating func name() -> String {
        skipSpace()
        if peek == "`" {
            index += 1
            let start = index
            while let c = peek, c != "`" { index += 1 }
            defer { index += 1 }
            return String(characters[start..<index])
        }
        let start = index
        while let c = peek, c.isLetter || c.isNumber || c == "_" { index += 1 }
        return String(characters[start..<index])
    }

    private mutating func map() throws -> [String: ExpectedValue] {
        try expect("{")
        var entries: [String: ExpectedValue] = [:]
        skipSpace()
        if peek == "}" { index += 1; return entries }
        while true {
            let key = name()
            try expect(":")
            entries[key] = try value()
            skipSpace()
            if peek == "," { index += 1; continue }
            try expect("}")
            return entries
        }
    }

    private mutating func node() throws -> ExpectedValue {
        try expect("(")
        var labels = Set<String>()
        skipSpace()
        while peek == ":" {
            index += 1
            labels.insert(name())
            skipSpace()
        }
        let properties = peek == "{" ? try map() : [:]
        try expect(")")
        return .node(labels: labels, properties: properties)
    }

    private mutating func relationship() throws -> ExpectedValue {
        try expect("[")
        try expect(":")
        let type = name()
        skipSpace()
        let properties = peek == "{" ? try map() : [:]
        try expect("]")
        return .relationship(type: type, properties: properties)
    }

    private mutating func path() throws -> ExpectedValue {
        try expect("<")
        var nodes = [try node()]
        var relationships: [(ExpectedValue, Bool)] = []
        while true {
            skipSpace()
            if peek == ">" { index += 1; return .path(nodes: nodes, relationships: relationships) }
            var backward = false
            if peek == "<" { backward = true; index += 1 }
            try expect("-")
            let relationship = try self.relationship()
            try expect("-")
            if !backward { try expect(">") }
            relationships.append((relationship, !backward))
            nodes.append(try node())
        }
    }
}
