import CadreGraph

extension VectorAggregation {
    /// The rows answered from the store's counts, when the match is a whole label or whole edge
    /// types with nothing to test, and the aggregation only counts its rows (by type, at
    /// most): `MATCH (r:Resolution) RETURN count(*)`, `MATCH ()-[e]->() RETURN type(e), count(*)`.
    /// Nil otherwise. Groups by type come in the types' order (Cypher leaves it open).
    func answerFromCounts(_ option: VectorMatchPlan.Option, _ run: VectorRun, width: Int) throws -> [Row]? {
        guard countsRowsOnly else { return nil }
        let graph = run.graph
        if option.expands.isEmpty, case .start(let spec) = option.source {
            guard Self.testsOnlyLabels(spec) else { return nil }
            guard keyItems.isEmpty, spec.labels.count <= 1 else {
                return try countsPerLabelSet(spec, run, width: width)
            }
            let count: Int
            if !spec.labels.isEmpty {
                count = spec.labelCache.resolve(.labels, in: graph)[0].map { graph.nodeCount(withLabel: $0) } ?? 0
            } else {
                count = graph.nodeCount
            }
            return [row(count: count, key: nil)]
        }
        // One hop: the edges of its types, counted by type, their ends' labels tested only
        // for the types some of whose edges lack them (`MATCH (:Person)-[e]->() RETURN
        // type(e), count(*)`: no test at all where only people start those edges).
        let hop: (from: PatternPlan.NodeSpec, relationship: PatternPlan.RelationshipSpec, to: PatternPlan.NodeSpec, forward: Bool)
        switch option.source {
        case .scanEdges(let from, let relationship, let to, let forward) where option.expands.isEmpty:
            hop = (from, relationship, to, forward)
        default:
            guard let (start, expand, forward) = VectorMatchPlan.oneHop(option) else { return nil }
            hop = (start, expand.relationship, expand.to, forward)
        }
        let relationship = hop.relationship
        guard hop.from.slot != hop.to.slot, Self.testsOnlyLabels(hop.from), Self.testsOnlyLabels(hop.to),
              relationship.properties.isEmpty, relationship.propertyMap == nil, relationship.filters.isEmpty,
              relationship.length == nil else { return nil }
        // Grouped by nothing or by the hop's type, checked before any edge is counted.
        let byType = !keyItems.isEmpty
        if byType {
            guard keyItems.count == 1, case .key(let kernel) = items[keyItems[0]], let type = kernel as? TypeKernel,
                  type.slot == relationship.slot else { return nil }
        }
        let types: [Symbol] = relationship.types.isEmpty ? graph.types.allSymbols
            : relationship.typeCache.resolve(.types, in: graph).compactMap { $0 }
        let (sources, targets) = hop.forward ? (hop.from, hop.to) : (hop.to, hop.from)
        let sourceLabels = sources.labelCache.resolve(.labels, in: graph), targetLabels = targets.labelCache.resolve(.labels, in: graph)
        // A label no node has: no edge matches.
        let missing = sourceLabels.contains(nil) || targetLabels.contains(nil)
        let counts = types.map { type in
            missing ? 0 : graph.edgeCount(ofType: type, sourceLabels: sourceLabels.map { $0! }, targetLabels: targetLabels.map { $0! })
        }
        if !byType { return [row(count: counts.reduce(0, +), key: nil)] }
        return zip(types, counts).compactMap { symbol, count in
            count == 0 ? nil : row(count: count, key: .string(graph.types.name(symbol)))
        }
    }

    /// A node of the pattern that is tested for its labels at most (no property, id or name).
    private static func testsOnlyLabels(_ spec: PatternPlan.NodeSpec) -> Bool {
        spec.properties.isEmpty && spec.propertyMap == nil && spec.idHint == nil && spec.nameHint == nil && spec.distinctFrom.isEmpty
    }

    /// The row of an aggregation without keys that only counts rows, over `count` rows.
    func answerFromCount(_ count: Int) -> [Row]? {
        guard keyItems.isEmpty, countsRowsOnly else { return nil }
        return [row(count: count, key: nil)]
    }

    /// Keys that read only the scanned node's labels (`head(labels(n))`, `n:Person`): the
    /// store counts the nodes of each label set, each key is evaluated once per set (on the
    /// set's first node), and sets with equal keys add up, in the order of their first nodes
    /// (the order a scan meets the groups). Nil when a key reads anything else.
    private func countsPerLabelSet(_ spec: PatternPlan.NodeSpec, _ run: VectorRun, width: Int) throws -> [Row]? {
        guard !keyItems.isEmpty, keyKernels.allSatisfy({ Self.readsOnlyLabels($0, slot: spec.slot) }) else { return nil }
        let graph = run.graph
        let symbols = spec.labelCache.resolve(.labels, in: graph)
        if symbols.contains(where: { $0 == nil }) { return [] }
        var rows: [Row] = []
        var groupOfKey: [[Equivalent]: Int] = [:]
        for (first, count) in graph.labelSetCounts(having: symbols.compactMap { $0 }) {
            var batch = Batch(width: width)
            batch.entities[spec.slot] = [first.raw]
            batch.count = 1
            let keys = try keyKernels.map { try $0.evaluate(batch, [0], run).value(at: 0, graph) }
            let equivalents = keys.map(Equivalent.init)
            guard let index = groupOfKey[equivalents] else {
                groupOfKey[equivalents] = rows.count
                var row = self.row(count: count, key: nil)
                for (position, key) in zip(keyItems, keys) { row[position] = key }
                rows.append(row)
                continue
            }
            for position in aggregateItems {
                guard case .int(let sum) = rows[index][position] else { continue }
                rows[index][position] = .int(sum + Int64(count))
            }
        }
        return rows
    }

    /// Whether `kernel` reads nothing of a row but the labels of the node in `slot`: constants,
    /// `labels(n)`, `n:Label`, and kernels over only those (a kernel without children that is
    /// none of these reads the row some other way).
    private static func readsOnlyLabels(_ kernel: VectorExpression, slot: Int) -> Bool {
        switch kernel {
        case is ConstantKernel: return true
        case let labels as LabelsKernel: return labels.slot == slot
        case let label as LabelKernel: return label.slot == slot
        default:
            let children = kernel.children
            return !children.isEmpty && kernel.runsAnywhere && children.allSatisfy { readsOnlyLabels($0, slot: slot) }
        }
    }

    /// Every aggregate is `count(*)`, or `count(v)` of a node or relationship of the pattern
    /// (never null in a match): each counts the rows.
    private var countsRowsOnly: Bool {
        aggregateItems.allSatisfy { index in
            guard case .aggregate(let kind, let distinct, let arguments, _) = items[index] else { return false }
            return kind == .countStar || kind == .count && !distinct && arguments.first is EntityKernel
        }
    }

    private func row(count: Int, key: Value?) -> Row {
        var row = Row(repeating: .null, count: items.count)
        for index in aggregateItems { row[index] = .int(Int64(count)) }
        if let key { row[keyItems[0]] = key }
        return row
    }
}
