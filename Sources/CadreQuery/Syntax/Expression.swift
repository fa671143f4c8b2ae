import CadreGraph

/// An expression with the source range it was parsed from.
public struct Expression: Sendable {
    public var kind: Kind { didSet { depth = Self.depth(of: kind) } }
    public var range: SourceRange
    /// How deep the tree is below and at this node (a literal: 1). Every stage walks
    /// expressions recursively, so the parser refuses trees deeper than `Parser.maximumDepth`.
    public private(set) var depth: Int

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
        depth = Self.depth(of: kind)
    }

    private static func depth(of kind: Kind) -> Int {
        func deepest(_ children: [Expression?]) -> Int { 1 + children.reduce(0) { max($0, $1?.depth ?? 0) } }
        switch kind {
        case .literal, .parameter, .variable, .countStar, .pattern, .exists, .mapProjection: return 1
        case .property(let base, _), .hasLabels(let base, _), .unary(_, let base), .isNull(let base, _): return 1 + base.depth
        case .index(let base, let index): return deepest([base, index])
        case .slice(let base, let from, let to): return deepest([base, from, to])
        case .binary(_, let lhs, let rhs): return deepest([lhs, rhs])
        case .list(let items): return deepest(items)
        case .map(let entries): return deepest(entries.map(\.value))
        case .call(_, _, let arguments): return deepest(arguments)
        case .caseOf(let subject, let branches, let otherwise):
            return deepest([subject, otherwise] + branches.flatMap { [$0.when, $0.then] })
        case .listComprehension(_, let source, let predicate, let projection): return deepest([source, predicate, projection])
        case .quantifier(_, _, let source, let predicate): return deepest([source, predicate])
        case .reduce(_, let initial, _, let source, let step): return deepest([initial, source, step])
        case .patternComprehension(_, _, let predicate, let projection): return deepest([predicate, projection])
        }
    }

    public indirect enum Kind: Sendable {
        case literal(Value)
        case parameter(String)
        case variable(String)
        case property(Expression, String)
        case index(Expression, Expression)
        case slice(Expression, Expression?, Expression?)
        case hasLabels(Expression, [String])
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        case isNull(Expression, negated: Bool)
        case list([Expression])
        case map([(key: String, value: Expression)])
        case call(name: String, distinct: Bool, arguments: [Expression])
        case countStar
        case caseOf(subject: Expression?, branches: [(when: Expression, then: Expression)], otherwise: Expression?)
        case listComprehension(variable: String, source: Expression, predicate: Expression?, projection: Expression?)
        case quantifier(Quantifier, variable: String, source: Expression, predicate: Expression)
        case reduce(accumulator: String, initial: Expression, variable: String, source: Expression, step: Expression)
        case patternComprehension(pathVariable: String?, pattern: PatternPart, predicate: Expression?, projection: Expression)
        case pattern(PatternPart)
        case exists(ExistsSubquery)
        case mapProjection(variable: String, items: [MapProjectionItem])
    }
}

public enum UnaryOperator: String, Sendable {
    case not = "NOT", minus = "-", plus = "+"
}

public enum BinaryOperator: String, Sendable {
    case or = "OR", xor = "XOR", and = "AND"
    case equal = "=", notEqual = "<>", less = "<", greater = ">", lessOrEqual = "<=", greaterOrEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "^"
    case `in` = "IN", startsWith = "STARTS WITH", endsWith = "ENDS WITH", contains = "CONTAINS"
    case regexMatch = "=~"
    /// cadre's accent- and case-insensitive containment: `'Trần Quốc Trung' ~ 'tran quoc'`.
    case foldedContains = "~"
}

public enum Quantifier: String, Sendable {
    case all, any, none, single
}

public enum MapProjectionItem: Sendable {
    /// `.key`
    case property(String)
    /// `key: expression`
    case literal(String, Expression)
    /// `variable` (shorthand for `variable: variable`)
    case variable(String)
    /// `.*`
    case allProperties
}

/// `EXISTS { MATCH ... WHERE ... }` or `EXISTS { (a)-->(b) WHERE ... }`, the full form
/// `EXISTS { MATCH ... WITH ... RETURN ... }`, and the same with COUNT.
public struct ExistsSubquery: Sendable {
    /// The simple form: patterns and their WHERE (`patterns` empty in the full form).
    public var patterns: [PatternPart]
    public var predicate: Expression?
    /// The full form: its clauses, which may read the variables around it.
    public var query: SingleQuery? = nil
    /// COUNT { … }: how many matches (or rows), rather than whether there is one.
    public var counts = false
}
