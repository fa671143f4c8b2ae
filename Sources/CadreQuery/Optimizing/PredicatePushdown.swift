import CadreGraph

/// Predicate pushdown: WHERE's conjuncts tested as soon as a match has bound the variables
/// they read, rather than once the whole pattern is matched. `MATCH (a:Person)-[:SUCCEEDED*1..3]->(b)
/// WHERE a.born.year = 1950` then expands only from the persons born in 1950.
///
/// Exact, not a heuristic: row by row, WHERE's conjuncts run left to right and stop at the first
/// false one. So a conjunct may drop a partial match early when every conjunct before it raises
/// nothing (`VectorMatchPlan.raisesNothing`): where it is false, the whole WHERE is false on
/// every match extending that partial one, with no error. The leading conjuncts that raise
/// nothing qualify, and the first one after them that may raise; that one is tested
/// speculatively: an error, or a value that is not a boolean, leaves the match to the whole
/// WHERE, which still runs at the end and raises it where the row engine would. A conjunct that
/// calls `rand()` or `randomUUID()` is never tested twice.
enum PredicatePushdown {
    /// The conjuncts that may be tested early, with whether each is speculative. `isNode` and
    /// `isEntity` tell the variables that are nodes, and nodes or relationships: a property
    /// of anything else (an integer, say) may raise.
    static func candidates(_ conjuncts: [Expression], nodes isNode: (String) -> Bool,
                           entities isEntity: (String) -> Bool) -> [(conjunct: Expression, speculative: Bool)] {
        var found: [(conjunct: Expression, speculative: Bool)] = []
        for conjunct in conjuncts {
            if VectorMatchPlan.raisesNothing(conjunct, nodes: isNode), readsPropertiesOfEntitiesOnly(conjunct, isEntity) {
                found.append((conjunct, false))
                continue
            }
            if isRepeatable(conjunct) { found.append((conjunct, true)) }
            break
        }
        return found
    }

    static func readsPropertiesOfEntitiesOnly(_ expression: Expression, _ isEntity: (String) -> Bool) -> Bool {
        var only = true
        ExpressionCompiler.visit(expression) { node in
            if case .property(let base, _) = node.kind, case .variable(let name) = base.kind, !isEntity(name) { only = false }
            return only
        }
        return only
    }

    /// True when evaluating `expression` again gives the same value.
    static func isRepeatable(_ expression: Expression) -> Bool {
        var repeatable = true
        ExpressionCompiler.visit(expression) { node in
            if case .call(let name, _, _) = node.kind, ["rand", "randomuuid"].contains(name.lowercased()) { repeatable = false }
            return repeatable
        }
        return repeatable
    }

    /// The parameters `expression` reads.
    static func parameters(_ expression: Expression) -> [String] {
        var parameters: [String] = []
        ExpressionCompiler.visit(expression) { node in
            if case .parameter(let name) = node.kind { parameters.append(name) }
            return true
        }
        return parameters
    }

    /// The names `expression` reads: its variables, and those its patterns, subqueries and map
    /// projections name (`NOT (p)-[:R]->()` reads `p`, though no variable expression holds it).
    /// `patternNames` may include names a pattern introduces for itself.
    static func names(in expression: Expression) -> (variables: [String], patternNames: [String]) {
        var variables: [String] = [], patternNames: [String] = []
        func pattern(_ part: PatternPart) {
            patternNames += part.nodes.compactMap(\.variable) + part.relationships.compactMap(\.variable)
            for properties in part.nodes.compactMap(\.properties) + part.relationships.compactMap(\.properties) { visit(properties) }
        }
        func visit(_ expression: Expression) {
            ExpressionCompiler.visit(expression) { node in
                switch node.kind {
                case .variable(let name): variables.append(name)
                case .pattern(let part): pattern(part)
                case .patternComprehension(_, let part, _, _): pattern(part)
                case .exists(let subquery):
                    subquery.patterns.forEach(pattern)
                    if let predicate = subquery.predicate { visit(predicate) }
                    // A full subquery may read any variable around it: a name no scope holds
                    // keeps it for the whole match.
                    if subquery.query != nil { variables.append(" subquery") }
                case .mapProjection(let name, _): variables.append(name)
                default: break
                }
                return true
            }
        }
        visit(expression)
        return (variables, patternNames)
    }

    /// The slots of the names `expression` reads; nil when it reads a variable `scope` does not
    /// hold (a comprehension's own, say: such a conjunct waits for the whole match).
    static func slots(_ expression: Expression, in scope: Scope) -> Set<Int>? {
        let (variables, patternNames) = names(in: expression)
        var slots = Set<Int>()
        for name in variables {
            guard let slot = scope.slot(name) else { return nil }
            slots.insert(slot)
        }
        for name in patternNames { if let slot = scope.slot(name) { slots.insert(slot) } }
        return slots
    }

    /// The steps of `plan` at whose start a test of `slots` runs: those where every path to
    /// the step has bound them and some path to it had not bound them before (so the test runs
    /// once per partial match), never after the last step (WHERE itself runs there).
    /// `outer`: the slots bound before the MATCH.
    static func steps(testing slots: Set<Int>, in plan: PatternPlan, outer: Set<Int>) -> [Int] {
        let steps = plan.steps
        var predecessors = [[Int]](repeating: [], count: steps.count + 1)
        for (index, step) in steps.enumerated() {
            switch step {
            case .choose(let options): for option in options { predecessors[option.steps].append(index) }
            case .jump(let target): predecessors[target].append(index)
            default: predecessors[index + 1].append(index)
            }
        }
        // What each step binds, and what is bound on entry to each (every path to it).
        var entry = [Set<Int>](repeating: [], count: steps.count + 1)
        entry[0] = outer
        for index in 1..<entry.count {
            var bound: Set<Int>? = nil
            for predecessor in predecessors[index] {
                let after = entry[predecessor].union(binds(steps[predecessor]))
                bound = bound.map { $0.intersection(after) } ?? after
            }
            entry[index] = bound ?? []
        }
        return steps.indices.filter { index in
            slots.isSubset(of: entry[index])
                && (index == 0 || predecessors[index].contains { !slots.isSubset(of: entry[$0]) })
        }
    }

    private static func binds(_ step: PatternPlan.Step) -> [Int] {
        switch step {
        case .start(let node, _): [node.slot]
        case .expand(_, let relationship, let to, _, _, _): [relationship.slot, to.slot]
        case .scanEdges(let from, let relationship, let to): [from.slot, relationship.slot, to.slot]
        case .shortest(_, let relationship, _, _, let path, _): [relationship.slot] + (path.map { [$0] } ?? [])
        case .path(let slot, _, _): [slot]
        case .choose, .jump: []
        }
    }

    /// A row engine test of a pushed conjunct: false drops the partial match; a speculative
    /// test gives null for an error or a value that is not a boolean.
    static func test(_ evaluator: @escaping Evaluator, speculative: Bool) -> Evaluator {
        guard speculative else { return evaluator }
        return { row, context in
            do {
                let value = try evaluator(row, context)
                if case .bool = value { return value }
                return .null
            } catch let error as QueryError where error.kind == .interrupted {
                throw error
            } catch {
                return .null
            }
        }
    }
}
