/// A node's handle: a dense index into the store's arrays. Stable for the life of the store;
/// a deleted node's handle is never reused.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let raw: UInt32
    public init(_ raw: UInt32) { self.raw = raw }
    public init(_ raw: Int) { self.raw = UInt32(raw) }
    public var index: Int { Int(raw) }
    public var description: String { "n\(raw)" }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.raw < rhs.raw }
}

/// An edge's handle: a dense index into the store's arrays, never reused.
public struct EdgeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let raw: UInt32
    public init(_ raw: UInt32) { self.raw = raw }
    public init(_ raw: Int) { self.raw = UInt32(raw) }
    public var index: Int { Int(raw) }
    public var description: String { "e\(raw)" }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.raw < rhs.raw }
}

/// An interned name (a label, an edge type or a property key) in one `SymbolTable`.
public struct Symbol: Hashable, Comparable, Sendable {
    public let raw: UInt32
    public init(_ raw: UInt32) { self.raw = raw }
    public var index: Int { Int(raw) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.raw < rhs.raw }
}

/// Which edges of a node: those leaving it, those arriving, or both.
public enum Direction: Sendable, Hashable {
    case outgoing, incoming, both
}
