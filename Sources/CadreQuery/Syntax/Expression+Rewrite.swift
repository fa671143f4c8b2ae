import CadreGraph

extension Expression {
    /// The expression with each part `replace` gives a replacement for replaced (whole, not
    /// looked into), every other part rebuilt from its rewritten children; ranges kept.
    /// Patterns, subqueries and map projections' keys are left as they are.
    func replacingParts(_ replace: (Expression) -> Expression?) -> Expression {
        if let replaced = replace(self) { return replaced }
        func go(_ child: Expression) -> Expression { child.replacingParts(replace) }
        func optional(_ child: Expression?) -> Expression? { child.map(go) }
        let rebuilt: Kind
        switch kind {
        case .literal, .parameter, .variable, .countStar, .pattern, .exists: return self
        case .property(let base, let key): rebuilt = .property(go(base), key)
        case .index(let base, let index): rebuilt = .index(go(base), go(index))
        case .slice(let base, let from, let to): rebuilt = .slice(go(base), optional(from), optional(to))
        case .hasLabels(let base, let labels): rebuilt = .hasLabels(go(base), labels)
        case .unary(let op, let base): rebuilt = .unary(op, go(base))
        case .binary(let op, let lhs, let rhs): rebuilt = .binary(op, go(lhs), go(rhs))
        case .isNull(let base, let negated): rebuilt = .isNull(go(base), negated: negated)
        case .list(let items): rebuilt = .list(items.map(go))
        case .map(let entries): rebuilt = .map(entries.map { (key: $0.key, value: go($0.value)) })
        case .call(let name, let distinct, let arguments): rebuilt = .call(name: name, distinct: distinct, arguments: arguments.map(go))
        case .caseOf(let subject, let branches, let otherwise):
            rebuilt = .caseOf(subject: optional(subject), branches: branches.map { (when: go($0.when), then: go($0.then)) },
                              otherwise: optional(otherwise))
        case .listComprehension(let variable, let source, let predicate, let projection):
            rebuilt = .listComprehension(variable: variable, source: go(source), predicate: optional(predicate), projection: optional(projection))
        case .quantifier(let quantifier, let variable, let source, let predicate):
            rebuilt = .quantifier(quantifier, variable: variable, source: go(source), predicate: go(predicate))
        case .reduce(let accumulator, let initial, let variable, let source, let step):
            rebuilt = .reduce(accumulator: accumulator, initial: go(initial), variable: variable, source: go(source), step: go(step))
        case .patternComprehension(let path, let pattern, let predicate, let projection):
            rebuilt = .patternComprehension(pathVariable: path, pattern: pattern, predicate: optional(predicate), projection: go(projection))
        case .mapProjection(let variable, let items):
            rebuilt = .mapProjection(variable: variable, items: items.map { item in
                if case .literal(let key, let value) = item { return .literal(key, go(value)) }
                return item
            })
        }
        return Expression(rebuilt, range)
    }
}
