import CadreGraph

/// One clause of a query, with its source range.
public struct Clause: Sendable {
    public var kind: Kind
    public var range: SourceRange

    public enum Kind: Sendable {
        case match(optional: Bool, patterns: [PatternPart], predicate: Expression?)
        case unwind(Expression, variable: String)
        case with(Projection, predicate: Expression?)
        case `return`(Projection)
        case create([PatternPart])
        case merge(PatternPart, onCreate: [SetItem], onMatch: [SetItem])
        case set([SetItem])
        case remove([RemoveItem])
        case delete(detach: Bool, [Expression])
    }

    public var isUpdating: Bool {
        switch kind {
        case .create, .merge, .set, .remove, .delete: true
        default: false
        }
    }
}

/// The items of a WITH or RETURN, with their modifiers.
public struct Projection: Sendable {
    public struct Item: Sendable {
        public var expression: Expression
        public var alias: String?
        /// The column name: the alias, or the exact source text of the expression.
        public var name: String
    }

    public struct SortItem: Sendable {
        public var expression: Expression
        public var descending: Bool
    }

    public var distinct: Bool
    /// `*`: every variable in scope, before the listed items.
    public var star: Bool
    public var items: [Item]
    public var orderBy: [SortItem]
    public var skip: Expression?
    public var limit: Expression?
    public var range: SourceRange
}

public enum SetItem: Sendable {
    /// `n.key = value`
    case property(target: Expression, key: String, value: Expression)
    /// `n = {map}`: replaces all properties.
    case replaceAll(variable: String, value: Expression, range: SourceRange)
    /// `n += {map}`
    case merge(variable: String, value: Expression, range: SourceRange)
    /// `n:Label:Other`
    case labels(variable: String, labels: [String], range: SourceRange)
}

public enum RemoveItem: Sendable {
    case property(target: Expression, key: String)
    case labels(variable: String, labels: [String], range: SourceRange)
}

/// Clauses up to a RETURN (or the last update), possibly joined to others by UNION.
public struct SingleQuery: Sendable {
    public var clauses: [Clause]
}

/// A whole statement: one or more single queries joined by UNION or UNION ALL.
public struct Statement: Sendable {
    public var parts: [SingleQuery]
    /// `unionAll[i]` says whether parts i and i+1 are joined by UNION ALL.
    public var unionAll: [Bool]
    public var range: SourceRange
}
