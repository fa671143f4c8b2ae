import CadreGraph

/// Patterns inside expressions: a pattern as a predicate, `EXISTS { … }`, and pattern
/// comprehensions, each matched from the row it is evaluated on.
extension ExpressionCompiler {
    mutating func compilePatternPredicate(_ part: PatternPart) throws(QueryError) -> Evaluator {
        var inner = self
        let matcher = try PatternCompiler.compile([part], scope: &inner.scope, source: source, allowNewVariables: false)
        let width = inner.scope.count
        return { row, context in
            var found = false
            try matcher.forEachMatch(row.padded(to: width), context) { _ in found = true; return false }
            return .bool(found)
        }
    }

    /// EXISTS { … } (whether there is a match, or a row) and COUNT { … } (how many).
    mutating func compileExists(_ subquery: ExistsSubquery, _ range: SourceRange) throws(QueryError) -> Evaluator {
        let counts = subquery.counts
        if let query = subquery.query {
            let rows = try Planner.compileSubquery(query, scope: scope, source: source)
            return { row, context in
                let found = try rows(row, context)
                return counts ? .int(Int64(found.count)) : .bool(!found.isEmpty)
            }
        }
        var inner = self
        let matcher = try PatternCompiler.compile(subquery.patterns, scope: &inner.scope, source: source)
        let predicate = try subquery.predicate.map { (e) throws(QueryError) in try inner.compile(e) }
        let width = inner.scope.count
        return { row, context in
            var found = 0
            try matcher.forEachMatch(row.padded(to: width), context) { candidate in
                if let predicate, try Operations.truth(try predicate(candidate, context), range) != true { return true }
                found += 1
                return counts
            }
            return counts ? .int(Int64(found)) : .bool(found > 0)
        }
    }

    mutating func compilePatternComprehension(_ part: PatternPart, _ predicate: Expression?, _ projection: Expression,
                                              _ range: SourceRange) throws(QueryError) -> Evaluator {
        var inner = self
        let matcher = try PatternCompiler.compile([part], scope: &inner.scope, source: source)
        let filter = try predicate.map { (e) throws(QueryError) in try inner.compile(e) }
        let map = try inner.compile(projection)
        let width = inner.scope.count
        return { row, context in
            var result: [Value] = []
            try matcher.forEachMatch(row.padded(to: width), context) { candidate in
                if let filter, try Operations.truth(try filter(candidate, context), range) != true { return true }
                result.append(try map(candidate, context))
                return true
            }
            return .list(result)
        }
    }
}
