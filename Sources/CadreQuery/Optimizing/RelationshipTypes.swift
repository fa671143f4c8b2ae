import CadreGraph

/// A rewrite: a conjunct of a MATCH's WHERE that names a relationship's type, `type(r) =
/// 'HELD'` (either way round) or `type(r) IN ['HELD', 'SUCCEEDED']`, narrows that relationship's
/// types in the pattern, as `-[r:HELD]->` says it, so that the type's index and the adjacency's
/// groups are read instead of every edge (and a count of them comes from the store). The
/// conjunct, true wherever the narrowed pattern matches, then leaves WHERE. Only for a
/// relationship the MATCH introduces (not one bound before it) and not a variable-length one
/// (whose variable is a list); none when no type would remain (WHERE then keeps no row anyway),
/// or when the list holds anything but literals.
enum RelationshipTypes {
    static func narrowed(_ patterns: [PatternPart], by predicate: Expression?, before: Scope)
        -> (patterns: [PatternPart], predicate: Expression?) {
        guard let predicate else { return (patterns, nil) }
        var allowed: [String: [String]] = [:]
        var conjuncts = [predicate]
        while let conjunct = conjuncts.popLast() {
            guard case .binary(let op, let lhs, let rhs) = conjunct.kind else { continue }
            if op == .and {
                conjuncts += [lhs, rhs]
                continue
            }
            var found: (name: String, types: [String])? = nil
            if op == .equal {
                if let name = typeOf(lhs), let types = strings(rhs) { found = (name, types) }
                if let name = typeOf(rhs), let types = strings(lhs) { found = (name, types) }
            } else if op == .in, let name = typeOf(lhs), let types = strings(rhs, list: true) {
                found = (name, types)
            }
            guard let found, !before.contains(found.name) else { continue }
            allowed[found.name] = allowed[found.name].map { kept in kept.filter(found.types.contains) } ?? found.types
        }
        guard !allowed.isEmpty else { return (patterns, predicate) }
        var patterns = patterns
        // The names narrowed wherever the patterns hold them: their type tests always hold.
        var narrowedEverywhere = Set(allowed.keys)
        var held = Set<String>()
        for part in patterns.indices {
            for index in patterns[part].relationships.indices {
                let relationship = patterns[part].relationships[index]
                guard let name = relationship.variable, let types = allowed[name] else { continue }
                held.insert(name)
                let narrowed = relationship.types.isEmpty ? types : relationship.types.filter(types.contains)
                if relationship.isVariableLength || narrowed.isEmpty {
                    narrowedEverywhere.remove(name)
                    continue
                }
                patterns[part].relationships[index].types = narrowed
            }
        }
        narrowedEverywhere.formIntersection(held)
        /// The predicate without the type tests of the names narrowed everywhere (an AND keeps
        /// its other side as it was).
        func stripped(_ expression: Expression) -> Expression? {
            if case .binary(.and, let lhs, let rhs) = expression.kind {
                switch (stripped(lhs), stripped(rhs)) {
                case (let left?, let right?): return Expression(.binary(.and, left, right), expression.range)
                case (let left?, nil): return left
                case (nil, let right?): return right
                case (nil, nil): return nil
                }
            }
            guard case .binary(let op, let lhs, let rhs) = expression.kind, op == .equal || op == .in else { return expression }
            for name in [typeOf(lhs), op == .equal ? typeOf(rhs) : nil].compactMap({ $0 }) where narrowedEverywhere.contains(name) {
                return nil
            }
            return expression
        }
        return (patterns, stripped(predicate))
    }

    /// `r` in `type(r)`.
    private static func typeOf(_ expression: Expression) -> String? {
        guard case .call(let name, false, let arguments) = expression.kind, name.lowercased() == "type", arguments.count == 1,
              case .variable(let variable) = arguments[0].kind else { return nil }
        return variable
    }

    /// The strings a literal stands for (`'HELD'`; with `list`, each string of a list of
    /// literals, in order, once; other literals, which equal no type, left out); nil for
    /// anything else.
    private static func strings(_ expression: Expression, list: Bool = false) -> [String]? {
        func literals(_ values: [Value]) -> [String] {
            var seen: [String] = []
            for case .string(let text) in values where !seen.contains(text) { seen.append(text) }
            return seen
        }
        switch expression.kind {
        case .literal(.string(let text)) where !list: return [text]
        case .literal(.list(let values)) where list: return literals(values)
        case .list(let items) where list:
            var values: [Value] = []
            for item in items {
                guard case .literal(let value) = item.kind else { return nil }
                values.append(value)
            }
            return literals(values)
        default: return nil
        }
    }
}
