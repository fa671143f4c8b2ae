import CadreGraph

/// What an expression is known to produce before running, where that can be told from its
/// form alone; used to reject `NOT 'text'` or `1.x` at compile time, as the TCK expects.
enum StaticType: String {
    case boolean, integer, float, string, list, map, node, relationship, path

    static func of(_ expression: Expression, in scope: Scope) -> StaticType? {
        switch expression.kind {
        case .literal(let value):
            switch value {
            case .bool: return .boolean
            case .int: return .integer
            case .float: return .float
            case .string: return .string
            case .list: return .list
            case .map: return .map
            default: return nil
            }
        case .list, .listComprehension, .patternComprehension: return .list
        case .map, .mapProjection: return .map
        case .exists(let subquery): return subquery.counts ? .integer : .boolean
        case .unary(.not, _), .isNull, .hasLabels, .pattern, .quantifier: return .boolean
        case .binary(let op, let lhs, let rhs):
            switch op {
            case .and, .or, .xor, .equal, .notEqual, .less, .greater, .lessOrEqual, .greaterOrEqual,
                 .in, .startsWith, .endsWith, .contains, .regexMatch, .foldedContains:
                return .boolean
            case .add, .subtract, .multiply, .divide, .modulo:
                let (a, b) = (of(lhs, in: scope), of(rhs, in: scope))
                if a == .integer && b == .integer { return .integer }
                if (a == .float || a == .integer) && (b == .float || b == .integer) { return .float }
                if op == .add && (a == .list || b == .list) { return .list }
                if op == .add && a == .string && b == .string { return .string }
                return nil
            case .power: return .float
            }
        case .variable(let name):
            switch scope.kind(of: name) {
            case .node: return .node
            case .relationship: return .relationship
            case .path: return .path
            case .relationshipList: return .list
            case .value(let type): return type
            default: return nil
            }
        case .countStar: return .integer
        case .call(let name, _, _):
            switch name.lowercased() {
            case "size", "length", "count", "id", "tointeger": return .integer
            case "tostring", "type", "tolower", "toupper", "trim", "fold", "substring", "replace": return .string
            case "labels", "keys", "collect", "range", "split", "nodes", "relationships", "tail": return .list
            case "tofloat", "sqrt", "rand", "avg", "pi", "e": return .float
            default: return nil
            }
        default: return nil
        }
    }

    /// Throws when `expression` is known not to be a boolean where one is needed.
    static func requireBoolean(_ expression: Expression, in scope: Scope) throws(QueryError) {
        if let type = of(expression, in: scope), type != .boolean {
            throw QueryError(.semantic, "expected a boolean, found \(type.rawValue)", at: expression.range, detail: "InvalidArgumentType")
        }
    }
}
