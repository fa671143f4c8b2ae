import CadreGraph

/// A rewrite: `MATCH (a:Person {id: …}), (b:Person) WHERE b.born = a.born` is
/// `MATCH (a:Person {id: …}) MATCH (b:Person) WHERE b.born = a.born`, so the second part runs in
/// batches once per row of the first (`VectorMatchPlan.outer`) instead of the whole pattern row
/// by row. WHERE's conjuncts that read only the first part's variables (or those of the clauses
/// before) go with it.
///
/// Exact only where nothing can tell the two apart, hence its guards: a MATCH, not an OPTIONAL
/// MATCH (whose nulls would come per part); two parts, one without relationships (a MATCH binds
/// each relationship once across its parts, two clauses would not); and a WHERE whose every
/// conjunct raises nothing (so which rows meet which conjunct first cannot change an error).
enum DisconnectedParts {
    static func split(_ query: SingleQuery) -> SingleQuery {
        var clauses: [Clause] = []
        for clause in query.clauses {
            guard case .match(false, let patterns, let predicate) = clause.kind, patterns.count == 2,
                  patterns.contains(where: { $0.relationships.isEmpty }) else {
                clauses.append(clause)
                continue
            }
            let (first, second) = (patterns[0], patterns[1])
            let secondNames = Set(second.names)
            var nodes = Set<String>(), entities = Set<String>()
            for part in patterns {
                nodes.formUnion(part.nodes.compactMap(\.variable))
                entities.formUnion(part.nodes.compactMap(\.variable) + part.relationships.compactMap(\.variable))
            }
            let conjuncts = predicate.map(Planner.conjuncts) ?? []
            guard conjuncts.allSatisfy({ conjunct in
                VectorMatchPlan.raisesNothing(conjunct, nodes: nodes.contains)
                    && PredicatePushdown.readsPropertiesOfEntitiesOnly(conjunct, entities.contains)
            }) else {
                clauses.append(clause)
                continue
            }
            var early: [Expression] = [], late: [Expression] = []
            for conjunct in conjuncts {
                let read = PredicatePushdown.names(in: conjunct)
                if (read.variables + read.patternNames).contains(where: secondNames.contains) { late.append(conjunct) } else { early.append(conjunct) }
            }
            clauses.append(Clause(kind: .match(optional: false, patterns: [first], predicate: and(early)), range: clause.range))
            clauses.append(Clause(kind: .match(optional: false, patterns: [second], predicate: and(late)), range: clause.range))
        }
        return SingleQuery(clauses: clauses)
    }

    private static func and(_ conjuncts: [Expression]) -> Expression? {
        conjuncts.dropFirst().reduce(conjuncts.first) { left, right in
            Expression(.binary(.and, left!, right), SourceRange(start: left!.range.start, end: right.range.end))
        }
    }
}
