import CadreGraph

/// An expression with the source range it was parsed from.
public struct Expression: Sendable {
    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
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

/// `EXISTS { MATCH ... WHERE ... }` or `EXISTS { (a)-->(b) WHERE ... }`.
public struct ExistsSubquery: Sendable {
    public var patterns: [PatternPart]
    public var predicate: Expression?
}
