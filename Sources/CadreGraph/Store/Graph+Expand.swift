extension Graph {
    /// The edges of many nodes at once, for batch expansion: for each `nodes[i]`, one entry per
    /// live edge in `direction` (of each of `types` in turn, when given) is appended to
    /// `parents` (i), `edges` and `others` (the far end), in the order `visitEdges(of:direction:type:)`
    /// visits them: outgoing before incoming, a self-loop once with `.both`.
    /// `keeping`: bit words by edge handle; only the edges whose bit is set are taken.
    public func expand(_ nodes: [UInt32], direction: Direction, types: [Symbol]?, keeping mask: [UInt64]? = nil,
                       parents: inout [Int32], edges: inout [UInt32], others: inout [UInt32]) {
        let passes = Self.passes(direction, types)
        storage.outgoing.withView { outgoing in
            storage.incoming.withView { incoming in
                (mask ?? []).withUnsafeBufferPointer { words in
                    let kept = mask == nil ? nil : words
                    for (row, raw) in nodes.enumerated() {
                        take(raw, Int32(row), passes, outgoing, incoming, kept, parents: &parents, edges: &edges, others: &others)
                    }
                }
            }
        }
    }

    /// The passes over the adjacency that one hop's direction and types take, made once for
    /// a walk that expands node after node.
    public struct Hop: Sendable {
        fileprivate let passes: [(outgoing: Bool, type: Symbol?, skipLoops: Bool)]

        public init(direction: Direction, types: [Symbol]?) {
            passes = Graph.passes(direction, types)
        }
    }

    /// The edges of one node, as `expand(_:direction:types:parents:edges:others:)` gives them,
    /// without parents (a walk that takes one node at a time).
    public func expand(_ node: UInt32, _ hop: Hop, edges: inout [UInt32], others: inout [UInt32]) {
        var parents: [Int32] = []
        storage.outgoing.withView { outgoing in
            storage.incoming.withView { incoming in
                take(node, nil, hop.passes, outgoing, incoming, nil, parents: &parents, edges: &edges, others: &others)
            }
        }
    }

    /// One pass per direction and type: (view, type, skip self-loops).
    fileprivate static func passes(_ direction: Direction, _ types: [Symbol]?) -> [(outgoing: Bool, type: Symbol?, skipLoops: Bool)] {
        var passes: [(outgoing: Bool, type: Symbol?, skipLoops: Bool)] = []
        for type in types.map({ $0.map { Optional($0) } }) ?? [nil] {
            if direction != .incoming { passes.append((true, type, false)) }
            if direction != .outgoing { passes.append((false, type, direction == .both)) }
        }
        return passes
    }

    @inline(__always)
    private func take(_ raw: UInt32, _ row: Int32?, _ passes: [(outgoing: Bool, type: Symbol?, skipLoops: Bool)],
                      _ outgoing: Adjacency.View, _ incoming: Adjacency.View, _ mask: UnsafeBufferPointer<UInt64>?,
                      parents: inout [Int32], edges: inout [UInt32], others: inout [UInt32]) {
        let storage = self.storage
        let allLive = storage.liveEdges.count == storage.edgeSource.count
        let node = Int(raw)
        for pass in passes {
            @inline(__always)
            func take(_ entry: AdjacentEdge) {
                if let type = pass.type, entry.type != type { return }
                if !allLive && !storage.liveEdges.contains(entry.edge.index) { return }
                if pass.skipLoops && entry.other.raw == raw { return }
                if let mask, !Self.has(mask, entry.edge.raw) { return }
                if let row { parents.append(row) }
                edges.append(entry.edge.raw)
                others.append(entry.other.raw)
            }
            let view = pass.outgoing ? outgoing : incoming
            if node + 1 < view.offsets.count {
                var entries = Int(view.offsets[node])..<Int(view.offsets[node + 1])
                if let type = pass.type {
                    // A node's built entries are grouped by type: from its group's first to its last.
                    var index = entries.lowerBound
                    while index < entries.upperBound && view.entries[index].type != type { index += 1 }
                    var end = index
                    while end < entries.upperBound && view.entries[end].type == type { end += 1 }
                    entries = index..<end
                }
                if allLive && !pass.skipLoops && mask == nil {
                    // Every entry taken: appended in bulk (one reservation per array, not a
                    // check per entry).
                    let taken = view.entries[entries]
                    if let row { parents.append(contentsOf: repeatElement(row, count: taken.count)) }
                    edges.append(contentsOf: taken.lazy.map(\.edge.raw))
                    others.append(contentsOf: taken.lazy.map(\.other.raw))
                } else {
                    for index in entries { take(view.entries[index]) }
                }
            }
            if let pending = view.pending, let added = pending[raw] {
                for entry in added { take(entry) }
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
