import CadreGraph

/// A rewrite: `WITH head(labels(n)) AS l RETURN l, count(*)` is `RETURN head(labels(n)) AS l,
/// count(*)`, so the projection after a plain `WITH` sees the expressions themselves and plans
/// them as if written there (counts from the store, kernels over columns) instead of reading
/// a column the `WITH` made row by row.
///
/// Exact only where nothing can tell the two apart, hence its guards. The `WITH` only
/// renames and computes: no `DISTINCT`, `*`, `WHERE`, `ORDER BY`, `SKIP`, `LIMIT` or aggregate,
/// every item named. The projection after it (`WITH` or `RETURN`, not `*`) uses each computed
/// name exactly once, as a whole item, so an expression is evaluated as often as before (an
/// error or `rand()` neither lost nor doubled) and never lands inside an aggregate or beside
/// a key it would make ambiguous; its `WHERE`, `ORDER BY`, `SKIP` and `LIMIT` read such a name
/// only where the item keeps it as its column's name (then they read the same value). A name
/// that is a plain variable (`WITH n, …`, `WITH n AS m`) may be used anywhere. Nothing after
/// the `WITH` may bind variables of its own (comprehensions, patterns, subqueries), where a
/// name could be shadowed.
enum ProjectionMerge {
    static func merge(_ query: SingleQuery) -> SingleQuery {
        var clauses: [Clause] = []
        var index = 0
        while index < query.clauses.count {
            let clause = query.clauses[index]
            if index + 1 < query.clauses.count, case .with(let projection, nil) = clause.kind,
               let merged = merged(projection, into: query.clauses[index + 1]) {
                clauses.append(merged)
                index += 2
                continue
            }
            clauses.append(clause)
            index += 1
        }
        return SingleQuery(clauses: clauses)
    }

    /// `next` with the names of `projection` replaced by their expressions, or nil.
    private static func merged(_ projection: Projection, into next: Clause) -> Clause? {
        guard !projection.distinct, !projection.star, projection.orderBy.isEmpty, projection.skip == nil, projection.limit == nil,
              projection.items.allSatisfy({ $0.alias != nil || isVariable($0.expression) }),
              !projection.items.contains(where: { $0.expression.containsAggregate }) else { return nil }
        let after: Projection, predicate: Expression?
        switch next.kind {
        case .with(let projection, let where_): (after, predicate) = (projection, where_)
        case .return(let projection): (after, predicate) = (projection, nil)
        default: return nil
        }
        let rest = after.orderBy.map(\.expression) + [predicate, after.skip, after.limit].compactMap { $0 }
        guard !after.star, !(after.items.map(\.expression) + rest).contains(where: binds) else { return nil }
        var expressionOf: [String: Expression] = [:]
        for item in projection.items {
            guard expressionOf[item.name] == nil else { return nil }
            expressionOf[item.name] = item.expression
        }
        let computed = Set(expressionOf.filter { !isVariable($0.value) }.keys)
        // Each computed name: once, as a whole item; where it keeps its name, readable by the rest.
        var wholeItems: [String: Int] = [:], keptNames = Set<String>()
        for item in after.items {
            if case .variable(let name) = item.expression.kind, computed.contains(name) {
                wholeItems[name, default: 0] += 1
                if item.name == name { keptNames.insert(name) }
            } else if reads(item.expression, computed) {
                return nil
            }
        }
        guard wholeItems.values.allSatisfy({ $0 == 1 }), Set(wholeItems.keys) == computed else { return nil }
        guard !rest.contains(where: { reads($0, computed.subtracting(keptNames)) }) else { return nil }
        var merged = after
        merged.items = after.items.map { item in
            var item = item
            if case .variable(let name) = item.expression.kind, let expression = expressionOf[name] {
                item.expression = expression
                item.alias = item.alias ?? name
            } else {
                item.expression = substituted(item.expression, expressionOf)
            }
            return item
        }
        // The rest reads the projection's own columns by their names, other names as renamed.
        let columns = Set(after.items.map(\.name))
        merged.orderBy = after.orderBy.map { Projection.SortItem(expression: substituted($0.expression, expressionOf, keeping: columns), descending: $0.descending) }
        switch next.kind {
        case .with: return Clause(kind: .with(merged, predicate: predicate.map { substituted($0, expressionOf, keeping: columns) }), range: next.range)
        default: return Clause(kind: .return(merged), range: next.range)
        }
    }

    private static func isVariable(_ expression: Expression) -> Bool {
        if case .variable = expression.kind { return true }
        return false
    }

    /// Whether `expression` reads any of `names`.
    private static func reads(_ expression: Expression, _ names: Set<String>) -> Bool {
        guard !names.isEmpty else { return false }
        let read = PredicatePushdown.names(in: expression)
        return (read.variables + read.patternNames).contains(where: names.contains)
    }

    /// Whether `expression` holds a construct with variables of its own or a subquery, where a
    /// name may be shadowed or read out of sight.
    private static func binds(_ expression: Expression) -> Bool {
        var found = false
        ExpressionCompiler.visit(expression) { node in
            switch node.kind {
            case .listComprehension, .quantifier, .reduce, .patternComprehension, .exists, .pattern, .mapProjection: found = true
            default: break
            }
            return !found
        }
        return found
    }

    /// `expression` with the variables that are plain renames replaced by their variables
    /// (names in `keeping` stay: they read the projection's own column of that name).
    private static func substituted(_ expression: Expression, _ expressionOf: [String: Expression], keeping: Set<String> = []) -> Expression {
        expression.replacingParts { part in
            guard case .variable(let name) = part.kind, !keeping.contains(name), let replacement = expressionOf[name],
                  isVariable(replacement) else { return nil }
            return Expression(replacement.kind, part.range)
        }
    }
}
