/// A property value: what a node or an edge can hold under a key.
///
/// Integers and floats stay distinct (`1` is not `1.0`), as in Cypher. Maps keep their keys
/// sorted, so equal maps are equal values and print alike.
public enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case date(PartialDate)
    /// A local time, a time, a local date-time or a date-time. Boxed (as durations are), so
    /// that every other value stays 17 bytes: rows and lists of values are copied all the time.
    indirect case temporal(TemporalValue)
    indirect case duration(Duration)
    case list([Value])
    case map(ValueMap)
    /// A node of the graph the value came from (query results only; never stored).
    case node(NodeID)
    /// An edge of the graph the value came from (query results only; never stored).
    case edge(EdgeID)
    /// A path: alternating nodes and edges, one more node than edges (query results only).
    case path(GraphPath)

    /// The name of the value's type, as error messages and schemas spell it.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .float: "float"
        case .string: "string"
        case .date: "date"
        case .temporal(let value): value.typeName
        case .duration: "duration"
        case .list: "list"
        case .map: "map"
        case .node: "node"
        case .edge: "relationship"
        case .path: "path"
        }
    }

    /// The type's name after "a" or "an", as a sentence needs it ("an integer", "a string").
    public var typeNameWithArticle: String { Self.withArticle(typeName) }

    /// `name` after "a" or "an".
    public static func withArticle(_ name: String) -> String {
        (name.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + name
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

/// A stored property seen as a number or a date, when it is one (`Graph.scalar(of:key:)`).
public enum ScalarProperty: Sendable, Equatable {
    case missing
    case int(Int64)
    case date(PartialDate)
    /// A string, by its index among the graph's strings (equal strings, equal indexes).
    case string(UInt32)
    /// Any other value (a float, a boolean, a list...).
    case other
}

/// A closed range of integers that a stored integer, or one component of a stored date, is
/// tested against in scans (`Graph.visitEdges(ofType:within:)`).
public struct ScalarBounds: Sendable, Equatable {
    public enum Component: Sendable { case year, month, day }

    public var key: Symbol
    /// Nil: the stored value is an integer. Else the part of a stored date that is tested.
    public var component: Component?
    public var lower: Int64
    public var upper: Int64

    public init(key: Symbol, component: Component?, lower: Int64 = .min, upper: Int64 = .max) {
        self.key = key
        self.component = component
        self.lower = lower
        self.upper = upper
    }

    /// True when the value lies within; false when it lies outside, or is missing, or is a date
    /// without the component (a comparison with null is never true); nil when the value is of
    /// a kind the bounds do not judge.
    @inline(__always)
    public func contains(_ scalar: ScalarProperty) -> Bool? {
        let number: Int64
        switch scalar {
        case .missing: return false
        case .int(let value):
            guard component == nil else { return nil }
            number = value
        case .date(let date):
            switch component {
            case nil: return nil
            case .year?: number = Int64(date.year)
            case .month?: guard let month = date.month else { return false }; number = Int64(month)
            case .day?: guard let day = date.day else { return false }; number = Int64(day)
            }
        default: return nil
        }
        return number >= lower && number <= upper
    }
}

/// A map value: entries kept sorted by key, keys unique.
public struct ValueMap: Hashable, Sendable {
    public private(set) var entries: [(key: String, value: Value)]

    public init() { entries = [] }

    /// Builds a map from pairs; a later pair wins over an earlier one with the same key.
    public init(_ pairs: some Sequence<(String, Value)>) {
        entries = []
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { entries.count }
    public var keys: [String] { entries.map(\.key) }

    public subscript(key: String) -> Value? {
        get {
            index(of: key).found ? entries[index(of: key).position].value : nil
        }
        set {
            let (found, position) = index(of: key)
            switch (found, newValue) {
            case (true, let value?): entries[position].value = value
            case (true, nil): entries.remove(at: position)
            case (false, let value?): entries.insert((key, value), at: position)
            case (false, nil): break
            }
        }
    }

    private func index(of key: String) -> (found: Bool, position: Int) {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if Self.precedes(entries[mid].key, key) { low = mid + 1 } else { high = mid }
        }
        return (low < entries.count && entries[low].key == key, low)
    }

    /// Key order: by UTF-8 bytes, so the order is the same on every platform.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    public static func == (lhs: ValueMap, rhs: ValueMap) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for entry in entries {
            hasher.combine(entry.key)
            hasher.combine(entry.value)
        }
    }
}

/// A walk through the graph: `nodes[i]` and `nodes[i + 1]` are joined by `edges[i]`.
public struct GraphPath: Hashable, Sendable {
    public var nodes: [NodeID]
    public var edges: [EdgeID]

    public init(nodes: [NodeID], edges: [EdgeID]) {
        precondition(nodes.count == edges.count + 1, "a path has one more node than edges")
        self.nodes = nodes
        self.edges = edges
    }

    public var length: Int { edges.count }
}

extension Value {
    /// True when the value may be stored as a property: no nodes, edges or paths in it, and
    /// no maps inside lists.
    public var isStorable: Bool {
        switch self {
        case .node, .edge, .path: false
        case .list(let items): items.allSatisfy { item in
            if case .map = item { return false }
            return item.isStorable
        }
        case .map(let map): map.entries.allSatisfy { $0.value.isStorable }
        default: true
        }
    }
}

extension Value {
    /// The most levels of lists and maps a value may have: a graph file refuses deeper
    /// values (`GraphFileParser.maximumValueNesting`), and deeper ones would overflow the stack
    /// of every recursive walk, their release included.
    public static let maximumNesting = 256

    /// True when lists and maps nest more than `limit` levels deep in the value (a scalar: 0).
    /// Iterative, and it stops at the first path that is too deep.
    public func isNested(deeperThan limit: Int) -> Bool {
        var pending: [(Value, Int)] = [(self, 0)]
        while let (value, depth) = pending.popLast() {
            switch value {
            case .list(let items):
                if depth + 1 > limit { return true }
                for item in items {
                    switch item {
                    case .list, .map: pending.append((item, depth + 1))
                    default: break
                    }
                }
            case .map(let map):
                if depth + 1 > limit { return true }
                for entry in map.entries {
                    switch entry.value {
                    case .list, .map: pending.append((entry.value, depth + 1))
                    default: break
                    }
                }
            default: break
            }
        }
        return false
    }
}
