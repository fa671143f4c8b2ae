import CadreGraph

/// A rewrite: a pattern's property maps of constants become conjuncts of its WHERE.
/// `MATCH (p:Person)-[:HELD]->(r:Role {role: 'bi_thu'})` is
/// `MATCH (p:Person)-[:HELD]->(r:Role) WHERE coalesce(r.role = 'bi_thu', false)` in openCypher
/// (a map matches where each key's value equals the given one; a missing key matches nothing,
/// and the rest of WHERE is then never evaluated, hence false rather than null), and in that
/// form the batches run it: the test filters right after the step that binds the node, like
/// any pushed conjunct. The conjuncts come first (a match tests the map before WHERE).
///
/// Only maps whose every value reads no variable (literals, parameters, functions of them), or,
/// for a MATCH after rows, is a variable of those rows or a property of one (`UNWIND … AS n
/// MATCH (p {name: n})`, which then joins like `WHERE p.name = n`), and that do not hold `id`; not on variable-length relationships (whose map applies to each edge of the path). An
/// element without a variable gets a hidden one (its name starts with a space, which no query
/// can write).
enum PatternProperties {
    /// `clause`: the clause's index, which makes its hidden names its own.
    /// `before`: the variables bound before the MATCH, for a MATCH after rows (else none).
    static func asConjuncts(_ patterns: [PatternPart], predicate: Expression?, clause: Int,
                            before: Scope = Scope()) -> (patterns: [PatternPart], predicate: Expression?)? {
        func usable(_ value: Expression) -> Bool {
            if VectorCompiler.isConstant(value) { return true }
            switch value.kind {
            case .variable(let name): return before.contains(name)
            case .property(let owner, _):
                if case .variable(let name) = owner.kind { return before.contains(name) }
                return false
            default: return false
            }
        }
        var patterns = patterns
        var conjuncts: [Expression] = []
        var hidden = 0
        func take(_ properties: Expression?, _ variable: inout String?) -> Bool {
            // A map with `id` stays: the node is looked up by its id (a point lookup beats a batch).
            guard let properties, case .map(let entries) = properties.kind, !entries.isEmpty,
                  entries.allSatisfy({ usable($0.value) && $0.key != "id" }) else { return false }
            if variable == nil {
                variable = " m\(clause).\(hidden)"
                hidden += 1
            }
            for entry in entries {
                let owner = Expression(.variable(variable!), properties.range)
                let property = Expression(.property(owner, entry.key), properties.range)
                // A map matches only where the value is equal: where the comparison is null
                // (the key missing), false, so that an AND after it is not evaluated there.
                let equal = Expression(.binary(.equal, property, entry.value), properties.range)
                let no = Expression(.literal(.bool(false)), properties.range)
                conjuncts.append(Expression(.call(name: "coalesce", distinct: false, arguments: [equal, no]), properties.range))
            }
            return true
        }
        for part in patterns.indices {
            for node in patterns[part].nodes.indices where take(patterns[part].nodes[node].properties, &patterns[part].nodes[node].variable) {
                patterns[part].nodes[node].properties = nil
            }
            for relationship in patterns[part].relationships.indices where !patterns[part].relationships[relationship].isVariableLength
                && take(patterns[part].relationships[relationship].properties, &patterns[part].relationships[relationship].variable) {
                patterns[part].relationships[relationship].properties = nil
            }
        }
        guard !conjuncts.isEmpty else { return nil }
        var combined = conjuncts[0]
        for conjunct in conjuncts.dropFirst() + (predicate.map { [$0] } ?? []) {
            // The pattern's maps may come in any order in the text: the range covers them all.
            let range = SourceRange(start: min(combined.range.start, conjunct.range.start), end: max(combined.range.end, conjunct.range.end))
            combined = Expression(.binary(.and, combined, conjunct), range)
        }
        return (patterns, combined)
    }
}
