import CadreGraph

/// Runs a `PatternPlan` over the graph: depth-first, one step at a time, with the rows
/// extended in place. Relationships bound in one match are all different (Cypher's
/// relationship isomorphism), variable-length ones included.
struct PatternMatcher {
    let plan: PatternPlan

    /// The single-hop relationship the plan binds to `slot`, when every step that binds it
    /// (an edge scan, or an expansion in each alternative start) applies its `filters`; nil for
    /// a variable-length or shortest-path relationship, or one the pattern does not bind.
    func filterableRelationship(slot: Int) -> PatternPlan.RelationshipSpec? {
        var found: PatternPlan.RelationshipSpec? = nil
        for step in plan.steps {
            let relationship: PatternPlan.RelationshipSpec
            switch step {
            case .scanEdges(_, let scanned, _): relationship = scanned
            case .expand(_, let expanded, _, _, let relationshipBound, _):
                if expanded.slot == slot && (relationshipBound || expanded.length != nil) { return nil }
                relationship = expanded
            case .shortest(_, let shortest, _, _, _, _):
                if shortest.slot == slot { return nil }
                continue
            default: continue
            }
            guard relationship.slot == slot else { continue }
            if let found, found !== relationship { return nil }
            found = relationship
        }
        return found
    }

    /// The specs of the node variable the plan binds to `slot`, when every step that binds it
    /// tests it with `accepts` (a start, or a single-hop expansion); nil otherwise.
    func filterableNodes(slot: Int) -> [PatternPlan.NodeSpec]? {
        var found: [PatternPlan.NodeSpec] = []
        for step in plan.steps {
            switch step {
            case .start(let node, _):
                if node.slot == slot { found.append(node) }
            case .expand(_, let relationship, let to, _, _, _):
                guard to.slot == slot else { continue }
                if relationship.length != nil { return nil }
                found.append(to)
            case .scanEdges(let from, _, let to):
                if from.slot == slot || to.slot == slot { return nil }
            case .choose, .jump, .shortest, .path:
                continue
            }
        }
        return found.isEmpty ? nil : found
    }

    /// Takes many matches at once: the rows equal to the given one but for `slot`, which holds
    /// each of `nodes` in turn; returns false when no more matches are wanted.
    typealias Batch = (_ row: Row, _ slot: Int, _ nodes: [NodeID]) throws -> Bool

    /// Whether `forEachMatch` may pass matches in batches: the last step is a breadth-first
    /// variable-length expansion, or a single hop over an anonymous relationship to a new node
    /// (its matches differ only in the end node).
    var mayBatch: Bool {
        guard case .expand(_, let relationship, _, let toBound, let relationshipBound, _)? = plan.steps.last else { return false }
        if relationship.length != nil { return relationship.distinctEnds }
        return relationship.anonymous && !toBound && !relationshipBound
    }

    /// Calls `body` with each row that extends `row` with a match; stops when `body` returns false.
    /// With `batch`, a last step that finds many end nodes at once (a breadth-first expansion,
    /// or every neighbour over an anonymous relationship) may pass them to it in one call instead.
    @discardableResult
    func forEachMatch(_ row: Row, _ context: ExecutionContext, batch: Batch? = nil, _ body: (Row) throws -> Bool) throws -> Bool {
        var row = row
        var used: [EdgeID] = []
        return try step(0, &row, &used, context, body, batch)
    }

    private func step(_ index: Int, _ row: inout Row, _ used: inout [EdgeID], _ context: ExecutionContext,
                      _ body: (Row) throws -> Bool, _ batch: Batch?) throws -> Bool {
        guard index < plan.steps.count else { return try body(row) }
        try context.checkCancel()
        if index < plan.checks.count {
            for check in plan.checks[index] {
                if case .bool(false) = try check(row, context) { return true }
            }
        }
        switch plan.steps[index] {
        case .start(let spec, let bound):
            if bound {
                guard case .node(let node) = row[spec.slot], try accepts(node, spec, row, context) else { return true }
                return try step(index + 1, &row, &used, context, body, batch)
            }
            for node in try candidates(spec, row, context) where try accepts(node, spec, row, context) {
                row[spec.slot] = .node(node)
                guard try step(index + 1, &row, &used, context, body, batch) else { return false }
            }
            row[spec.slot] = .null
            return true

        case .expand(let from, let relationship, let to, let toBound, let relationshipBound, let reversed):
            guard case .node(let start) = row[from] else { return true }
            if let length = relationship.length {
                return try expandVariable(index, start, relationship, length, to, toBound, reversed, &row, &used, context, body, batch)
            }
            return try expandOne(index, start, relationship, to, toBound, relationshipBound, reversed, &row, &used, context, body, batch)

        case .scanEdges(let from, let relationship, let to):
            return try scanEdges(index, from, relationship, to, &row, &used, context, body, batch)

        case .choose(let options):
            return try step(Self.choose(options, context.graph), &row, &used, context, body, batch)

        case .jump(let target):
            return try step(target, &row, &used, context, body, batch)

        case .shortest(let from, let relationship, let to, let all, let pathSlot, let reversed):
            guard case .node(let source) = row[from], case .node(let target) = row[to] else { return true }
            let paths = try ShortestPaths.find(from: source, to: target, relationship: relationship, reversed: reversed,
                                               all: all, excluding: used, row: row, context: context)
            for path in paths {
                row[relationship.slot] = .list(path.edges.map { .edge($0) })
                if let pathSlot { row[pathSlot] = .path(reversed ? path.reversed : path) }
                guard try step(index + 1, &row, &used, context, body, batch) else { return false }
            }
            return true

        case .path(let slot, let nodes, let relationships):
            row[slot] = Self.assemblePath(row, nodes, relationships, context.graph)
            return try step(index + 1, &row, &used, context, body, batch)
        }
    }

    /// A single hop from `start` (bound in the row) along `relationship` to `to`.
    private func expandOne(_ index: Int, _ start: NodeID, _ relationship: PatternPlan.RelationshipSpec, _ to: PatternPlan.NodeSpec,
                           _ toBound: Bool, _ relationshipBound: Bool, _ reversed: Bool, _ row: inout Row, _ used: inout [EdgeID],
                           _ context: ExecutionContext, _ body: (Row) throws -> Bool, _ batch: Batch?) throws -> Bool {
        let graph = context.graph
        let direction = reversed ? relationship.direction.reversed : relationship.direction
        var boundEdge: EdgeID? = nil
        if relationshipBound {
            guard case .edge(let edge) = row[relationship.slot] else { return true }
            boundEdge = edge
        }
        let types = relationship.types.isEmpty ? nil : relationship.typeCache.resolveKnown(.types, in: graph)
        if let types, types.isEmpty { return true }
        var keepGoing = true
        let filters = relationship.filters
        let resolved = try filters.map { try $0.resolve(row, context) }
        var last: (edge: EdgeID, key: Symbol, value: ScalarProperty)? = nil
        let labelsImplied = impliedLabels(to, types, direction, graph)
        // What each edge needs tested, decided once: usually only the node it reaches.
        let testUsed = !used.isEmpty
        let testEdge = !relationship.properties.isEmpty || relationship.propertyMap != nil
        let plainEnd = to.properties.isEmpty && to.propertyMap == nil && (labelsImplied || to.labels.isEmpty)
        if let batch, index + 1 == plan.steps.count, relationship.anonymous, !relationshipBound, !toBound, filters.isEmpty {
            // The last hop, and nothing reads the relationship: the end nodes go on at once,
            // one per edge (a node reached twice is two matches).
            var ends: [NodeID] = []
            let excluded = plainEnd ? excludedNodes(to, row) : nil
            try forEachAdjacent(graph, start, direction, types) { adjacent in
                if testUsed && used.contains(adjacent.edge) { return true }
                if testEdge, try !matches(adjacent.edge, relationship, row, context) { return true }
                if let excluded {
                    if excluded.contains(adjacent.other) || !labelsImplied && !graph.contains(adjacent.other) { return true }
                } else {
                    guard try accepts(adjacent.other, to, row, context, labelsImplied: labelsImplied) else { return true }
                }
                ends.append(adjacent.other)
                return true
            }
            return try ends.isEmpty || batch(row, to.slot, ends)
        }
        // A new end with nothing to test but that it is there.
        let bindsPlainEnd = plainEnd && !toBound && to.distinctFrom.isEmpty
        try forEachAdjacent(graph, start, direction, types) { adjacent in
            if let boundEdge, adjacent.edge != boundEdge { return true }
            if testUsed && used.contains(adjacent.edge) { return true }
            var undecided = false
            for position in resolved.indices {
                switch PushedFilter.decide(resolved[position], adjacent.edge, graph, &last) {
                case false?: return true
                case nil: undecided = true
                case true?: break
                }
            }
            if testEdge, try !matches(adjacent.edge, relationship, row, context) { return true }
            if bindsPlainEnd {
                if !labelsImplied && !graph.contains(adjacent.other) { return true }
                row[to.slot] = .node(adjacent.other)
            } else {
                guard try bindEnd(adjacent.other, to, toBound, &row, context, labelsImplied: labelsImplied) else { return true }
            }
            row[relationship.slot] = .edge(adjacent.edge)
            if undecided {
                for position in resolved.indices where PushedFilter.decide(resolved[position], adjacent.edge, graph, &last) == nil {
                    guard try Operations.truth(try filters[position].general(row, context), filters[position].range) == true else {
                        return true
                    }
                }
            }
            // With one relationship in the whole MATCH there is nothing to keep apart.
            guard plan.relationshipSlots.count > 1 else {
                keepGoing = try step(index + 1, &row, &used, context, body, batch)
                return keepGoing
            }
            used.append(adjacent.edge)
            keepGoing = try step(index + 1, &row, &used, context, body, batch)
            used.removeLast()
            return keepGoing
        }
        if !relationshipBound { row[relationship.slot] = .null }
        if !toBound { row[to.slot] = .null }
        return keepGoing
    }

    /// Every edge of the relationship's types, binding its ends and itself (`PatternPlan.Step.scanEdges`).
    private func scanEdges(_ index: Int, _ from: PatternPlan.NodeSpec, _ relationship: PatternPlan.RelationshipSpec,
                           _ to: PatternPlan.NodeSpec, _ row: inout Row, _ used: inout [EdgeID], _ context: ExecutionContext,
                           _ body: (Row) throws -> Bool, _ batch: Batch?) throws -> Bool {
        let graph = context.graph
        let forward = relationship.direction == .outgoing
        var keepGoing = true
        var visited = 0
        let filters = relationship.filters
        let resolved = try filters.map { try $0.resolve(row, context) }
        // The far end of a live edge is a live node: only labels or properties need a test.
        let testFar = !to.labels.isEmpty || !to.properties.isEmpty || to.propertyMap != nil || !to.distinctFrom.isEmpty
        let testEdge = !relationship.properties.isEmpty || relationship.propertyMap != nil
        var last: (edge: EdgeID, key: Symbol, value: ScalarProperty)? = nil
        let distinctEdges = plan.relationshipSlots.count > 1
        // The edge passed the filters the stored values decide; `undecided`: some remain.
        func bind(_ edge: EdgeID, _ undecided: Bool) throws -> Bool {
            visited += 1
            if visited & 4095 == 0 { try context.checkCancel() }
            if distinctEdges && used.contains(edge) { return true }
            let source = graph.source(of: edge)
            let target = graph.target(of: edge)
            let (near, far) = forward ? (source, target) : (target, source)
            if testEdge, try !matches(edge, relationship, row, context) { return true }
            if testFar, try !accepts(far, to, row, context) { return true }
            row[from.slot] = .node(near)
            row[to.slot] = .node(far)
            row[relationship.slot] = .edge(edge)
            if undecided {
                for position in resolved.indices where PushedFilter.decide(resolved[position], edge, graph, &last) == nil {
                    guard try Operations.truth(try filters[position].general(row, context), filters[position].range) == true else {
                        return true
                    }
                }
            }
            guard distinctEdges else { return try step(index + 1, &row, &used, context, body, batch) }
            used.append(edge)
            defer { used.removeLast() }
            return try step(index + 1, &row, &used, context, body, batch)
        }
        // The filters decided by `decide` where they can be; then the edge bound.
        func test(_ edge: EdgeID, _ decide: (PushedFilter.Resolved) -> Bool?) throws -> Bool {
            var undecided = false
            for filter in resolved {
                switch decide(filter) {
                case false?:
                    visited += 1
                    if visited & 4095 == 0 { try context.checkCancel() }
                    return true
                case nil: undecided = true
                case true?: break
                }
            }
            return try bind(edge, undecided)
        }
        // Every filter decided by one stored property (`h.from.year >= 2010 AND
        // h.from.year <= 2015`): the store reads it beside each edge, in one pass.
        let sharedKey: Symbol? = resolved.isEmpty || !resolved.allSatisfy({ $0.decidable && $0.key != nil && $0.key == resolved[0].key })
            ? nil : resolved[0].key
        let bounds = PushedFilter.bounds(resolved)
        for type in relationship.typeCache.resolve(.types, in: graph) {
            guard let type else { continue }
            if let bounds {
                // Decided in the store; only edges in range (or undecidable) come back.
                keepGoing = try graph.visitEdges(ofType: type, within: bounds) { edge, decided in
                    try bind(edge, !decided)
                }
            } else if let sharedKey {
                keepGoing = try graph.visitEdges(ofType: type, reading: sharedKey) { edge, scalar in
                    try test(edge) { PushedFilter.decide($0, scalar) }
                }
            } else {
                keepGoing = try graph.visitEdges(ofType: type) { edge in
                    try test(edge) { PushedFilter.decide($0, edge, graph, &last) }
                }
            }
            if !keepGoing { break }
        }
        row[from.slot] = .null
        row[to.slot] = .null
        row[relationship.slot] = .null
        return keepGoing
    }

    /// The first step of the option whose chosen label has the fewest nodes.
    private static func choose(_ options: [(node: PatternPlan.NodeSpec, steps: Int)], _ graph: Graph) -> Int {
        var best = options[0].steps
        var fewest = Int.max
        for option in options {
            var count = Int.max
            for label in option.node.labelCache.resolve(.labels, in: graph) {
                count = min(count, label.map { graph.nodeCount(withLabel: $0) } ?? 0)
            }
            if count < fewest {
                fewest = count
                best = option.steps
            }
        }
        return best
    }

    private func expandVariable(_ index: Int, _ start: NodeID, _ relationship: PatternPlan.RelationshipSpec,
                                _ length: (min: Int, max: Int), _ to: PatternPlan.NodeSpec, _ toBound: Bool, _ reversed: Bool,
                                _ row: inout Row, _ used: inout [EdgeID], _ context: ExecutionContext,
                                _ body: (Row) throws -> Bool, _ batch: Batch?) throws -> Bool {
        let graph = context.graph
        let direction = reversed ? relationship.direction.reversed : relationship.direction
        let types = relationship.types.isEmpty ? nil : relationship.typeCache.resolveKnown(.types, in: graph)
        if let types, types.isEmpty, length.min > 0 { return true }
        if relationship.distinctEnds && length.min <= 1 && used.isEmpty {
            return try expandDistinctEnds(index, start, relationship, length, to, toBound, direction, types, &row, &used, context, body, batch)
        }
        var trail: [EdgeID] = []
        let base = used.count

        func emit(_ node: NodeID, _ row: inout Row, _ used: inout [EdgeID]) throws -> Bool {
            guard try bindEnd(node, to, toBound, &row, context) else { return true }
            let edges = reversed ? trail.reversed() : trail
            row[relationship.slot] = .list(edges.map { .edge($0) })
            return try step(index + 1, &row, &used, context, body, batch)
        }

        // Depth first with an explicit stack (a trail may be as long as the graph has edges):
        // per node on the trail, its adjacent edges, end to end, and the next one to take.
        var levels: [(start: Int, next: Int)] = []
        var edges: [EdgeID] = [], ends: [NodeID] = []
        func descend(_ node: NodeID) throws {
            levels.append((edges.count, edges.count))
            try forEachAdjacent(graph, node, direction, types) { adjacent in
                edges.append(adjacent.edge)
                ends.append(adjacent.other)
                return true
            }
        }
        func walk(_ row: inout Row, _ used: inout [EdgeID]) throws -> Bool {
            try context.checkCancel()
            if length.min == 0 { guard try emit(start, &row, &used) else { return false } }
            if length.max > 0 { try descend(start) }
            while let top = levels.last {
                if top.next == edges.count {
                    // Every edge from this node tried: back to the node before.
                    edges.removeSubrange(top.start...)
                    ends.removeSubrange(top.start...)
                    levels.removeLast()
                    if !levels.isEmpty {
                        trail.removeLast()
                        used.removeLast()
                    }
                    continue
                }
                levels[levels.count - 1].next += 1
                let (edge, end) = (edges[top.next], ends[top.next])
                if used.contains(edge) { continue }
                guard try matches(edge, relationship, row, context) else { continue }
                try context.checkCancel()
                used.append(edge)
                trail.append(edge)
                if trail.count >= length.min { guard try emit(end, &row, &used) else { return false } }
                if trail.count < length.max {
                    try descend(end)
                } else {
                    trail.removeLast()
                    used.removeLast()
                }
            }
            return true
        }

        let result = try walk(&row, &used)
        // Stopped early: the edges of the trail are released.
        used.removeLast(trail.count)
        trail.removeAll()
        precondition(used.count == base)
        row[relationship.slot] = .null
        if !toBound { row[to.slot] = .null }
        return result
    }

    /// A variable-length expansion whose rows are deduplicated downstream: each node reachable
    /// by a trail of `length.min ... length.max` edges (`min` at most 1) is yielded once. A node
    /// other than the start is reachable so exactly when its breadth-first distance is at most
    /// `max` (a shortest path is a trail). The start is reachable when `min` is 0, or when a
    /// closed trail of at most `max` edges passes through it; the shortest such is the shortest
    /// cycle through the start, found during the same search: an edge back into the start, or
    /// (undirected) an edge joining two nodes first reached through different edges of the start.
    private func expandDistinctEnds(_ index: Int, _ start: NodeID, _ relationship: PatternPlan.RelationshipSpec,
                                    _ length: (min: Int, max: Int), _ to: PatternPlan.NodeSpec, _ toBound: Bool,
                                    _ direction: Direction, _ types: [Symbol]?,
                                    _ row: inout Row, _ used: inout [EdgeID], _ context: ExecutionContext,
                                    _ body: (Row) throws -> Bool, _ batch: Batch?) throws -> Bool {
        let graph = context.graph
        // A node reached over an edge is live: an end with no labels or properties takes it as is.
        let takesAny = !toBound && to.labels.isEmpty && to.properties.isEmpty && to.propertyMap == nil && to.distinctFrom.isEmpty
        func emit(_ node: NodeID) throws -> Bool {
            if takesAny {
                row[to.slot] = .node(node)
            } else {
                guard try bindEnd(node, to, toBound, &row, context) else { return true }
            }
            return try step(index + 1, &row, &used, context, body, batch)
        }
        // The relationship has no name: its slot is never read.
        row[relationship.slot] = .null
        let reach: Reach
        if relationship.properties.isEmpty && relationship.propertyMap == nil {
            // Every edge of the types fits.
            reach = try graph.reach(from: start, direction: direction, types: types, maxDepth: length.max) { try context.checkCancel() }
        } else {
            reach = try graph.reach(from: start, direction: direction, types: types, maxDepth: length.max,
                                    where: { try matches($0, relationship, row, context) }) { try context.checkCancel() }
        }
        let withStart = length.min == 0 || reach.closedTrail != nil
        if let batch, takesAny, index + 1 == plan.steps.count {
            let nodes = withStart ? [start] + reach.nodes : reach.nodes
            row[to.slot] = .null
            return try nodes.isEmpty || batch(row, to.slot, nodes)
        }
        var keepGoing = true
        if withStart { keepGoing = try emit(start) }
        for node in reach.nodes where keepGoing { keepGoing = try emit(node) }
        if !toBound { row[to.slot] = .null }
        return keepGoing
    }

    private func forEachAdjacent(_ graph: Graph, _ node: NodeID, _ direction: Direction, _ types: [Symbol]?,
                                 _ body: (AdjacentEdge) throws -> Bool) throws {
        guard let types else {
            try graph.visitEdges(of: node, direction: direction, body)
            return
        }
        for type in types {
            guard try graph.visitEdges(of: node, direction: direction, type: type, body) else { return }
        }
    }

    /// Whether a start with a name hint (`n.name CONTAINS $text`, `~`, …) takes its candidates
    /// from the folded-name index: not when its label is so small that scanning it costs less
    /// than the search (`Graph.nameIndexWork`), as for `(o:Organization) WHERE o.name CONTAINS
    /// 'Huyện'`, whose trigrams every person named Huyền shares; `WHERE` tests the label's
    /// nodes then (each distinct name once).
    func usesNameIndex(_ spec: PatternPlan.NodeSpec, _ row: Row, _ context: ExecutionContext) throws -> Bool {
        guard let hint = spec.nameHint, case .string(let text) = try hint(row, context) else { return false }
        let graph = context.graph
        guard !spec.labels.isEmpty else { return true }
        var smallest = Int.max
        for label in spec.labelCache.resolve(.labels, in: graph) {
            guard let label else { return false }
            smallest = min(smallest, graph.nodeCount(withLabel: label))
        }
        return graph.nameIndexWork(text) <= smallest
    }

    func candidates(_ spec: PatternPlan.NodeSpec, _ row: Row, _ context: ExecutionContext) throws -> [NodeID] {
        let graph = context.graph
        if let id = spec.properties.first(where: { $0.key == "id" }), case .string(let text) = try id.value(row, context) {
            return graph.nodes(withID: text)
        }
        if let hint = spec.idHint {
            switch try hint(row, context) {
            case .string(let text): return graph.nodes(withID: text)
            case .list(let items) where items.allSatisfy({ if case .string = $0 { true } else { false } }):
                // `n.id IN [...]`: each id's nodes, once, in handle order (as a scan gives them).
                var nodes = Set<NodeID>()
                for case .string(let text) in items { nodes.formUnion(graph.nodes(withID: text)) }
                return nodes.sorted()
            default: break
            }
        }
        if try usesNameIndex(spec, row, context), let hint = spec.nameHint, case .string(let text) = try hint(row, context) {
            return graph.nodes(withNameContaining: text)
        }
        if !spec.labels.isEmpty {
            var best: Symbol? = nil
            for label in spec.labelCache.resolve(.labels, in: graph) {
                guard let label else { return [] }
                if best == nil || graph.nodeCount(withLabel: label) < graph.nodeCount(withLabel: best!) { best = label }
            }
            return graph.nodes(withLabel: best!)
        }
        return graph.nodes
    }

    /// Binds the node an expansion reached to `to`'s slot, or, when that slot is bound already,
    /// checks it is the same node; false when the node does not fit `to`.
    @inline(__always)
    private func bindEnd(_ node: NodeID, _ to: PatternPlan.NodeSpec, _ toBound: Bool, _ row: inout Row,
                         _ context: ExecutionContext, labelsImplied: Bool = false) throws -> Bool {
        if toBound {
            guard case .node(let expected) = row[to.slot], expected == node else { return false }
            return try accepts(node, to, row, context, labelsImplied: labelsImplied)
        }
        guard try accepts(node, to, row, context, labelsImplied: labelsImplied) else { return false }
        row[to.slot] = .node(node)
        return true
    }

    /// Whether every edge the expansion can follow leads to a node with all of `spec`'s labels
    /// (every `RECEIVED` edge leaves a `Person`, say): then reached nodes need no label test.
    private func impliedLabels(_ spec: PatternPlan.NodeSpec, _ types: [Symbol]?, _ direction: Direction, _ graph: Graph) -> Bool {
        guard !spec.labels.isEmpty, let types, !types.isEmpty else { return false }
        for label in spec.labelCache.resolve(.labels, in: graph) {
            guard let label else { return false }
            for type in types {
                if direction != .incoming && !graph.allEdges(ofType: type, haveLabel: label, atSource: false) { return false }
                if direction != .outgoing && !graph.allEdges(ofType: type, haveLabel: label, atSource: true) { return false }
            }
        }
        return true
    }

    /// The nodes `spec.distinctFrom` rules out in `row`, when they are all there is to its
    /// test: nil when a slot holds something other than a node (see `accepts`).
    private func excludedNodes(_ spec: PatternPlan.NodeSpec, _ row: Row) -> [NodeID]? {
        var nodes: [NodeID] = []
        for slot in spec.distinctFrom {
            guard case .node(let node) = row[slot] else { return nil }
            nodes.append(node)
        }
        return nodes
    }

    /// Whether `node` fits `spec`. A node reached over a live edge is live; with
    /// `labelsImplied`, its labels are known to fit (see `impliedLabels`).
    func accepts(_ node: NodeID, _ spec: PatternPlan.NodeSpec, _ row: Row, _ context: ExecutionContext,
                 labelsImplied: Bool = false) throws -> Bool {
        for slot in spec.distinctFrom {
            // `n <> m`: true only for a value that is not null and not this node.
            if case .node(let other) = row[slot] {
                if other == node { return false }
            } else if Comparison.equals(.node(node), row[slot]) != false {
                return false
            }
        }
        if spec.properties.isEmpty && spec.propertyMap == nil && (labelsImplied || spec.labels.isEmpty) {
            return labelsImplied || context.graph.contains(node)
        }
        let graph = context.graph
        if labelsImplied {
            if spec.properties.isEmpty && spec.propertyMap == nil { return true }
        } else {
            guard graph.contains(node) else { return false }
        }
        if !spec.labels.isEmpty && !labelsImplied {
            for label in spec.labelCache.resolve(.labels, in: graph) {
                guard let label, graph.hasLabel(node, label) else { return false }
            }
        }
        if !spec.properties.isEmpty {
            let keys = spec.keyCache.resolve(.keys, in: graph)
            for (index, property) in spec.properties.enumerated() {
                guard let key = keys[index], let stored = graph.property(of: node, key: key),
                      Comparison.equals(stored, try property.value(row, context)) == true else { return false }
            }
        }
        if let propertyMap = spec.propertyMap {
            return try Self.matchesMap(try propertyMap(row, context)) { graph.property(of: node, $0) }
        }
        return true
    }

    /// Every entry of a parameter map equals the stored value.
    static func matchesMap(_ value: Value, _ stored: (String) -> Value?) throws -> Bool {
        guard case .map(let map) = value else { return value.isNull }
        return map.entries.allSatisfy { entry in
            stored(entry.key).map { Comparison.equals($0, entry.value) == true } ?? false
        }
    }

    private func matches(_ edge: EdgeID, _ spec: PatternPlan.RelationshipSpec, _ row: Row,
                         _ context: ExecutionContext) throws -> Bool {
        if !spec.properties.isEmpty {
            let keys = spec.keyCache.resolve(.keys, in: context.graph)
            for (index, property) in spec.properties.enumerated() {
                guard let key = keys[index], let stored = context.graph.property(of: edge, key: key),
                      Comparison.equals(stored, try property.value(row, context)) == true else { return false }
            }
        }
        if let propertyMap = spec.propertyMap {
            let graph = context.graph
            return try Self.matchesMap(try propertyMap(row, context)) { graph.property(of: edge, $0) }
        }
        return true
    }

    /// The path through the nodes and relationships in these slots (a variable-length
    /// relationship slot holds a list of relationships).
    static func assemblePath(_ row: Row, _ nodes: [Int], _ relationships: [Int], _ graph: Graph) -> Value {
        guard case .node(let first) = row[nodes[0]] else { return .null }
        var pathNodes = [first]
        var pathEdges: [EdgeID] = []
        var current = first
        for slot in relationships {
            var edges: [EdgeID] = []
            switch row[slot] {
            case .edge(let edge): edges = [edge]
            case .list(let items): edges = items.compactMap { if case .edge(let e) = $0 { return e } else { return nil } }
            case .path(let path): edges = path.edges
            default: return .null
            }
            for edge in edges {
                let next = graph.source(of: edge) == current ? graph.target(of: edge) : graph.source(of: edge)
                pathEdges.append(edge)
                pathNodes.append(next)
                current = next
            }
        }
        return .path(GraphPath(nodes: pathNodes, edges: pathEdges))
    }
}

extension Direction {
    var reversed: Direction {
        switch self {
        case .outgoing: .incoming
        case .incoming: .outgoing
        case .both: .both
        }
    }
}

extension GraphPath {
    var reversed: GraphPath { GraphPath(nodes: nodes.reversed(), edges: edges.reversed()) }
}
