import CadreGraph

extension Binder {
    // MARK: Projections

    /// WITH and RETURN: the items (with `*` spelled out) named once each, WITH's expressions
    /// aliased; ORDER BY and WITH's WHERE read in the scope they see; SKIP and LIMIT constant.
    /// Afterwards the columns are the scope. Returns the column names.
    mutating func project(_ projection: Projection, predicate: Expression?, isReturn: Bool) throws(QueryError) -> [String] {
        var items = projection.items
        if projection.star {
            var visible = names
            if visible.isEmpty {
                throw QueryError(.semantic, "`*` needs variables in scope", at: projection.range, detail: "NoVariablesInScope")
            }
            if isReturn { visible.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
            let range = SourceRange.at(projection.range.start)
            items = visible.map { Projection.Item(expression: Expression(.variable($0), range), alias: $0, name: $0) } + items
        }
        var seen = Set<String>()
        for item in items {
            if !seen.insert(item.name).inserted {
                throw QueryError(.semantic, "the column `\(item.name)` appears twice", at: item.expression.range, detail: "ColumnNameConflict")
            }
            if !isReturn, item.alias == nil, !Self.isVariable(item.expression) {
                throw QueryError(.semantic, "an expression in WITH needs a name: add AS", at: item.expression.range, detail: "NoExpressionAlias")
            }
        }
        for item in items { try read(item.expression, aggregates: true) }
        let columns = items.map(\.name)
        let columnKinds = items.map(kind(of:))
        // After an aggregation or DISTINCT only the columns are left for ORDER BY and WHERE
        // (and what is spelled as an item is: `RETURN DISTINCT a.name ORDER BY a.name`);
        // otherwise the names from before the projection are still seen too.
        let narrowed = projection.distinct || items.contains { $0.expression.containsAggregate }
        var after = self
        if narrowed {
            after.replaceScope(with: columns, columnKinds)
        } else {
            for (name, kind) in zip(columns, columnKinds) { after.declare(name, kind) }
        }
        let spelled = Set(items.map { source.text(in: $0.expression.range) })
        let covered = { (expression: Expression) in spelled.contains(self.source.text(in: expression.range)) }
        do {
            for sortItem in projection.orderBy {
                let text = source.text(in: sortItem.expression.range)
                if items.contains(where: { $0.name == text }) { continue }
                try after.read(sortItem.expression, covered: narrowed ? covered : { _ in false })
            }
            if let predicate { try after.read(predicate, predicate: true, covered: narrowed ? covered : { _ in false }) }
        } catch where narrowed && error.detail == "UndefinedVariable" {
            let after = projection.distinct ? "DISTINCT" : "an aggregation"
            throw QueryError(.semantic, "\(error.message): after \(after), ORDER BY and WHERE see only the columns (or an item written again)",
                             at: error.range, detail: "UndefinedVariable")
        }
        try constantCount(projection.skip, "SKIP")
        try constantCount(projection.limit, "LIMIT")
        replaceScope(with: columns, columnKinds)
        return columns
    }

    private static func isVariable(_ expression: Expression) -> Bool {
        if case .variable = expression.kind { true } else { false }
    }

    /// What a column holds, as far as its expression tells.
    private func kind(of item: Projection.Item) -> Kind {
        switch item.expression.kind {
        case .variable(let name): kinds[name] ?? .unknown
        case .literal(let value): value.isNull ? .unknown : .value
        case .list, .map: .value
        default: .unknown
        }
    }

    /// SKIP and LIMIT: a literal must be a non-negative integer (or null), and nothing may read
    /// a variable (a parameter may: it is checked when the statement runs).
    private func constantCount(_ expression: Expression?, _ what: String) throws(QueryError) {
        guard let expression else { return }
        switch expression.kind {
        case .literal(.int(let count)) where count < 0:
            throw QueryError(.semantic, "\(what) needs a non-negative integer", at: expression.range, detail: "NegativeIntegerArgument")
        case .literal(.int), .literal(.null): break
        case .literal(let value):
            throw QueryError(.semantic, "\(what) needs an integer, not \(value.typeName)", at: expression.range, detail: "InvalidArgumentType")
        default: break
        }
        do {
            try Binder(subquery: false, source: source).read(expression)
        } catch where error.detail == "UndefinedVariable" {
            throw QueryError(.semantic, "\(what) must be a constant, not depend on variables", at: expression.range,
                             detail: "NonConstantExpression")
        }
    }

    // MARK: Expressions

    /// Checks that every name `expression` reads is bound (in scope, or `locals`: the
    /// variables of the comprehensions around it), that aggregations stand only where
    /// `aggregates` allows and never inside one another, and that a pattern used as a
    /// predicate declares nothing. `predicate`: the expression stands where a truth value is
    /// asked for (WHERE, and the operands of AND, OR, XOR and NOT there), the only place a
    /// pattern may stand, and no place for a node. `covered`: parts already computed (an item
    /// ORDER BY spells again), not looked into.
    func read(_ expression: Expression, _ locals: Set<String> = [], aggregates: Bool = false, predicate: Bool = false,
              covered: (Expression) -> Bool = { _ in false }) throws(QueryError) {
        if covered(expression) { return }
        func inner(_ child: Expression?, _ scope: Set<String> = locals, predicate: Bool = false) throws(QueryError) {
            if let child { try read(child, scope, aggregates: aggregates, predicate: predicate, covered: covered) }
        }
        switch expression.kind {
        case .literal, .parameter:
            return
        case .variable(let name):
            try requireBound(name, expression.range, locals)
            if predicate, let kind = kinds[name], ![.value, .unknown].contains(kind), !locals.contains(name) {
                throw QueryError(.semantic, "a truth value is needed here, and `\(name)` is a \(Self.describe(kind))", at: expression.range,
                                 detail: "InvalidArgumentType")
            }
        case .unary(.not, let base):
            try inner(base, predicate: predicate)
        case .property(let base, _), .hasLabels(let base, _), .unary(_, let base), .isNull(let base, _):
            try inner(base)
        case .index(let base, let index):
            try inner(base)
            try inner(index)
        case .binary(let op, let lhs, let rhs):
            let logical = op == .and || op == .or || op == .xor
            try inner(lhs, predicate: logical && predicate)
            try inner(rhs, predicate: logical && predicate)
        case .slice(let base, let from, let to):
            try inner(base)
            try inner(from)
            try inner(to)
        case .list(let items):
            for item in items { try inner(item) }
        case .map(let entries):
            for entry in entries { try inner(entry.value) }
        case .call(let name, let distinct, let arguments):
            guard Functions.aggregates.contains(name.lowercased()) else {
                try checkCall(name, distinct, arguments, expression.range)
                // exists((a)-->(b)) asks whether the pattern has a match.
                for argument in arguments { try inner(argument, predicate: name.lowercased() == "exists") }
                return
            }
            try aggregation(expression, allowed: aggregates, name: name)
            let expected = ["percentilecont", "percentiledisc"].contains(name.lowercased()) ? 2 : 1
            guard arguments.count == expected else {
                throw QueryError(.semantic, "\(name)() takes \(expected) argument\(expected == 1 ? "" : "s")", at: expression.range,
                                 detail: "InvalidNumberOfArguments")
            }
            for argument in arguments {
                if let nested = ExpressionCompiler.aggregateCalls(in: argument).first {
                    throw QueryError(.semantic, "aggregations cannot be nested", at: nested.range, detail: "NestedAggregation")
                }
                try read(argument, locals, covered: covered)
            }
        case .countStar:
            try aggregation(expression, allowed: aggregates, name: "count(*)")
        case .caseOf(let subject, let branches, let otherwise):
            try inner(subject)
            for branch in branches {
                try inner(branch.when, predicate: subject == nil)
                try inner(branch.then)
            }
            try inner(otherwise)
        case .listComprehension, .quantifier, .reduce, .patternComprehension, .pattern, .exists, .mapProjection:
            try readScoped(expression, locals, aggregates: aggregates, predicate: predicate, covered: covered)
        }
    }

    /// The expressions that bring names of their own (comprehensions, `reduce`, patterns,
    /// subqueries) or read one by name (map projections); see `read`.
    private func readScoped(_ expression: Expression, _ locals: Set<String>, aggregates: Bool, predicate: Bool,
                            covered: (Expression) -> Bool) throws(QueryError) {
        func inner(_ child: Expression?, _ scope: Set<String> = locals, predicate: Bool = false) throws(QueryError) {
            if let child { try read(child, scope, aggregates: aggregates, predicate: predicate, covered: covered) }
        }
        switch expression.kind {
        case .listComprehension(let variable, let source, let predicate, let projection):
            try inner(source)
            try inner(predicate, locals.union([variable]), predicate: true)
            try inner(projection, locals.union([variable]))
        case .quantifier(_, let variable, let source, let predicate):
            try inner(source)
            try inner(predicate, locals.union([variable]), predicate: true)
        case .reduce(let accumulator, let initial, let variable, let source, let step):
            try inner(initial)
            try inner(source)
            try inner(step, locals.union([accumulator, variable]))
        case .patternComprehension(let pathVariable, let pattern, let predicate, let projection):
            // Its pattern may name new elements, seen by its WHERE and its projection.
            let scope = locals.union(pattern.names).union([pathVariable].compactMap { $0 })
            try readPatternProperties(pattern, scope)
            try inner(predicate, scope, predicate: true)
            try inner(projection, scope)
        case .pattern(let part):
            if !predicate {
                throw QueryError(.syntax, "a pattern stands only where a truth value is asked for; for its matches write "
                                 + "[p = (…)-->(…) | p], for how many COUNT { … }", at: expression.range, detail: "UnexpectedSyntax")
            }
            for name in part.names where kinds[name] == nil && !locals.contains(name) {
                throw QueryError(.semantic, "a pattern used as a predicate cannot introduce the variable `\(name)`", at: part.range,
                                 detail: "UndefinedVariable")
            }
            try readPatternProperties(part, locals)
        case .exists(let subquery):
            if let query = subquery.query {
                var child = Binder(subquery: true, source: source)
                for name in names { child.declare(name, kinds[name] ?? .unknown) }
                for name in locals.sorted() where kinds[name] == nil { child.declare(name, .unknown) }
                _ = try child.bindSubquery(query)
            } else {
                let scope = locals.union(subquery.patterns.flatMap(\.names))
                for part in subquery.patterns { try readPatternProperties(part, scope) }
                if let predicate = subquery.predicate { try read(predicate, scope, predicate: true) }
            }
        case .mapProjection(let variable, let items):
            try requireBound(variable, expression.range, locals)
            for item in items {
                switch item {
                case .literal(_, let value): try inner(value)
                case .variable(let name): try requireBound(name, expression.range, locals)
                case .property, .allProperties: break
                }
            }
        default:
            break
        }
    }

    /// A function that is not an aggregation: known, given as many arguments as it takes,
    /// without DISTINCT; `exists()` of a property or a pattern.
    private func checkCall(_ name: String, _ distinct: Bool, _ arguments: [Expression], _ range: SourceRange) throws(QueryError) {
        guard let function = Functions.lookup(name) else {
            throw QueryError(.semantic, "unknown function `\(name)`", at: range, detail: "UnknownFunction")
        }
        let arity = function.arity
        guard arity.contains(arguments.count) else {
            let count = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)"
                : arity.upperBound == Int.max ? "at least \(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
            throw QueryError(.semantic, "\(name)() takes \(count) argument\(arity == 1...1 ? "" : "s"), not \(arguments.count)",
                             at: range, detail: "InvalidNumberOfArguments")
        }
        if distinct {
            throw QueryError(.semantic, "DISTINCT is only for aggregations", at: range, detail: "InvalidArgumentType")
        }
        if name.lowercased() == "exists" {
            switch arguments[0].kind {
            case .property, .pattern: break
            default: throw QueryError(.semantic, "exists() needs a property, such as exists(n.name)", at: range, detail: "InvalidArgumentType")
            }
        }
    }

    private func requireBound(_ name: String, _ range: SourceRange, _ locals: Set<String>) throws(QueryError) {
        if kinds[name] == nil && !locals.contains(name) {
            throw QueryError(.semantic, "unknown variable `\(name)`", at: range, detail: "UndefinedVariable")
        }
    }

    private func aggregation(_ call: Expression, allowed: Bool, name: String) throws(QueryError) {
        if !allowed {
            throw QueryError(.semantic, "\(name == "count(*)" ? name : name + "()") is an aggregation: only WITH and RETURN may aggregate",
                             at: call.range, detail: "InvalidAggregation")
        }
    }

    private func readPatternProperties(_ part: PatternPart, _ locals: Set<String>) throws(QueryError) {
        for node in part.nodes { if let properties = node.properties { try read(properties, locals) } }
        for relationship in part.relationships { if let properties = relationship.properties { try read(properties, locals) } }
    }
}
