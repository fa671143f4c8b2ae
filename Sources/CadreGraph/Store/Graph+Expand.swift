extension Graph {
    /// The edges of many nodes at once, for batch expansion: for each `nodes[i]`, one entry per
    /// live edge in `direction` (of each of `types` in turn, when given) is appended to
    /// `parents` (i), `edges` and `others` (the far end), in the order `visitEdges(of:direction:type:)`
    /// visits them: outgoing before incoming, a self-loop once with `.both`.
    public func expand(_ nodes: [UInt32], direction: Direction, types: [Symbol]?,
                       parents: inout [Int32], edges: inout [UInt32], others: inout [UInt32]) {
        let storage = self.storage
        let allLive = storage.liveEdges.count == storage.edgeSource.count
        let live = storage.liveEdges
        storage.outgoing.withView { outgoing in
            storage.incoming.withView { incoming in
                for (row, raw) in nodes.enumerated() {
                    let node = NodeID(raw)
                    func add(_ view: Adjacency.View, _ type: Symbol?, skipLoops: Bool) {
                        view.forEach(of: node) { entry in
                            if let type, entry.type != type { return }
                            if !allLive && !live.contains(entry.edge.index) { return }
                            if skipLoops && entry.other == node { return }
                            parents.append(Int32(row))
                            edges.append(entry.edge.raw)
                            others.append(entry.other.raw)
                        }
                    }
                    if let types {
                        for type in types {
                            if direction != .incoming { add(outgoing, type, skipLoops: false) }
                            if direction != .outgoing { add(incoming, type, skipLoops: direction == .both) }
                        }
                    } else {
                        if direction != .incoming { add(outgoing, nil, skipLoops: false) }
                        if direction != .outgoing { add(incoming, nil, skipLoops: direction == .both) }
                    }
                }
            }
        }
    }

    /// Whether node `node` has `label`, from the label's bit words (`labelWords`).
    @inline(__always)
    public static func has(_ words: UnsafeBufferPointer<UInt64>, _ node: UInt32) -> Bool {
        let word = Int(node >> 6)
        return word < words.count && words[word] & (1 << UInt64(node & 63)) != 0
    }
}
