/// Maps `id` strings to nodes. Ids are unique in a graph file, but a query may create two nodes
/// with the same id; both are then indexed, and saving reports the clash.
struct IDIndex: Sendable {
    private enum Slot: Sendable {
        case one(NodeID)
        case many([NodeID])
    }

    private var slots: [String: Slot] = [:]

    var count: Int { slots.count }

    func nodes(for id: String) -> [NodeID] {
        switch slots[id] {
        case .one(let node)?: [node]
        case .many(let nodes)?: nodes
        case nil: []
        }
    }

    mutating func insert(_ id: String, _ node: NodeID) {
        switch slots[id] {
        case nil: slots[id] = .one(node)
        case .one(let other)?: slots[id] = .many([other, node])
        case .many(let nodes)?: slots[id] = .many(nodes + [node])
        }
    }

    mutating func remove(_ id: String, _ node: NodeID) {
        switch slots[id] {
        case .one(let other)? where other == node: slots[id] = nil
        case .many(let nodes)?:
            let kept = nodes.filter { $0 != node }
            slots[id] = kept.count == 1 ? .one(kept[0]) : .many(kept)
        default: break
        }
    }

    /// Ids held by more than one node, sorted.
    var duplicates: [String] {
        slots.compactMap { key, slot in
            if case .many = slot { return key }
            return nil
        }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
