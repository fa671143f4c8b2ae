import CadreGraph

/// A MATCH or OPTIONAL MATCH over batches: hops from a node the rows hold (`expand`), then the
/// clause's WHERE (`match`). Shared by the first MATCH's batches (`VectorMatchOperator`) and
/// the clauses after a breaker (`BatchOperator`); a row's value columns go along with it.
enum BatchMatching {
    /// Each row of `batch` with every match of the stage's pattern that passes its WHERE, in
    /// order; for an OPTIONAL MATCH, a row with none, once, with the stage's new slots null.
    static func match(_ input: Batch, _ stage: VectorMatchPlan.OptionalStage, _ run: VectorRun, width: Int) throws -> Batch {
        // As wide as the rows after the stage (a breaker's batches hold only the slots before).
        var batch = input
        if batch.entities.count < width {
            batch.entities += [[UInt32]](repeating: [], count: width - batch.entities.count)
            batch.values += [Vector](repeating: Vector(count: 0), count: width - batch.values.count)
        }
        var current = batch
        var origin = (0..<Int32(batch.count)).map { $0 }
        let mask = stage.expands.count == 1 ? edgeMask(stage.predicate, relationship: stage.expands[0].relationship.slot, run) : nil
        for hop in stage.expands {
            var parents: [Int32] = []
            current = expand(current, hop, run.graph, width: width, relationshipSlots: stage.relationshipSlots, keeping: mask,
                             parents: &parents)
            origin = parents.map { origin[Int($0)] }
        }
        var kept = current.all
        if !stage.optional && stage.expands.isEmpty, let start = stage.start {
            // `MATCH (p)` of a node a row holds null matches nothing.
            kept = kept.filter { current.entities[start][Int($0)] != Batch.null }
        }
        if let predicate = stage.predicate, !kept.isEmpty {
            kept = try predicate.select(current, kept, run, range: stage.predicateRange).true
        }
        // A MATCH keeps only the rows it matched.
        if !stage.optional { return current.compacted(kept) }
        // Each result row's source: a match (its row in `current`), or an input row without
        // one (`-1 - row`), in input order; then each slot gathered at once.
        var sources: [Int32] = []
        sources.reserveCapacity(max(batch.count, kept.count))
        var next = 0
        for row in 0..<Int32(batch.count) {
            let first = next
            while next < kept.count && origin[Int(kept[next])] == row {
                sources.append(kept[next])
                next += 1
            }
            if next == first { sources.append(-1 - row) }
        }
        var result = Batch(width: width)
        result.count = sources.count
        let newSlots = Set(stage.newSlots)
        for slot in 0..<width where slot < batch.entities.count {
            let isNew = newSlots.contains(slot)
            if !batch.entities[slot].isEmpty || isNew {
                let matched = current.entities[slot], unmatched = batch.entities[slot]
                result.entities[slot] = sources.map { source in
                    source >= 0 ? matched[Int(source)] : (isNew ? Batch.null : unmatched[Int(-1 - source)])
                }
            } else if batch.holdsValues(slot) {
                // A value of the row (a stage binds no values): the input row's.
                let rows = sources.map { source in source >= 0 ? origin[Int(source)] : -1 - source }
                result.values[slot] = batch.values[slot].gathered(rows)
            }
        }
        return result
    }

    /// When WHERE is comparisons (one, or several joined by AND) of the hop's relationship's
    /// properties with constants (`r.date >= date('2023-01-01') AND r.date < date('2024')`),
    /// each decided on a column of one kind, one of them with a sorted index: the edges that
    /// index's interval keeps, as bit words by handle (made once per run). The hop then takes
    /// only those: the others' rows WHERE would drop (false, or null), and no comparison raises
    /// on any. WHERE still decides the rows taken. Nil otherwise.
    static func edgeMask(_ predicate: VectorExpression?, relationship slot: Int, _ run: VectorRun) -> [UInt64]? {
        guard let predicate else { return nil }
        var comparisons: [BinaryKernel] = []
        func collect(_ expression: VectorExpression) -> Bool {
            if let logic = expression as? LogicKernel, logic.op == .and, let rhs = logic.rhs { return collect(logic.lhs) && collect(rhs) }
            guard let binary = expression as? BinaryKernel, binary.isComparison else { return false }
            comparisons.append(binary)
            return true
        }
        guard collect(predicate) else { return nil }
        // Only when a relationship's property read has an index already (a cheap look first:
        // this runs for every batch of small statements too).
        let graph = run.graph
        guard comparisons.contains(where: { binary in
            [binary.lhs, binary.rhs].contains { side in
                guard let property = side as? PropertyKernel ?? (side as? ComponentKernel)?.base as? PropertyKernel,
                      property.slot == slot, property.edges, let key = graph.keys.lookup(property.key) else { return false }
                return graph.cachedSortedIndex(key, edges: true) != nil
            }
        }) else { return nil }
        return run.edgeMask(predicate) {
            var tests: [VectorExpression] = comparisons
            // Columns already built only (an index is built from one).
            let filters = ScanFilter.take(&tests, slots: [(slot, .edge, true)], run: run, rows: 0, keepNull: false)
            guard tests.isEmpty else { return nil }
            for filter in filters where !filter.exclude {
                guard let key = graph.keys.lookup(filter.key), let index = graph.cachedSortedIndex(key, edges: true),
                      index.tag.rawValue == filter.tag, index.flip == filter.flip else { continue }
                // A mask of more edges than pass is as good: WHERE decides the rows taken.
                let positions = filter.indexPositions(index).positions
                var mask = [UInt64](repeating: 0, count: (graph.edgeSources.count + 63) / 64)
                index.order.withUnsafeBufferPointer { order in
                    for position in positions { mask[Int(order[position] >> 6)] |= 1 << UInt64(order[position] & 63) }
                }
                return mask
            }
            return nil
        }
    }

    /// Each row extended by every edge from its `from` node that fits the hop: the rows of
    /// the result in the row engine's order (by input row, then adjacency order); `parents`
    /// gets each result row's input row.
    static func expand(_ batch: Batch, _ expand: VectorMatchPlan.Expand, _ graph: Graph, width: Int, relationshipSlots: [Int],
                       keeping mask: [UInt64]? = nil, parents: inout [Int32]) -> Batch {
        let relationship = expand.relationship
        let direction = expand.reversed ? relationship.direction.reversed : relationship.direction
        let types: [Symbol]? = relationship.types.isEmpty ? nil : relationship.typeCache.resolveKnown(.types, in: graph)
        var result = Batch(width: width)
        if let types, types.isEmpty { return result }
        var labels = expand.to.labels.isEmpty ? [] : expand.to.labelCache.resolve(.labels, in: graph)
        if labels.contains(where: { $0 == nil }) { return result }

        // Edges bound earlier in the row: a match uses each edge once.
        let usedSlots = relationshipSlots.filter { $0 != relationship.slot && !batch.entities[$0].isEmpty }
        parents = []
        var edges: [UInt32] = []
        var ends: [UInt32] = []
        parents.reserveCapacity(batch.count * 2)
        edges.reserveCapacity(batch.count * 2)
        ends.reserveCapacity(batch.count * 2)
        graph.expand(batch.entities[expand.from], direction: direction, types: types, keeping: mask,
                     parents: &parents, edges: &edges, others: &ends)
        // Labels every edge of the hop's types carries at the far end need no test (asked
        // when the rows are many enough for the tests to cost more than the asking).
        if let types, direction != .both, parents.count >= 64 {
            labels.removeAll { label in types.allSatisfy { graph.allEdges(ofType: $0, haveLabel: label!, atSource: direction == .incoming) } }
        }
        // Only the rows whose far end fits: the bound node, each label, edges not used before.
        let bound = expand.toBound ? batch.entities[expand.to.slot] : []
        if expand.toBound || !labels.isEmpty || !usedSlots.isEmpty {
            let labelWords = labels.map { graph.labelWords($0!) }
            let used = usedSlots.map { batch.entities[$0] }
            var kept = 0
            parents.withUnsafeMutableBufferPointer { parents in
                edges.withUnsafeMutableBufferPointer { edges in
                    ends.withUnsafeMutableBufferPointer { ends in
                        for index in 0..<parents.count {
                            let row = Int(parents[index]), end = ends[index], edge = edges[index]
                            if expand.toBound && end != bound[row] { continue }
                            if used.contains(where: { $0[row] == edge }) { continue }
                            if !labelWords.allSatisfy({ $0.withUnsafeBufferPointer { Graph.has($0, end) } }) { continue }
                            parents[kept] = parents[index]
                            edges[kept] = edge
                            ends[kept] = end
                            kept += 1
                        }
                    }
                }
            }
            parents.removeLast(parents.count - kept)
            edges.removeLast(edges.count - kept)
            ends.removeLast(ends.count - kept)
        }
        result.count = parents.count
        for slot in 0..<min(width, batch.entities.count) {
            if !batch.entities[slot].isEmpty {
                result.entities[slot] = batch.entities[slot].withUnsafeBufferPointer { column in parents.map { column[Int($0)] } }
            } else if batch.holdsValues(slot) {
                result.values[slot] = batch.values[slot].gathered(parents)
            }
        }
        result.entities[relationship.slot] = edges
        if !expand.toBound { result.entities[expand.to.slot] = ends }
        return result
    }
}
