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
    /// False inside a `MemoKernel`'s own kernels (one table per expression is enough).
    var memoizes = VectorCompiler.memoizing

    /// Off (for a task: `$memoizing.withValue(false) { … }`), nothing is memoized: every
    /// expression runs on its own kernels, those a `MemoKernel` otherwise hides behind its
    /// table. What the differential tests turn off to reach them.
    @TaskLocal static var memoizing = true

    func compile(_ expression: Expression) throws(QueryError) -> VectorExpression {
        if Self.isConstant(expression) {
            var compiler = ExpressionCompiler(scope: Scope(), source: source)
            return ConstantKernel(try compiler.compile(expression))
        }
        if memoizes, let kernel = try memoized(expression) { return kernel }
        switch expression.kind {
        case .variable(let name):
            if let slot = entitySlot(name) { return EntityKernel(slot: slot, tag: kinds[slot]) }
            if let slot = scope.slot(name), slot < kinds.count, kinds[slot] == VectorTag.boxed { return ValueKernel(slot: slot) }
        case .property(let base, let key):
            if case .variable(let name) = base.kind, let slot = entitySlot(name) {
                return PropertyKernel(slot: slot, edges: kinds[slot] == VectorTag.edge, key: key)
            }
            // A part of the duration between two values: read off without boxing the duration.
            if case .call(let name, false, let arguments) = base.kind, arguments.count == 2,
               let unit = Functions.differenceUnit(name.lowercased()), let function = Functions.lookup(name.lowercased()) {
                return DurationPartKernel(function.implementation, unit: unit, try arguments.map { (e) throws(QueryError) in try compile(e) },
                                          key: key, callRange: base.range, range: expression.range)
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
                // `size([(p)-[:R]->(a) WHERE … | 1])`: the matches counted, as COUNT { (p)-[:R]->(a) WHERE … }
                // counts them.
                if lowered == "size", arguments.count == 1,
                   case .patternComprehension(nil, let part, let predicate, let projection) = arguments[0].kind, Self.raisesNothing(projection),
                   let kernel = try patternExists(part, counts: true, localNames: true, predicate: predicate) {
                    return kernel
                }
                let kernels = try arguments.map { (e) throws(QueryError) in try compile(e) }
                if lowered == "coalesce" { return CoalesceKernel(kernels) }
                if (lowered == "during" && kernels.count == 3) || (lowered == "overlaps" && kernels.count == 4) {
                    return IntervalKernel(function.implementation, kernels, range: expression.range, overlaps: lowered == "overlaps")
                }
                if lowered == "size" && kernels.count == 1 {
                    return SizeKernel(function.implementation, kernels[0], range: expression.range)
                }
                if let kernel = StringSliceKernel(lowered, function.implementation, kernels, range: expression.range) { return kernel }
                let deterministic = !["rand", "randomuuid", "timestamp"].contains(lowered)
                return CallKernel(function.implementation, kernels, range: expression.range, memoized: deterministic)
            }
        case .index(let base, let index):
            // `split(s, ':')[2]`: the field cut from the text's bytes.
            if case .call(let name, false, let arguments) = base.kind, name.lowercased() == "split", arguments.count == 2,
               let split = Functions.lookup("split"),
               let kernel = StringSliceKernel(field: try compile(arguments[0]), separator: try compile(arguments[1]), index: try compile(index),
                                              split: split.implementation, splitRange: base.range, range: expression.range) {
                return kernel
            }
            // `list[i]`, `map[key]`: the row engine's rule on each row, its parts as kernels.
            return CallKernel({ values, context, range in try Operations.index(values[0], values[1], context.graph, range) },
                              [try compile(base), try compile(index)], range: expression.range, memoized: true)
        case .slice(let base, let from, let to):
            let bounds = try [from, to].compactMap { $0 }.map { (e) throws(QueryError) in try compile(e) }
            return CallKernel({ values, _, range in
                try Operations.slice(values[0], from == nil ? nil : values[1], to == nil ? nil : values[values.count - 1], range)
            }, [try compile(base)] + bounds, range: expression.range, memoized: true)
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
            if let kernel = try patternExists(part) { return kernel }
        case .exists(let subquery) where subquery.query == nil && subquery.patterns.count == 1:
            if let kernel = try patternExists(subquery.patterns[0], counts: subquery.counts, localNames: true,
                                              predicate: subquery.predicate) { return kernel }
        default:
            break
        }
        var compiler = ExpressionCompiler(scope: scope, source: source)
        return RowKernel(try compiler.compile(expression), kinds: kinds, width: scope.count)
    }

    /// A one-hop pattern predicate from a node of the match, when `PatternExistsKernel` runs it.
    /// `localNames`: the pattern's own names, those of a subquery or comprehension that nothing
    /// else reads (`COUNT { (p)-[h:HELD]->(r) }`), are as good as none. The far node's and the
    /// edge's property maps and the subquery's WHERE (`predicate`), when they read only those
    /// local names, literals and parameters, become a test of each edge (`edgeTest`).
    private func patternExists(_ part: PatternPart, counts: Bool = false, localNames: Bool = false,
                               predicate: Expression? = nil) throws(QueryError) -> VectorExpression? {
        guard part.pathVariable == nil, part.shortest == nil, part.relationships.count == 1, part.nodes.count == 2 else { return nil }
        let relationship = part.relationships[0]
        func anonymous(_ name: String?) -> Bool { name == nil || localNames && !scope.contains(name!) }
        guard anonymous(relationship.variable), relationship.length == nil else { return nil }
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
        guard part.nodes[start].labels.isEmpty, part.nodes[start].properties == nil else { return nil }
        var test: PatternExistsKernel.Test? = nil
        if other.properties != nil || relationship.properties != nil || predicate != nil {
            guard node(end) == nil, let made = try edgeTest(far: other, relationship, predicate) else { return nil }
            test = made
        }
        return PatternExistsKernel(from: node(start)!, direction: direction, types: relationship.types.uniqued(),
                                   to: node(end), labels: other.labels, counts: counts, test: test)
    }

    /// The far node's and the edge's property maps (`{kind: 'x'}`: `kind = 'x'` true) and
    /// `predicate`, as one condition compiled over a row of two: the far node, then the edge.
    /// Nil when a part reads anything else (a variable of the match, a pattern, a map given
    /// whole as a parameter), for the row engine to run.
    private func edgeTest(far: NodePattern, _ relationship: RelationshipPattern, _ predicate: Expression?)
        throws(QueryError) -> PatternExistsKernel.Test? {
        let farName = far.variable ?? " far", edgeName = relationship.variable ?? " edge"
        var conditions: [Expression] = []
        func equalities(_ properties: Expression?, of name: String) -> Bool {
            guard let properties else { return true }
            guard case .map(let entries) = properties.kind, entries.allSatisfy({ Self.isConstant($0.value) }) else { return false }
            let base = Expression(.variable(name), properties.range)
            for entry in entries {
                conditions.append(Expression(.binary(.equal, Expression(.property(base, entry.key), properties.range), entry.value),
                                             properties.range))
            }
            return true
        }
        guard equalities(far.properties, of: farName), equalities(relationship.properties, of: edgeName) else { return nil }
        var readsEdge = relationship.properties != nil
        if let predicate {
            var fits = true
            ExpressionCompiler.visit(predicate) { part in
                switch part.kind {
                case .variable(let name):
                    if name == relationship.variable { readsEdge = true } else if name != far.variable { fits = false }
                case .pattern, .exists, .patternComprehension, .listComprehension, .quantifier, .reduce, .mapProjection, .countStar:
                    fits = false
                default: break
                }
                return fits
            }
            guard fits else { return nil }
            conditions.append(predicate)
        }
        let condition = conditions.dropFirst().reduce(conditions[0]) { Expression(.binary(.and, $0, $1), $1.range) }
        var inner = Scope()
        inner.declare(farName)
        inner.setKind(.node, for: farName)
        inner.declare(edgeName)
        inner.setKind(.relationship, for: edgeName)
        var compiler = ExpressionCompiler(scope: inner, source: source)
        let evaluator = try compiler.compile(condition)
        // A condition that cannot raise runs as kernels over all the edges of a batch at once
        // (an error would otherwise come from an edge the row engine never tests).
        let quiet = VectorMatchPlan.raisesNothing(condition, nodes: { $0 == farName })
        let kernel = quiet ? try VectorCompiler(scope: inner, source: source, kinds: [VectorTag.node, VectorTag.edge]).compile(condition) : nil
        return PatternExistsKernel.Test(evaluator: evaluator, kernel: kernel, readsEdge: readsEdge)
    }

    /// The names the inputs of a `MemoKernel` have in its expression (no query can spell them).
    private static func memoInput(_ number: Int) -> String { " memo input \(number)" }

    /// Functions that may give another value for the same argument.
    private static let nondeterministic: Set<String> = ["rand", "randomuuid", "timestamp"]
    /// Functions that give what a kernel of their own gives without a table.
    private static let cheap: Set<String> = ["coalesce"]
    /// The most properties a memoized expression reads: the combinations of more rarely repeat.
    private static let memoInputs = 3

    /// A computation over at most three properties of the match's nodes and relationships and
    /// nothing else (literals, parameters): a `MemoKernel`, run once per distinct combination
    /// of their values. Only for expressions that call a function or join strings (those
    /// without run as kernels of their own).
    private func memoized(_ expression: Expression) throws(QueryError) -> VectorExpression? {
        // `a AND b` is a logic kernel over its parts, each kept on its own: one table keyed by
        // the parts' inputs together would see far more combinations than either part.
        if case .binary(let op, _, _) = expression.kind, op == .and || op == .or || op == .xor { return nil }
        var inputs: [(name: String, key: String)] = []
        var computes = false
        // The variables of the comprehensions and quantifiers around a part (their items).
        var locals: [String] = [], everyLocal: Set<String> = []
        func fits(_ part: Expression) -> Bool {
            // A constant part (`date('2016-01-01')`) is evaluated once per run as it is; it
            // makes no computation per row (so `h.from >= date('…')` stays a comparison that
            // scans and indexes answer).
            if Self.isConstant(part) { return true }
            switch part.kind {
            case .literal, .parameter:
                return true
            case .property(let base, let key):
                guard case .variable(let name) = base.kind, !locals.contains(name) else { return fits(base) }
                guard entitySlot(name) != nil else { return false }
                if inputs.contains(where: { $0.name == name && $0.key == key }) { return true }
                inputs.append((name, key))
                return inputs.count <= Self.memoInputs
            case .call(let name, let distinct, let arguments):
                let lowered = name.lowercased()
                guard !distinct, !Functions.aggregates.contains(lowered), lowered != "exists", Functions.lookup(lowered) != nil,
                      !Self.nondeterministic.contains(lowered) else { return false }
                if !Self.cheap.contains(lowered) { computes = true }
                return arguments.allSatisfy(fits)
            case .unary(_, let operand), .isNull(let operand, _):
                return fits(operand)
            case .binary(let op, let lhs, let rhs):
                // `+` may join strings (or lists), making a new value per row; beside a number
                // (or a constant that is no string) it adds, which a kernel does without a table.
                if op == .add, !addsNumbers(lhs) && !addsNumbers(rhs) { computes = true }
                return fits(lhs) && fits(rhs)
            case .index(let lhs, let rhs):
                return fits(lhs) && fits(rhs)
            case .slice(let base, let from, let to):
                return fits(base) && (from.map(fits) ?? true) && (to.map(fits) ?? true)
            case .list(let items):
                return items.allSatisfy(fits)
            case .map(let entries):
                return entries.allSatisfy { fits($0.value) }
            case .caseOf(let subject, let branches, let otherwise):
                return (subject.map(fits) ?? true) && branches.allSatisfy { fits($0.when) && fits($0.then) } && (otherwise.map(fits) ?? true)
            case .variable(let name):
                return locals.contains(name)
            case .listComprehension(let variable, let source, let predicate, let projection):
                // `[w IN split(p.name, ' ') WHERE size(w) > 3]`: a computation over the list's items.
                guard fits(source) else { return false }
                computes = true
                locals.append(variable)
                everyLocal.insert(variable)
                defer { locals.removeLast() }
                return (predicate.map(fits) ?? true) && (projection.map(fits) ?? true)
            case .quantifier(_, let variable, let source, let predicate):
                guard fits(source) else { return false }
                computes = true
                locals.append(variable)
                everyLocal.insert(variable)
                defer { locals.removeLast() }
                return fits(predicate)
            default:
                return false
            }
        }
        // (An item's name that is also an input's variable would have its properties taken for the input's.)
        guard fits(expression), computes, !inputs.isEmpty, !inputs.contains(where: { everyLocal.contains($0.name) }) else { return nil }
        var kernels: [VectorExpression] = []
        for input in inputs {
            guard let slot = entitySlot(input.name) else { return nil }
            kernels.append(PropertyKernel(slot: slot, edges: kinds[slot] == VectorTag.edge, key: input.key))
        }
        let replaced = expression.replacingParts { part in
            guard case .property(let base, let key) = part.kind, case .variable(let name) = base.kind,
                  let number = inputs.firstIndex(where: { $0.name == name && $0.key == key }) else { return nil }
            return Expression(.variable(Self.memoInput(number)), part.range)
        }
        var inner = Scope()
        for number in inputs.indices { _ = inner.declare(Self.memoInput(number)) }
        var compiler = ExpressionCompiler(scope: inner, source: source)
        var plain = self
        plain.memoizes = false
        let fallback = try plain.compile(expression)
        // Computed from words (`duration.between(h.from, h.to).years > 4`): cheaper than a table.
        if fallback.computesOnWords { return fallback }
        return MemoKernel(inputs: kernels, evaluator: try compiler.compile(replaced), fallback: fallback.runsAnywhere ? fallback : nil)
    }

    /// An operand of `+` that makes it an addition rather than a joining of strings: a number
    /// by its static type, or a constant other than a string literal or a parameter.
    private func addsNumbers(_ operand: Expression) -> Bool {
        if let type = StaticType.of(operand, in: scope) { return type == .integer || type == .float }
        switch operand.kind {
        case .parameter: return false
        default: return Self.isConstant(operand)
        }
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
