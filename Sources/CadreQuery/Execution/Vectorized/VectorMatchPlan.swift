import CadreGraph

/// A MATCH run in batches: the same start and expansions as the row engine's `PatternPlan`
/// (so rows come in the same order), each step applied to a batch of rows at once, then WHERE
/// as kernels over the batch.
///
/// Taken for a first MATCH of one pattern part whose steps are a start (a lookup, a label, every
/// node, or a scan of a type's edges) and single-hop expansions; variable-length and shortest
/// paths, named paths, property maps past the start and starts looked up by `id` stay with the
/// row engine.
final class VectorMatchPlan {
    struct Expand {
        var from: Int
        var relationship: PatternPlan.RelationshipSpec
        var to: PatternPlan.NodeSpec
        var toBound: Bool
        var reversed: Bool
        /// A variable-length hop's bounds (`VectorMatchOperator+Trails`); nil for one edge.
        var length: (min: Int, max: Int)? = nil
    }

    enum Source {
        case start(PatternPlan.NodeSpec)
        /// Every edge of the relationship's types; `forward`: `from` is the edge's source.
        case scanEdges(from: PatternPlan.NodeSpec, relationship: PatternPlan.RelationshipSpec, to: PatternPlan.NodeSpec, forward: Bool)
    }

    /// One way to run the pattern; a pattern with several labelled nodes has one per label,
    /// chosen when running (the rarest label starts, as in the row engine).
    struct Option {
        var source: Source
        var expands: [Expand]
        /// The node whose label count decides, for a choice.
        var chosenBy: PatternPlan.NodeSpec?

        /// True when a node or relationship of it has a property map or an index hint, which
        /// may read the row pushed in (so its matches may differ from one row to the next).
        var readsRow: Bool {
            func node(_ spec: PatternPlan.NodeSpec) -> Bool {
                !spec.properties.isEmpty || spec.propertyMap != nil || spec.idHint != nil || spec.nameHint != nil
            }
            func relationship(_ spec: PatternPlan.RelationshipSpec) -> Bool { !spec.properties.isEmpty || spec.propertyMap != nil }
            let source = switch self.source {
            case .start(let start): node(start)
            case .scanEdges(let from, let edge, let to, _): node(from) || relationship(edge) || node(to)
            }
            return source || expands.contains { node($0.to) || relationship($0.relationship) }
        }
    }

    /// A MATCH or OPTIONAL MATCH after the first: hops from a node bound before, its WHERE, and
    /// the slots it binds (an OPTIONAL MATCH leaves them null in a row it finds nothing for;
    /// a MATCH drops the row).
    struct OptionalStage {
        var optional: Bool
        var expands: [Expand]
        var predicate: VectorExpression?
        var predicateRange: SourceRange
        var newSlots: [Int]
        /// Its relationship slots, when it has several (each edge once in a match).
        var relationshipSlots: [Int]
        /// A `WITH DISTINCT` that passes variables on: only the first row of each combination
        /// of these slots goes on.
        var distinctSlots: [Int]? = nil
        /// The node it starts at, when rows may hold it null (after a breaker): a MATCH drops
        /// such rows.
        var start: Int? = nil
    }

    /// A MATCH or OPTIONAL MATCH (`matcher`, compiled in `scope`) as a stage over rows whose
    /// slots hold `kinds` (widened to the scope, with the slots it binds): it starts at a node
    /// the rows hold and takes single hops (or none: `MATCH (p) WHERE …`). Nil, with `kinds`
    /// unchanged, when it does not.
    static func stage(_ matcher: PatternMatcher, optional: Bool, predicate: Expression?, scope: Scope, source: SourceText,
                      kinds: inout [UInt8]) throws(QueryError) -> OptionalStage? {
        let steps = matcher.plan.steps
        guard case .start(let start, true)? = steps.first, start.slot < kinds.count, kinds[start.slot] == VectorTag.node,
              start.labels.isEmpty, start.properties.isEmpty, start.propertyMap == nil, start.distinctFrom.isEmpty
        else { return nil }
        let width = kinds.count
        var widened = kinds + [UInt8](repeating: VectorTag.null, count: max(0, scope.count - kinds.count))
        var expands: [Expand] = []
        for step in steps.dropFirst() {
            // Hops from and to nodes the rows hold as handles (not values a projection made).
            guard case .expand(let from, let relationship, let to, let toBound, false, let reversed) = step,
                  plainNode(to), plainRelationship(relationship), widened[from] == VectorTag.node,
                  !toBound || widened[to.slot] == VectorTag.node, relationship.slot >= width else { return nil }
            expands.append(Expand(from: from, relationship: relationship, to: to, toBound: toBound, reversed: reversed))
            widened[to.slot] = VectorTag.node
            widened[relationship.slot] = VectorTag.edge
        }
        let compiler = VectorCompiler(scope: scope, source: source, kinds: widened)
        let kernel = try predicate.map { (e) throws(QueryError) in try compiler.compile(e) }
        kinds = widened
        return OptionalStage(optional: optional, expands: expands, predicate: kernel, predicateRange: predicate?.range ?? .at(0),
                             newSlots: Array(width..<scope.count),
                             relationshipSlots: matcher.plan.relationshipSlots.count > 1 ? matcher.plan.relationshipSlots : [],
                             start: start.slot)
    }

    let options: [Option]
    let optionals: [OptionalStage]
    let matcher: PatternMatcher
    /// WHERE's conjuncts tested as soon as their variables are bound (`pushed`), then the rest.
    let predicate: VectorExpression?
    let predicateRange: SourceRange
    /// The leading conjuncts of WHERE that raise no error and give a boolean or null (see
    /// `raisesNothing`), with the slots each reads: each filters the rows right after the step
    /// that binds the last of them, rather than after the whole pattern. Exact: such a test
    /// drops the same rows wherever it runs, and since only a prefix is taken, the conjuncts
    /// after still see only the rows the ones before left, as they do row by row.
    let pushed: [Pushed]
    /// True when the pushed tests keep the rows they find null (see `make`).
    let pushedKeepNull: Bool
    /// True when the scan may decide pushed tests on columns (`ScanFilter`); a rewrite, off
    /// with the others.
    var scanFilters = true
    /// The conjuncts right after a speculative pushed test that compare a property (or its
    /// year) with a constant, in order (see `make`).
    var columnTail: [VectorExpression] = []
    /// True when the pushed tests and `columnTail` are every conjunct of WHERE: a scan that
    /// takes them all decides WHERE whole (`VectorMatchOperator.push`).
    var tailEndsWhere = false

    struct Pushed {
        var kernel: VectorExpression
        var slots: [Int]
        /// The parameters it reads: one a run lacks is an error only where the row engine
        /// would meet it, so then every test waits for the whole pattern.
        var parameters: [String]
    }
    /// Per slot of the rows: `VectorTag.node`, `.edge` or `.null`.
    let kinds: [UInt8]
    let width: Int
    /// Relationship slots, when there are several (a match binds each edge once).
    let relationshipSlots: [Int]
    /// Slots 0..<outer hold the variables of the clauses before, when this MATCH follows rows
    /// and shares no variable with them (`UNWIND … AS y MATCH (p) WHERE p.born.year = y`): the
    /// pattern is matched once per such row, whose values every batch holds as constant columns.
    let outer: Int
    /// For a MATCH after rows: a join on a value with them (`VectorMatchOperator.HashJoin`).
    var join: VectorMatchOperator.HashJoin? = nil

    private init(options: [Option], optionals: [OptionalStage] = [], matcher: PatternMatcher, predicate: VectorExpression?,
                 predicateRange: SourceRange, pushed: [Pushed], pushedKeepNull: Bool, kinds: [UInt8], width: Int, outer: Int) {
        self.outer = outer
        self.pushed = pushed
        self.pushedKeepNull = pushedKeepNull
        self.options = options
        self.optionals = optionals
        self.matcher = matcher
        self.predicate = predicate
        self.predicateRange = predicateRange
        self.kinds = kinds
        self.width = width
        relationshipSlots = matcher.plan.relationshipSlots.count > 1 ? matcher.plan.relationshipSlots : []
    }

    /// This plan followed by a MATCH (or an OPTIONAL MATCH) whose pattern (`matcher`, compiled
    /// in `scope`, which extends this plan's) starts at a node this plan binds and takes single
    /// hops; nil when it does not.
    func adding(_ matcher: PatternMatcher, optional: Bool, predicate: Expression?, scope: Scope,
                source: SourceText) throws(QueryError) -> VectorMatchPlan? {
        var kinds = self.kinds
        guard let stage = try Self.stage(matcher, optional: optional, predicate: predicate, scope: scope, source: source, kinds: &kinds)
        else { return nil }
        if stage.expands.isEmpty {
            // `MATCH (q) WHERE …` of a node bound already: its WHERE filters the rows. An
            // OPTIONAL MATCH of it keeps every row as it is (it binds nothing new), though its
            // WHERE still runs (an error there is the statement's). Not when an OPTIONAL MATCH
            // may have left the node null (a MATCH then drops the row), here or in the rows before
            // (`outer`).
            if optionals.contains(where: { $0.optional && $0.newSlots.contains(stage.start!) }) || stage.start! < outer { return nil }
            if predicate == nil { return self }
            return appending(stage)
        }
        let plan = VectorMatchPlan(options: options, optionals: optionals + [stage], matcher: self.matcher, predicate: self.predicate,
                                   predicateRange: predicateRange, pushed: pushed, pushedKeepNull: pushedKeepNull, kinds: kinds,
                                   width: scope.count, outer: outer)
        plan.join = join
        return plan
    }

    /// This plan followed by a filter: the WHERE of a WITH that passes its variables on.
    func filtered(by predicate: Expression, scope: Scope, source: SourceText) throws(QueryError) -> VectorMatchPlan {
        let compiler = VectorCompiler(scope: scope, source: source, kinds: kinds)
        let stage = OptionalStage(optional: false, expands: [], predicate: try compiler.compile(predicate), predicateRange: predicate.range,
                                  newSlots: [], relationshipSlots: [])
        return appending(stage)
    }

    /// This plan with only the first row of each combination of `slots` (a `WITH DISTINCT`).
    func distinct(on slots: [Int]) -> VectorMatchPlan {
        appending(OptionalStage(optional: false, expands: [], predicate: nil, predicateRange: .at(0), newSlots: [], relationshipSlots: [],
                                distinctSlots: slots))
    }

    private func appending(_ stage: OptionalStage) -> VectorMatchPlan {
        let plan = VectorMatchPlan(options: options, optionals: optionals + [stage], matcher: matcher, predicate: predicate,
                                   predicateRange: predicateRange, pushed: pushed, pushedKeepNull: pushedKeepNull, kinds: kinds,
                                   width: width, outer: outer)
        plan.join = join
        return plan
    }

    /// The plan, or nil when the pattern has a step batches do not run.
    static func make(_ matcher: PatternMatcher, predicate: Expression?, scope: Scope, source: SourceText,
                     rewrites: Bool = true, outer: Int = 0) throws(QueryError) -> VectorMatchPlan? {
        let steps = matcher.plan.steps
        var kinds = [UInt8](repeating: VectorTag.null, count: scope.count)
        // The values of the rows before: nodes and relationships as handles, the rest as values.
        for slot in 0..<outer {
            kinds[slot] = switch scope.kind(atSlot: slot) {
            case .node: VectorTag.node
            case .relationship: VectorTag.edge
            default: VectorTag.boxed
            }
        }
        var options: [Option] = []
        if case .choose(let choices)? = steps.first {
            for choice in choices {
                guard var option = parse(steps, from: choice.steps, &kinds) else { return nil }
                option.chosenBy = choice.node
                options.append(option)
            }
            // One part only: the alternatives end where the steps end.
            guard case .jump(let end)? = steps.last, end == steps.count else { return nil }
        } else {
            guard let option = parse(steps, from: 0, &kinds) else { return nil }
            options.append(option)
        }
        let compiler = VectorCompiler(scope: scope, source: source, kinds: kinds)
        let conjuncts = predicate.map(Planner.conjuncts) ?? []
        var pushed: [Pushed] = []
        let nodes = { (name: String) in scope.slot(name).map { $0 < kinds.count && kinds[$0] == VectorTag.node } ?? false }
        let entities = { (name: String) in scope.slot(name).map { $0 < kinds.count && kinds[$0] != VectorTag.null } ?? false }
        // The leading conjuncts that raise nothing, and the first that may raise, tested
        // speculatively (`PredicatePushdown`), each right after the step binding its last slot.
        for (conjunct, speculative) in PredicatePushdown.candidates(conjuncts, nodes: nodes, entities: entities) {
            guard rewrites || !speculative, let slots = slots(conjunct, scope, kinds) else { break }
            let test = try compiler.compile(conjunct)
            if let binary = test as? BinaryKernel, outer > 0, Self.comparesWithTheRowsBefore(conjunct, scope, outer: outer) {
                binary.fixedOperand = true
            }
            pushed.append(Pushed(kernel: speculative ? SpeculativeKernel(test) : test, slots: slots,
                                 parameters: PredicatePushdown.parameters(conjunct)))
        }
        // After a speculative test, the comparisons of properties (or their years) with
        // constants that follow it: a scan that proves the speculative one cannot raise (its
        // column holds only dates) may take them too (`VectorMatchOperator.push`).
        var columnTail: [VectorExpression] = []
        if pushed.last?.kernel is SpeculativeKernel {
            for conjunct in conjuncts.dropFirst(pushed.count) {
                // Or with a value of the row before (`p.born < date(toString(y + 1))`), which the
                // scan evaluates once per row before (a value that raises is left to WHERE).
                let withRowBefore = outer > 0 && Self.comparesWithTheRowsBefore(conjunct, scope, outer: outer)
                guard withRowBefore || Self.comparesAPropertyWithAConstant(conjunct, scope) else { break }
                let test = try compiler.compile(conjunct)
                if withRowBefore, let binary = test as? BinaryKernel { binary.fixedOperand = true }
                columnTail.append(test)
            }
        }
        var kernel: VectorExpression? = nil
        // A row whose pushed test is null still reaches the conjuncts after it, row by row; when
        // one of those may raise an error, dropping the row early would hide the error: such
        // tests keep their null rows, and the whole WHERE decides at the end.
        let exact = pushed.count - (pushed.last?.kernel is SpeculativeKernel ? 1 : 0)
        let keepsNull = !pushed.isEmpty && !conjuncts.dropFirst(exact).allSatisfy { raisesNothing($0, nodes: nodes) }
        if pushed.isEmpty || keepsNull {
            kernel = try predicate.map { (e) throws(QueryError) in try compiler.compile(e) }
        } else {
            // The rest, as the right operands of ANDs (their errors at their own ranges).
            for conjunct in conjuncts.dropFirst(exact) {
                let left = kernel ?? ConstantKernel { _, _ in .bool(true) }
                kernel = LogicKernel(.and, left, try compiler.compile(conjunct), ranges: (conjuncts[0].range, conjunct.range))
            }
        }
        let plan = VectorMatchPlan(options: options, matcher: matcher, predicate: kernel, predicateRange: predicate?.range ?? .at(0),
                                   pushed: pushed, pushedKeepNull: keepsNull, kinds: kinds, width: scope.count, outer: outer)
        plan.scanFilters = rewrites
        plan.columnTail = columnTail
        plan.tailEndsWhere = pushed.count + columnTail.count == conjuncts.count
        return plan
    }

    /// Per step of `option` (the source, then each hop), the pushed conjuncts whose last slot it binds.
    func filters(_ option: Option, parameters: [String: Value]) -> [[VectorExpression]] {
        let waits = pushed.contains { $0.parameters.contains { parameters[$0] == nil } }
        var filters = [[VectorExpression]](repeating: [], count: option.expands.count + 1)
        for test in pushed {
            let stage = waits ? option.expands.count : Self.stage(reading: test.slots, in: option, outer: outer)
            // A speculative test after the last step would only run WHERE's work twice.
            if test.kernel is SpeculativeKernel && stage == option.expands.count { continue }
            filters[stage].append(test.kernel)
        }
        return filters
    }

    /// The step of `option` (0: its source, then each hop) after which `slots` are all bound;
    /// a slot no step binds cannot be read (the compiler refused it): after the last step.
    static func stage(reading slots: [Int], in option: Option, outer: Int) -> Int {
        var stageOfSlot: [Int: Int] = [:]
        for slot in 0..<outer { stageOfSlot[slot] = 0 }
        switch option.source {
        case .start(let node): stageOfSlot[node.slot] = 0
        case .scanEdges(let from, let relationship, let to, _):
            for slot in [from.slot, relationship.slot, to.slot] { stageOfSlot[slot] = 0 }
        }
        for (index, hop) in option.expands.enumerated() {
            if hop.length == nil { stageOfSlot[hop.relationship.slot] = stageOfSlot[hop.relationship.slot] ?? index + 1 }
            stageOfSlot[hop.to.slot] = stageOfSlot[hop.to.slot] ?? index + 1
        }
        return slots.map { stageOfSlot[$0] ?? option.expands.count }.max() ?? 0
    }

    /// True when `expression` gives a boolean or null and can raise no error, whatever the
    /// types it meets: comparisons and string tests of variables, their properties, literals
    /// and parameters (Cypher gives null for types that do not compare), label tests of nodes,
    /// IS NULL, and the logic of such.
    static func raisesNothing(_ expression: Expression, nodes isNode: (String) -> Bool) -> Bool {
        func plain(_ operand: Expression) -> Bool {
            switch operand.kind {
            case .variable, .parameter: return true
            case .literal(let value):
                switch value {
                case .list, .map: return false
                default: return true
                }
            case .property(let base, _):
                if case .variable = base.kind { return true }
                return false
            default: return isScalarConstant(operand)
            }
        }
        switch expression.kind {
        case .binary(let op, let lhs, let rhs):
            switch op {
            case .and, .or, .xor: return raisesNothing(lhs, nodes: isNode) && raisesNothing(rhs, nodes: isNode)
            case .equal, .notEqual, .less, .greater, .lessOrEqual, .greaterOrEqual, .startsWith, .endsWith, .contains, .foldedContains:
                return plain(lhs) && plain(rhs)
            default: return false
            }
        case .unary(.not, let operand): return raisesNothing(operand, nodes: isNode)
        case .isNull(let operand, _): return plain(operand)
        case .hasLabels(let base, _):
            if case .variable(let name) = base.kind { return isNode(name) }
            return false
        case .call(let name, false, let arguments) where name.lowercased() == "coalesce" && arguments.count == 2:
            // `coalesce(test, false)`, as a pattern's property map becomes (`PatternProperties`).
            guard case .literal(.bool) = arguments[1].kind else { return false }
            return raisesNothing(arguments[0], nodes: isNode)
        default: return false
        }
    }

    /// True for `x.key op c` or `x.key.year op c` (either way round), `c` reading no variable.
    private static func comparesAPropertyWithAConstant(_ conjunct: Expression, _ scope: Scope) -> Bool {
        guard case .binary(let op, let lhs, let rhs) = conjunct.kind,
              [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(op) else { return false }
        func property(_ side: Expression) -> Bool {
            guard case .property(var owner, let key) = side.kind else { return false }
            if case .property(let element, _) = owner.kind, key.lowercased() == "year" { owner = element }
            if case .variable = owner.kind { return true }
            return false
        }
        func constant(_ side: Expression) -> Bool { PredicatePushdown.slots(side, in: scope)?.isEmpty ?? false }
        return (property(lhs) && constant(rhs)) || (property(rhs) && constant(lhs))
    }

    /// True for `x.key op e` (either way round), `x` matched here and `e` reading only the rows
    /// before the MATCH (`outer` slots): per row before, `e` is one value, which a scan may
    /// test on the key's column (`ScanFilter`).
    private static func comparesWithTheRowsBefore(_ conjunct: Expression, _ scope: Scope, outer: Int) -> Bool {
        guard case .binary(let op, let lhs, let rhs) = conjunct.kind,
              [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(op) else { return false }
        // A property of an element matched here, or its year (`b.born.year`).
        func matchedProperty(_ side: Expression) -> Bool {
            guard case .property(var owner, let key) = side.kind else { return false }
            if case .property(let element, _) = owner.kind, key.lowercased() == "year" { owner = element }
            guard case .variable(let name) = owner.kind, let slot = scope.slot(name) else { return false }
            return slot >= outer
        }
        func before(_ side: Expression) -> Bool {
            guard let slots = PredicatePushdown.slots(side, in: scope) else { return false }
            return !slots.isEmpty && slots.allSatisfy { $0 < outer }
        }
        return (matchedProperty(lhs) && before(rhs)) || (matchedProperty(rhs) && before(lhs))
    }

    /// The node and relationship slots `expression` reads (see `PredicatePushdown.names`); nil
    /// when it reads another variable.
    private static func slots(_ expression: Expression, _ scope: Scope, _ kinds: [UInt8]) -> [Int]? {
        guard let slots = PredicatePushdown.slots(expression, in: scope),
              slots.allSatisfy({ $0 < kinds.count && kinds[$0] != VectorTag.null }) else { return nil }
        return slots.sorted()
    }

    /// The steps from `start` to the end or to a jump: a source, then single hops.
    private static func parse(_ steps: [PatternPlan.Step], from start: Int, _ kinds: inout [UInt8]) -> Option? {
        guard start < steps.count else { return nil }
        var source: Source
        switch steps[start] {
        case .start(let node, false) where node.propertyMap == nil && node.distinctFrom.isEmpty && !isPointLookup(node):
            source = .start(node)
            kinds[node.slot] = VectorTag.node
        case .scanEdges(let from, let relationship, let to)
            where plainNode(from) && plainNode(to) && plainRelationship(relationship):
            source = .scanEdges(from: from, relationship: relationship, to: to, forward: relationship.direction == .outgoing)
            kinds[from.slot] = VectorTag.node
            kinds[to.slot] = VectorTag.node
            kinds[relationship.slot] = VectorTag.edge
        default:
            return nil
        }
        var expands: [Expand] = []
        var index = start + 1
        while index < steps.count {
            switch steps[index] {
            case .expand(let from, let relationship, let to, let toBound, false, let reversed)
                where plainNode(to) && plainRelationship(relationship):
                expands.append(Expand(from: from, relationship: relationship, to: to, toBound: toBound, reversed: reversed))
                kinds[to.slot] = VectorTag.node
                kinds[relationship.slot] = VectorTag.edge
            // A variable-length hop of an unnamed relationship, last in the pattern (its edges,
            // several per row, are checked against the row's earlier ones, never bound).
            case .expand(let from, let relationship, let to, let toBound, false, let reversed)
                where plainNode(to) && relationship.anonymous && relationship.length != nil && relationship.properties.isEmpty
                    && relationship.propertyMap == nil && relationship.filters.isEmpty && endsAfter(index, steps):
                expands.append(Expand(from: from, relationship: relationship, to: to, toBound: toBound, reversed: reversed,
                                      length: relationship.length))
                kinds[to.slot] = VectorTag.node
            case .jump:
                return Option(source: source, expands: expands, chosenBy: nil)
            default:
                return nil
            }
            index += 1
        }
        return Option(source: source, expands: expands, chosenBy: nil)
    }

    /// True when the step after `index` ends the option.
    private static func endsAfter(_ index: Int, _ steps: [PatternPlan.Step]) -> Bool {
        guard index + 1 < steps.count else { return true }
        if case .jump = steps[index + 1] { return true }
        return false
    }

    /// A start looked up by `id`: one node, for which a batch costs more than it saves (the
    /// row engine's depth-first steps answer such a query in microseconds).
    private static func isPointLookup(_ node: PatternPlan.NodeSpec) -> Bool {
        node.idHint != nil || node.properties.contains { $0.key == "id" }
    }

    /// The option as an edge scan, when it starts at every node, or at a label, and takes one
    /// hop over types
    /// every edge of which has that label at the start's end (every HELD edge leaves a Person):
    /// the type's edges are then exactly the hops, and reading them in handle order beats
    /// walking each start node's adjacency. Rows come in edge order rather than start order
    /// (Cypher leaves the order open without ORDER BY). Nil when the statistics do not allow it.
    static func scanningEdges(_ option: Option, _ graph: Graph) -> Option? {
        guard let (start, hop, forward) = oneHop(option), start.properties.isEmpty, start.nameHint == nil, start.idHint == nil
        else { return nil }
        let labels = start.labelCache.resolve(.labels, in: graph)
        // With no label to start from, every edge's end is a live node: nothing to check.
        let types = hop.relationship.types.isEmpty ? graph.types.allSymbols.map { Optional($0) }
            : hop.relationship.typeCache.resolve(.types, in: graph)
        for label in labels {
            guard let label else { return nil }
            for type in types {
                guard let type else { continue }
                if !graph.allEdges(ofType: type, haveLabel: label, atSource: forward) { return nil }
            }
        }
        return Option(source: .scanEdges(from: start, relationship: hop.relationship, to: hop.to, forward: forward),
                      expands: [], chosenBy: option.chosenBy)
    }

    /// A start node and one directed hop from it to a new node, nothing after (`forward`: the
    /// start is the edges' source): what a scan of the hop's edges can match instead.
    static func oneHop(_ option: Option) -> (start: PatternPlan.NodeSpec, hop: Expand, forward: Bool)? {
        guard case .start(let start) = option.source, option.expands.count == 1, let hop = option.expands.first,
              hop.from == start.slot, !hop.toBound, hop.length == nil,
              hop.relationship.direction != .both, hop.to.slot != start.slot else { return nil }
        return (start, hop, (hop.reversed ? hop.relationship.direction.reversed : hop.relationship.direction) == .outgoing)
    }

    /// True for an expression that reads no variable nor parameter and evaluates, here and
    /// now, without an error to a value that is not a list or a map (`date('2016-01-01')`,
    /// `2000 + 10`): as plain as a literal. Evaluated once when planning; a statement evaluates
    /// it again when running.
    static func isScalarConstant(_ expression: Expression) -> Bool {
        guard VectorCompiler.isConstant(expression), PredicatePushdown.parameters(expression).isEmpty else { return false }
        var compiler = ExpressionCompiler(scope: Scope(), source: SourceText(name: "", text: ""))
        let context = ExecutionContext(graph: Graph(), parameters: [:], cancel: nil)
        guard let evaluator = try? compiler.compile(expression), let value = try? evaluator([], context) else { return false }
        switch value {
        case .list, .map: return false
        default: return true
        }
    }

    private static func plainNode(_ node: PatternPlan.NodeSpec) -> Bool {
        node.properties.isEmpty && node.propertyMap == nil && node.distinctFrom.isEmpty
    }

    private static func plainRelationship(_ relationship: PatternPlan.RelationshipSpec) -> Bool {
        relationship.length == nil && relationship.properties.isEmpty && relationship.propertyMap == nil && relationship.filters.isEmpty
    }
}
