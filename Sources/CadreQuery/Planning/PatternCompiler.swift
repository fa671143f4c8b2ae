import CadreGraph

/// Turns MATCH patterns into a `PatternPlan`: slots for every element, and an order of steps
/// that starts each part at its most selective node (one already bound, an `id` lookup, or a
/// label) and expands from there in both directions.
enum PatternCompiler {
    enum ElementKind { case node, relationship, path }

    /// Index lookups the WHERE clause allows for a node variable.
    struct Hints {
        var id: [String: Evaluator] = [:]
        var name: [String: Evaluator] = [:]
        /// Variables the statement names once, where the pattern declares them: nothing reads
        /// them, so nodes among them are matched as if unnamed (`MATCH (p:Person)-[s:SUCCEEDED]->(q)
        /// RETURN s.date.year, count(*)` fills no slot for `p` or `q`).
        var unread: Set<String> = []
    }

    static func compile(_ parts: [PatternPart], scope: inout Scope, source: SourceText,
                        allowNewVariables: Bool = true, hints: Hints = Hints(),
                        deduplicated: Bool = false) throws(QueryError) -> PatternMatcher {
        var plan = PatternPlan()
        var bound = SlotSet(below: scope.count)
        /// Each named element's kind, in the order met (a pattern names a handful).
        var kinds: [(name: String, kind: ElementKind)] = []
        let ordered = parts.filter { $0.shortest == nil } + parts.filter { $0.shortest != nil }

        func slot(for name: String?, _ kind: ElementKind, _ range: SourceRange, variableLength: Bool = false) throws(QueryError) -> Int {
            guard let name else { return scope.declareHidden() }
            if let existing = kinds.first(where: { $0.name == name })?.kind {
                if existing != kind {
                    throw QueryError(.semantic, "`\(name)` is used both as a \(existing) and as a \(kind)", at: range, detail: "VariableTypeConflict")
                }
            } else {
                kinds.append((name, kind))
            }
            let wanted: VariableKind = switch kind {
            case .node: .node
            case .relationship: variableLength ? .relationshipList : .relationship
            case .path: .path
            }
            if let existing = scope.slot(name) {
                let known = scope.kind(of: name)
                if known != .unknown && known != wanted {
                    throw QueryError(.semantic, "`\(name)` is already bound to a value of another kind; it cannot be a \(kind) here",
                                     at: range, detail: "VariableTypeConflict")
                }
                return existing
            }
            defer { scope.setKind(wanted, for: name) }
            guard allowNewVariables else {
                throw QueryError(.semantic, "a pattern used as a predicate cannot introduce the variable `\(name)`", at: range, detail: "UndefinedVariable")
            }
            return scope.declare(name)
        }

        for part in ordered {
            var nodeSlots: [Int] = []
            var relationshipSlots: [Int] = []
            for node in part.nodes { nodeSlots.append(try slot(for: node.variable, .node, node.range)) }
            for relationship in part.relationships {
                relationshipSlots.append(try slot(for: relationship.variable, .relationship, relationship.range,
                                                  variableLength: relationship.length != nil))
            }
            var pathSlot: Int? = nil
            if let pathVariable = part.pathVariable {
                if scope.contains(pathVariable) {
                    throw QueryError(.semantic, "the path variable `\(pathVariable)` is already bound", at: part.range, detail: "VariableAlreadyBound")
                }
                pathSlot = try slot(for: pathVariable, .path, part.range)
            }
            let (nodeSpecs, relationshipSpecs) = try specs(part, nodeSlots, relationshipSlots, scope: scope, source: source, hints: hints)
            plan.relationshipSlots += relationshipSlots

            if let shortest = part.shortest {
                guard part.relationships.count == 1 else {
                    throw QueryError(.semantic, "shortestPath needs a pattern with exactly one relationship", at: part.range)
                }
                for index in [0, 1] where !bound.contains(nodeSlots[index]) {
                    plan.steps.append(.start(node: nodeSpecs[index], bound: false))
                    bound.insert(nodeSlots[index])
                }
                let relationship = relationshipSpecs[0]
                if relationship.length == nil { relationship.length = (1, 1) }
                plan.steps.append(.shortest(from: nodeSlots[0], relationship: relationship, to: nodeSlots[1],
                                            all: shortest == .all, pathSlot: pathSlot, reversed: false))
                continue
            }

            if deduplicated && parts.count == 1 && part.relationships.count == 1 && relationshipSpecs[0].anonymous
                && relationshipSpecs[0].length != nil {
                relationshipSpecs[0].distinctEnds = true
            }
            appendPart(part, nodeSlots, relationshipSlots, nodeSpecs, relationshipSpecs, hints, &bound, &plan)
            if let pathSlot {
                plan.steps.append(.path(slot: pathSlot, nodes: nodeSlots, relationships: relationshipSlots))
                bound.insert(pathSlot)
            }
        }
        return PatternMatcher(plan: plan)
    }

    /// The specs of a part's nodes and relationships: their slots, labels, types, compiled
    /// property maps, and the index hints WHERE gives.
    private static func specs(_ part: PatternPart, _ nodeSlots: [Int], _ relationshipSlots: [Int], scope: Scope, source: SourceText,
                              hints: Hints) throws(QueryError) -> ([PatternPlan.NodeSpec], [PatternPlan.RelationshipSpec]) {
        var compiler = ExpressionCompiler(scope: scope, source: source)
        var nodeSpecs: [PatternPlan.NodeSpec] = []
        for (index, node) in part.nodes.enumerated() {
            let (properties, map) = try compileProperties(node.properties, &compiler)
            let spec = PatternPlan.NodeSpec(slot: nodeSlots[index], labels: node.labels, properties: properties, propertyMap: map)
            spec.anonymous = (node.variable == nil || hints.unread.contains(node.variable!)) && part.pathVariable == nil
            if let name = node.variable {
                spec.idHint = hints.id[name]
                spec.nameHint = hints.name[name]
            }
            nodeSpecs.append(spec)
        }
        var relationshipSpecs: [PatternPlan.RelationshipSpec] = []
        for (index, relationship) in part.relationships.enumerated() {
            let (properties, map) = try compileProperties(relationship.properties, &compiler)
            var length: (min: Int, max: Int)? = nil
            if let bounds = relationship.length {
                length = (bounds.min ?? 1, bounds.max ?? Int.max)
            }
            let spec = PatternPlan.RelationshipSpec(
                slot: relationshipSlots[index], types: relationship.types, direction: relationship.direction,
                properties: properties, propertyMap: map, length: length, range: relationship.range)
            spec.anonymous = relationship.variable == nil && part.pathVariable == nil
            relationshipSpecs.append(spec)
        }
        return (nodeSpecs, relationshipSpecs)
    }

    /// The steps of one part: from its start (the bound node, an index lookup, or, with several
    /// labelled nodes, a `choose` among them made when matching).
    private static func appendPart(_ part: PatternPart, _ nodeSlots: [Int], _ relationshipSlots: [Int],
                                   _ nodeSpecs: [PatternPlan.NodeSpec], _ relationshipSpecs: [PatternPlan.RelationshipSpec],
                                   _ hints: Hints, _ bound: inout SlotSet, _ plan: inout PatternPlan) {
        let start = startIndex(part, nodeSlots, bound, hints)
        let labelled = part.nodes.indices.filter { !part.nodes[$0].labels.isEmpty }
        guard !bound.contains(nodeSlots[start]) && !hasIndexLookup(part.nodes[start], hints) && labelled.count > 1 else {
            appendSteps(from: start, nodeSlots, relationshipSlots, nodeSpecs, relationshipSpecs, &bound, &plan)
            return
        }
        // Which label is rarest depends on the graph: choose when matching.
        let choose = plan.steps.count
        plan.steps.append(.jump(to: -1))
        var options: [(node: PatternPlan.NodeSpec, steps: Int)] = []
        var jumps: [Int] = []
        for candidate in labelled {
            var partBound = bound
            options.append((nodeSpecs[candidate], plan.steps.count))
            appendSteps(from: candidate, nodeSlots, relationshipSlots, nodeSpecs, relationshipSpecs, &partBound, &plan)
            jumps.append(plan.steps.count)
            plan.steps.append(.jump(to: -1))
        }
        plan.steps[choose] = .choose(options: options)
        for jump in jumps { plan.steps[jump] = .jump(to: plan.steps.count) }
        bound.formUnion(nodeSlots)
        bound.formUnion(relationshipSlots)
    }

    /// The steps of one part started at node `start`: its start (or an edge scan), then the
    /// expansions to the right, then those to the left.
    private static func appendSteps(from start: Int, _ nodeSlots: [Int], _ relationshipSlots: [Int],
                                    _ nodeSpecs: [PatternPlan.NodeSpec], _ relationshipSpecs: [PatternPlan.RelationshipSpec],
                                    _ bound: inout SlotSet, _ plan: inout PatternPlan) {
        var firstExpansion = start
        let startSpec = nodeSpecs[start]
        if !bound.contains(nodeSlots[start]) && startSpec.labels.isEmpty && startSpec.properties.isEmpty
            && startSpec.propertyMap == nil && startSpec.idHint == nil && startSpec.nameHint == nil
            && start < relationshipSpecs.count, case let relationship = relationshipSpecs[start],
           relationship.length == nil && !relationship.types.isEmpty && relationship.direction != .both
            && !bound.contains(relationshipSlots[start]) && !bound.contains(nodeSlots[start + 1])
            && nodeSlots[start + 1] != nodeSlots[start] {
            plan.steps.append(.scanEdges(from: startSpec, relationship: relationship, to: nodeSpecs[start + 1]))
            bound.formUnion([nodeSlots[start], relationshipSlots[start], nodeSlots[start + 1]])
            firstExpansion = start + 1
        } else {
            plan.steps.append(.start(node: startSpec, bound: bound.contains(nodeSlots[start])))
            bound.insert(nodeSlots[start])
        }
        for index in firstExpansion..<relationshipSpecs.count {
            plan.steps.append(.expand(from: nodeSlots[index], relationship: relationshipSpecs[index], to: nodeSpecs[index + 1],
                                      toBound: bound.contains(nodeSlots[index + 1]),
                                      relationshipBound: bound.contains(relationshipSlots[index]), reversed: false))
            bound.insert(nodeSlots[index + 1])
            bound.insert(relationshipSlots[index])
        }
        for index in stride(from: start - 1, through: 0, by: -1) {
            plan.steps.append(.expand(from: nodeSlots[index + 1], relationship: relationshipSpecs[index], to: nodeSpecs[index],
                                      toBound: bound.contains(nodeSlots[index]),
                                      relationshipBound: bound.contains(relationshipSlots[index]), reversed: true))
            bound.insert(nodeSlots[index])
            bound.insert(relationshipSlots[index])
        }
    }

    /// The node is found by `id` or by name (an index lookup beats any label).
    private static func hasIndexLookup(_ node: NodePattern, _ hints: Hints) -> Bool {
        if case .map(let entries)? = node.properties?.kind, entries.contains(where: { $0.key == "id" }) { return true }
        return node.variable.map { hints.id[$0] != nil || hints.name[$0] != nil } ?? false
    }

    /// A bound node first, then one looked up by `id`, then one found by name, then one with a
    /// label, else the first.
    private static func startIndex(_ part: PatternPart, _ slots: [Int], _ bound: SlotSet, _ hints: Hints) -> Int {
        if let index = slots.firstIndex(where: bound.contains) { return index }
        if let index = part.nodes.firstIndex(where: { node in
            if case .map(let entries)? = node.properties?.kind, entries.contains(where: { $0.key == "id" }) { return true }
            return node.variable.map { hints.id[$0] != nil } ?? false
        }) { return index }
        if let index = part.nodes.firstIndex(where: { node in node.variable.map { hints.name[$0] != nil } ?? false }) {
            return index
        }
        if let index = part.nodes.firstIndex(where: { !$0.labels.isEmpty }) { return index }
        return 0
    }

    static func compileProperties(_ expression: Expression?, _ compiler: inout ExpressionCompiler, allowParameterMaps: Bool = false)
        throws(QueryError) -> ([(key: String, value: Evaluator)], Evaluator?) {
        guard let expression else { return ([], nil) }
        if case .parameter = expression.kind, !allowParameterMaps {
            throw QueryError(.semantic, "a parameter cannot stand for a pattern's properties here; write {key: $value}",
                             at: expression.range, detail: "InvalidParameterUse")
        }
        if case .map(let entries) = expression.kind {
            var compiled: [(key: String, value: Evaluator)] = []
            for entry in entries { compiled.append((entry.key, try compiler.compile(entry.value))) }
            return (compiled, nil)
        }
        return ([], try compiler.compile(expression))
    }
}

/// Slots bound so far (small integers): a bit mask, with a set for slots past 63 (rare).
struct SlotSet {
    private var bits: UInt64 = 0
    private var rest = Set<Int>()

    init(below count: Int) {
        bits = count >= 64 ? ~0 : (1 << UInt64(count)) - 1
        if count > 64 { rest = Set(64..<count) }
    }

    func contains(_ slot: Int) -> Bool {
        slot < 64 ? bits & 1 << UInt64(slot) != 0 : rest.contains(slot)
    }

    mutating func insert(_ slot: Int) {
        if slot < 64 { bits |= 1 << UInt64(slot) } else { rest.insert(slot) }
    }

    mutating func formUnion(_ slots: some Sequence<Int>) {
        for slot in slots { insert(slot) }
    }
}
