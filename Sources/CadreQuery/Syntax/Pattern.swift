import CadreGraph

/// `(variable:Label:Other {key: value})`
public struct NodePattern: Sendable {
    public var variable: String?
    public var labels: [String]
    public var properties: Expression?
    public var range: SourceRange
}

/// `-[variable:TYPE|OTHER*1..3 {key: value}]->`
public struct RelationshipPattern: Sendable {
    public var variable: String?
    public var types: [String]
    public var direction: Direction
    public var properties: Expression?
    /// Nil for a single hop; else the bounds of `*min..max` (nil bound: open).
    public var length: (min: Int?, max: Int?)?
    public var range: SourceRange

    public var isVariableLength: Bool { length != nil }
}

/// A chain `(a)-[r]->(b)<-[s]-(c)`, perhaps named (`p = ...`) or wrapped in `shortestPath(...)`.
public struct PatternPart: Sendable {
    public enum Shortest: Sendable { case shortest, all }

    public var pathVariable: String?
    public var shortest: Shortest?
    /// One more node than relationships.
    public var nodes: [NodePattern]
    public var relationships: [RelationshipPattern]
    public var range: SourceRange

    /// The names the part gives its nodes, relationships and path.
    public var names: [String] {
        nodes.compactMap(\.variable) + relationships.compactMap(\.variable) + [pathVariable].compactMap { $0 }
    }
}
