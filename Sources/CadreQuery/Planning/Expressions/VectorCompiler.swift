import CadreGraph

/// Compiles expressions over a MATCH's variables to kernels. Comparisons, logic, property
/// reads, labels, `type(r)` and date components get kernels of their own; a part that reads no
/// variable becomes a constant, evaluated once per run; anything else runs through the row
/// engine's evaluator row by row (`RowKernel`), so every expression compiles.
///
/// The row engine compiles each expression first and raises every error; this compiler only
/// sees expressions known to be valid.
struct VectorCompiler {
    let scope: Scope
    let source: SourceText
    /// Per slot: `VectorTag.node` or `.edge` for handles, `.boxed` for values the batches hold
    /// (`Batch.values`), `.null` for what they do not hold (read by the row engine's evaluator).
    let kinds: [UInt8]

    func compile(_ expression: Expression) throws(QueryError) -> VectorExpression {
        if Self.isConstant(expression) {
            var compiler = ExpressionCompiler(scope: Scope(), source: source)
            return ConstantKernel(try compiler.compile(expression))
        }
        switch expression.kind {
        case .variable(let name):
            if let slot = entitySlot(name) { return EntityKernel(slot: slot, tag: kinds[slot]) }
            if let slot = scope.slot(name), slot < kinds.count, kinds[slot] == VectorTag.boxed { return ValueKernel(slot: slot) }
        case .property(let base, let key):
            if case .variable(let name) = base.kind, let slot = entitySlot(name) {
                return PropertyKernel(slot: slot, edges: kinds[slot] == VectorTag.edge, key: key)
            }
            return ComponentKernel(base: try compile(base), key: key, range: expression.range)
        case .binary(let op, let lhs, let rhs):
            switch op {
            case .and, .or, .xor:
                return LogicKernel(op, try compile(lhs), try compile(rhs), ranges: (lhs.range, rhs.range))
            case .regexMatch:
                return RegexKernel(try compile(lhs), try compile(rhs), range: rhs.range)
            default:
                return BinaryKernel(op, try compile(lhs), try compile(rhs), range: expression.range)
            }
        case .unary(.not, let operand):
            return LogicKernel(nil, try compile(operand), nil, ranges: (operand.range, nil))
        case .isNull(let operand, let negated):
            return IsNullKernel(try compile(operand), negated: negated)
        case .hasLabels(let base, let labels):
            if case .variable(let name) = base.kind, let slot = entitySlot(name), kinds[slot] == VectorTag.node {
                return LabelKernel(slot: slot, labels: labels)
            }
        case .call(let name, false, let arguments) where name.lowercased() == "type" && arguments.count == 1:
            if case .variable(let variable) = arguments[0].kind, let slot = entitySlot(variable), kinds[slot] == VectorTag.edge {
                return TypeKernel(slot: slot)
            }
        case .call(let name, false, let arguments) where name.lowercased() == "labels" && arguments.count == 1:
            if case .variable(let variable) = arguments[0].kind, let slot = entitySlot(variable), kinds[slot] == VectorTag.node {
                return LabelsKernel(slot: slot)
            }
        case .call(let name, false, let arguments):
            let lowered = name.lowercased()
            // `exists((p)-[:R]->())`: the pattern predicate.
            if lowered == "exists", arguments.count == 1, case .pattern = arguments[0].kind { return try compile(arguments[0]) }
            // Scalar functions whose arguments the kernels give (not `exists`, which reads its
            // argument's form, nor those that read no argument).
            if !Functions.aggregates.contains(lowered), lowered != "exists", !arguments.isEmpty,
               let function = Functions.lookup(lowered) {
                // `size([(p)-[:R]->() | 1])`: the matches counted, as COUNT { (p)-[:R]->() } counts them.
                if lowered == "size", arguments.count == 1, case .patternComprehension(nil, let part, nil, let projection) = arguments[0].kind,
                   Self.raisesNothing(projection), let kernel = patternExists(part, counts: true, localNames: true) {
                    return kernel
                }
                let kernels = try arguments.map { (e) throws(QueryError) in try compile(e) }
                if lowered == "coalesce" { return CoalesceKernel(kernels) }
                if lowered == "size" && kernels.count == 1 {
                    return SizeKernel(function.implementation, kernels[0], range: expression.range)
                }
                let deterministic = !["rand", "randomuuid", "timestamp"].contains(lowered)
                return CallKernel(function.implementation, kernels, range: expression.range, memoized: deterministic)
            }
        case .caseOf(let subject, let branches, let otherwise):
            return CaseKernel(subject: try subject.map { (e) throws(QueryError) in try compile(e) },
                              branches: try branches.map { (branch) throws(QueryError) in
                                  CaseKernel.Branch(when: try compile(branch.when), then: try compile(branch.then), range: branch.when.range)
                              },
                              otherwise: try otherwise.map { (e) throws(QueryError) in try compile(e) })
        case .quantifier(let quantifier, let variable, let list, let predicate) where scope.count >= kinds.count:
            return try lambda(quantifier, variable, list, predicate, nil, expression.range)
        case .listComprehension(let variable, let list, let predicate, let projection)
            where scope.count >= kinds.count
                && (predicate == nil || projection == nil || VectorMatchPlan.raisesNothing(predicate!, nodes: { _ in false })):
            // (A filter that may raise beside a projection: the row engine's order of the two
            // errors is kept by the row engine.)
            return try lambda(nil, variable, list, predicate, projection, expression.range)
        case .pattern(let part):
            if let kernel = patternExists(part) { return kernel }
        case .exists(let subquery) where subquery.query == nil && subquery.predicate == nil && subquery.patterns.count == 1:
            if let kernel = patternExists(subquery.patterns[0], counts: subquery.counts, localNames: true) { return kernel }
        default:
            break
        }
        var compiler = ExpressionCompiler(scope: scope, source: source)
        return RowKernel(try compiler.compile(expression), kinds: kinds, width: scope.count)
    }

    /// A one-hop pattern predicate from a node of the match, when `PatternExistsKernel` runs it.
    /// `localNames`: the pattern's own names, those of a subquery or comprehension that nothing
    /// else reads (`COUNT { (p)-[h:HELD]->(r) }`), are as good as none.
    private func patternExists(_ part: PatternPart, counts: Bool = false, localNames: Bool = false) -> VectorExpression? {
        guard part.pathVariable == nil, part.shortest == nil, part.relationships.count == 1, part.nodes.count == 2 else { return nil }
        let relationship = part.relationships[0]
        func anonymous(_ name: String?) -> Bool { name == nil || localNames && !scope.contains(name!) }
        guard anonymous(relationship.variable), relationship.properties == nil, relationship.length == nil,
              part.nodes.allSatisfy({ $0.properties == nil }) else { return nil }
        func node(_ index: Int) -> Int? {
            guard let name = part.nodes[index].variable, let slot = entitySlot(name), kinds[slot] == VectorTag.node else { return nil }
            return slot
        }
        // From a bound node to the other end: the one written first when both are bound.
        let (start, end, direction): (Int, Int, Direction)
        if node(0) != nil {
            (start, end, direction) = (0, 1, relationship.direction)
        } else if node(1) != nil {
            (start, end, direction) = (1, 0, relationship.direction.reversed)
        } else {
            return nil
        }
        let other = part.nodes[end]
        // The far end: anonymous, or a node of the match (a new name is not allowed in a
        // pattern predicate; in a subquery it is its own).
        if !anonymous(other.variable) && node(end) == nil { return nil }
        // The near end's own labels are tested as a label predicate would be.
        guard part.nodes[start].labels.isEmpty else { return nil }
        return PatternExistsKernel(from: node(start)!, direction: direction, types: relationship.types.uniqued(),
                                   to: node(end), labels: other.labels, counts: counts)
    }

    /// A literal, a parameter or a variable: nothing to evaluate that could raise.
    private static func raisesNothing(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .literal, .parameter, .variable: true
        default: false
        }
    }

    /// A quantifier or list comprehension as a `ListLambdaKernel`: its predicate and
    /// projection compiled over the row's slots and one more for the variable.
    private func lambda(_ quantifier: Quantifier?, _ variable: String, _ list: Expression, _ predicate: Expression?,
                        _ projection: Expression?, _ range: SourceRange) throws(QueryError) -> VectorExpression {
        var inner = scope
        let slot = inner.declareShadowing(variable)
        var innerKinds = kinds + [UInt8](repeating: VectorTag.null, count: max(0, slot + 1 - kinds.count))
        innerKinds[slot] = VectorTag.boxed
        let compiler = VectorCompiler(scope: inner, source: source, kinds: innerKinds)
        return ListLambdaKernel(quantifier: quantifier, list: try compile(list), slot: slot, width: innerKinds.count,
                                predicate: try predicate.map { (e) throws(QueryError) in try compiler.compile(e) },
                                projection: try projection.map { (e) throws(QueryError) in try compiler.compile(e) }, range: range)
    }

    /// The slot of a node or relationship variable the batches hold as handles.
    private func entitySlot(_ name: String) -> Int? {
        guard let slot = scope.slot(name), slot < kinds.count, kinds[slot] == VectorTag.node || kinds[slot] == VectorTag.edge
        else { return nil }
        return slot
    }

    /// True when the expression reads no variable and gives the same value every time.
    static func isConstant(_ expression: Expression) -> Bool {
        var constant = true
        ExpressionCompiler.visit(expression) { node in
            switch node.kind {
            case .variable, .countStar, .pattern, .patternComprehension, .exists, .listComprehension, .quantifier, .reduce,
                 .mapProjection:
                constant = false
            case .call(let name, _, _):
                let lowered = name.lowercased()
                if Functions.aggregates.contains(lowered) || ["rand", "randomuuid", "timestamp"].contains(lowered) { constant = false }
            default: break
            }
            return constant
        }
        return constant
    }
}
