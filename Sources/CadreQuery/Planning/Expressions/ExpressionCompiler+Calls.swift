import CadreGraph

extension ExpressionCompiler {
    mutating func compileCall(_ name: String, _ distinct: Bool, _ arguments: [Expression],
                              _ expression: Expression) throws(QueryError) -> Evaluator {
        let range = expression.range
        let lowered = name.lowercased()
        if Functions.aggregates.contains(lowered) {
            guard let slot = aggregateSlots[range.start] else {
                throw QueryError(.semantic, "\(name)() is an aggregation and cannot be used here", at: range, detail: "InvalidAggregation")
            }
            return { row, _ in row[slot] }
        }
        // Known, with its number of arguments: `Binder` refused the rest (an expression made
        // past it, by a rewrite, still meets an error rather than a crash).
        guard let function = Functions.lookup(lowered), function.arity.contains(arguments.count) else {
            throw QueryError(.semantic, "unknown function `\(name)`", at: range, detail: "UnknownFunction")
        }
        try checkArgumentTypes(lowered, name, arguments)
        let compiled = try arguments.map { (argument) throws(QueryError) in try compile(argument) }
        let implementation = function.implementation
        // `exists((n)-[:R]->())`, as Cypher before EXISTS { … } wrote a pattern predicate.
        if lowered == "exists", case .pattern = arguments[0].kind { return compiled[0] }
        return { row, context in
            try implementation(try compiled.map { try $0(row, context) }, context, range)
        }
    }

    /// Arguments whose form alone shows the wrong type, such as `type(n)` for a node `n`.
    private func checkArgumentTypes(_ lowered: String, _ name: String, _ arguments: [Expression]) throws(QueryError) {
        guard let first = arguments.first, let type = StaticType.of(first, in: scope) else { return }
        let allowed: [StaticType]? = switch lowered {
        case "type", "startnode", "endnode": [.relationship]
        case "labels": [.node]
        case "nodes", "relationships": [.path]
        case "size": [.list, .string, .map]
        case "length": [.path, .list, .string]
        case "properties", "keys": [.node, .relationship, .map]
        default: nil
        }
        if let allowed, !allowed.contains(type) {
            throw QueryError(.semantic, "\(name)() cannot take a \(type.rawValue)", at: first.range, detail: "InvalidArgumentType")
        }
    }

    /// Aggregate calls inside `expression` (not inside nested comprehensions' own scopes).
    static func aggregateCalls(in expression: Expression) -> [Expression] {
        var found: [Expression] = []
        visit(expression) { node in
            switch node.kind {
            case .countStar: found.append(node); return false
            case .call(let name, _, _) where Functions.aggregates.contains(name.lowercased()):
                found.append(node)
                return false
            default: return true
            }
        }
        return found
    }

    /// Walks `expression` depth-first; `body` returns false to skip a node's children.
    static func visit(_ expression: Expression, _ body: (Expression) -> Bool) {
        guard body(expression) else { return }
        // The common shapes without the array `children` makes.
        switch expression.kind {
        case .literal, .parameter, .variable, .countStar: return
        case .property(let base, _), .hasLabels(let base, _), .unary(_, let base), .isNull(let base, _): visit(base, body)
        case .index(let a, let b), .binary(_, let a, let b):
            visit(a, body)
            visit(b, body)
        default: for child in expression.children { visit(child, body) }
        }
    }
}

extension Expression {
    /// Direct subexpressions.
    var children: [Expression] {
        switch kind {
        case .literal, .parameter, .variable, .countStar, .pattern, .exists: return []
        case .property(let base, _), .hasLabels(let base, _), .unary(_, let base), .isNull(let base, _): return [base]
        case .index(let a, let b), .binary(_, let a, let b): return [a, b]
        case .slice(let base, let from, let to): return [base] + [from, to].compactMap { $0 }
        case .list(let items): return items
        case .map(let entries): return entries.map(\.value)
        case .call(_, _, let arguments): return arguments
        case .caseOf(let subject, let branches, let otherwise):
            return [subject].compactMap { $0 } + branches.flatMap { [$0.when, $0.then] } + [otherwise].compactMap { $0 }
        case .listComprehension(_, let source, let predicate, let projection):
            return [source] + [predicate, projection].compactMap { $0 }
        case .quantifier(_, _, let source, let predicate): return [source, predicate]
        case .reduce(_, let initial, _, let source, let step): return [initial, source, step]
        case .patternComprehension(_, _, let predicate, let projection): return [predicate].compactMap { $0 } + [projection]
        case .mapProjection(_, let items):
            return items.compactMap { if case .literal(_, let e) = $0 { return e } else { return nil } }
        }
    }

    /// True when the expression contains an aggregate call.
    var containsAggregate: Bool { !ExpressionCompiler.aggregateCalls(in: self).isEmpty }
}
