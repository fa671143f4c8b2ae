import CadreGraph

extension VectorAggregation {
    /// The rows answered from the store's counts, when the match is a whole label or whole edge
    /// types with nothing to test, and the aggregation only counts its rows (by type, at
    /// most): `MATCH (r:Resolution) RETURN count(*)`, `MATCH ()-[e]->() RETURN type(e), count(*)`.
    /// Nil otherwise. Groups by type come in the types' order (Cypher leaves it open).
    func answerFromCounts(_ option: VectorMatchPlan.Option, _ graph: Graph) -> [Row]? {
        guard option.expands.isEmpty, countsRowsOnly else { return nil }
        switch option.source {
        case .start(let spec):
            guard keyItems.isEmpty, spec.properties.isEmpty, spec.idHint == nil, spec.nameHint == nil, spec.labels.count <= 1 else {
                return nil
            }
            let count: Int
            if !spec.labels.isEmpty {
                count = spec.labelCache.resolve(.labels, in: graph)[0].map { graph.nodeCount(withLabel: $0) } ?? 0
            } else {
                count = graph.nodeCount
            }
            return [row(count: count, key: nil)]
        case .scanEdges(let from, let relationship, let to, _):
            guard from.labels.isEmpty, to.labels.isEmpty, from.slot != to.slot else { return nil }
            let types: [Symbol] = relationship.types.isEmpty ? graph.types.allSymbols
                : relationship.typeCache.resolve(.types, in: graph).compactMap { $0 }
            if keyItems.isEmpty {
                return [row(count: types.reduce(0) { $0 + graph.edgeCount(ofType: $1) }, key: nil)]
            }
            guard keyItems.count == 1, case .key(let kernel) = items[keyItems[0]], let type = kernel as? TypeKernel,
                  type.slot == relationship.slot else { return nil }
            return types.compactMap { symbol in
                let count = graph.edgeCount(ofType: symbol)
                return count == 0 ? nil : row(count: count, key: .string(graph.types.name(symbol)))
            }
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
