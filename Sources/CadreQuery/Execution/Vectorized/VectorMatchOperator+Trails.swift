import CadreGraph

extension VectorMatchOperator {
    /// A variable-length hop (`-[:SUCCEEDED*1..3]->`, unnamed, last in its pattern): from each
    /// row's node, every trail of `min...max` edges of the hop's types and direction, no edge
    /// twice in a match (nor one the row bound before), whose end fits the far node. Depth first
    /// with an explicit stack, in the row engine's order: a trail's end comes before the trails
    /// that go on from it, edges in adjacency order. Rows go to `body` in slices of about a
    /// batch while the walk goes on, so memory stays bounded however many trails there are, and
    /// no trail's length reaches the call stack.
    func trails(_ batch: Batch, _ expand: VectorMatchPlan.Expand, _ run: VectorRun,
                _ body: (Batch) throws -> Bool) throws -> Bool {
        let graph = run.graph
        let relationship = expand.relationship
        let (minimum, maximum) = expand.length!
        let direction = expand.reversed ? relationship.direction.reversed : relationship.direction
        let types: [Symbol]? = relationship.types.isEmpty ? nil : relationship.typeCache.resolveKnown(.types, in: graph)
        let walk = Graph.Hop(direction: direction, types: types)
        let labels = expand.to.labels.isEmpty ? [] : expand.to.labelCache.resolve(.labels, in: graph)
        if labels.contains(where: { $0 == nil }) { return true }
        let labelWords = labels.map { graph.labelWords($0!) }
        let usedSlots = plan.relationshipSlots.filter { $0 != relationship.slot && !batch.entities[$0].isEmpty }
        let bound = expand.toBound ? batch.entities[expand.to.slot] : []
        let slots = (0..<plan.width).filter { !batch.entities[$0].isEmpty }
        // Value columns (the values of the rows before a MATCH run once per row) go along too.
        let valueSlots = (0..<min(plan.width, batch.values.count)).filter { batch.entities[$0].isEmpty && batch.holdsValues($0) }

        var parents: [Int32] = [], ends: [UInt32] = []
        func flush() throws -> Bool {
            guard !parents.isEmpty else { return true }
            var result = Batch(width: plan.width)
            result.count = parents.count
            for slot in slots {
                result.entities[slot] = batch.entities[slot].withUnsafeBufferPointer { column in parents.map { column[Int($0)] } }
            }
            for slot in valueSlots { result.values[slot] = batch.values[slot].gathered(parents) }
            if !expand.toBound { result.entities[expand.to.slot] = ends }
            parents.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            return try body(result)
        }

        // The adjacency of each node on the current trail, end to end; per level (the start's
        // first), where its entries begin and the next one to take. The top level's end is the
        // arrays' end.
        var edges: [UInt32] = [], others: [UInt32] = []
        var levels: [(start: Int, next: Int)] = []
        var trail: [UInt32] = []
        var steps = 0
        func descend(_ node: UInt32) {
            levels.append((edges.count, edges.count))
            graph.expand(node, walk, edges: &edges, others: &others)
        }
        for row in 0..<batch.count {
            let used = usedSlots.map { batch.entities[$0][row] }
            func fits(_ node: UInt32) -> Bool {
                (!expand.toBound || node == bound[row]) && labelWords.allSatisfy { $0.withUnsafeBufferPointer { Graph.has($0, node) } }
            }
            let start = batch.entities[expand.from][row]
            if start == Batch.null { continue }
            if minimum == 0 && fits(start) {
                parents.append(Int32(row))
                ends.append(start)
            }
            if maximum > 0 { descend(start) }
            while let top = levels.last {
                steps &+= 1
                if steps & 4095 == 0 { try run.context.checkCancelNow() }
                if top.next == edges.count {
                    // Every edge from this level's node taken: back to the node before.
                    edges.removeSubrange(top.start...)
                    others.removeSubrange(top.start...)
                    levels.removeLast()
                    if !levels.isEmpty { trail.removeLast() }
                    continue
                }
                levels[levels.count - 1].next += 1
                let edge = edges[top.next], node = others[top.next]
                if trail.contains(edge) || used.contains(edge) { continue }
                trail.append(edge)
                if trail.count >= minimum && fits(node) {
                    parents.append(Int32(row))
                    ends.append(node)
                    if parents.count >= Self.batchSize {
                        guard try flush() else { return false }
                    }
                }
                if trail.count < maximum { descend(node) } else { trail.removeLast() }
            }
        }
        return try flush()
    }
}
