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
        // One pass per direction and type: (view, type, skip self-loops).
        var passes: [(outgoing: Bool, type: Symbol?, skipLoops: Bool)] = []
        for type in types.map({ $0.map { Optional($0) } }) ?? [nil] {
            if direction != .incoming { passes.append((true, type, false)) }
            if direction != .outgoing { passes.append((false, type, direction == .both)) }
        }
        storage.outgoing.withView { outgoing in
            storage.incoming.withView { incoming in
                for (row, raw) in nodes.enumerated() {
                    let node = Int(raw)
                    for pass in passes {
                        @inline(__always)
                        func take(_ entry: AdjacentEdge) {
                            if let type = pass.type, entry.type != type { return }
                            if !allLive && !live.contains(entry.edge.index) { return }
                            if pass.skipLoops && entry.other.raw == raw { return }
                            parents.append(Int32(row))
                            edges.append(entry.edge.raw)
                            others.append(entry.other.raw)
                        }
                        let view = pass.outgoing ? outgoing : incoming
                        if node + 1 < view.offsets.count {
                            for index in Int(view.offsets[node])..<Int(view.offsets[node + 1]) { take(view.entries[index]) }
                        }
                        if let pending = view.pending, let added = pending[raw] {
                            for entry in added { take(entry) }
                        }
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
