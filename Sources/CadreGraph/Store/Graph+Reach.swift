/// What a breadth-first search from one node found (`Graph.reach(from:direction:types:maxDepth:_:)`).
public struct Reach: Sendable {
    /// Every node other than the start within the depth, nearest first (by level, then in the
    /// order edges were followed).
    public var nodes: [NodeID]
    /// The length of the shortest closed trail (a walk that uses no edge twice) through the
    /// start, when one of at most the depth exists.
    public var closedTrail: Int?
}

extension Graph {
    /// The nodes within `maxDepth` edges of `start`, following edges in `direction` (of one of
    /// `types`, or of any type when nil), breadth first; and the shortest closed trail through
    /// the start within that depth. A node other than the start is at the end of a trail of at
    /// most `maxDepth` edges exactly when its distance is at most that (a shortest path is a
    /// trail). The shortest closed trail through the start is its shortest cycle: an edge back
    /// into it, or (undirected) an edge joining two nodes first reached through different
    /// edges of the start; found in the same search.
    ///
    /// `checkpoint` runs once per level (to let a caller stop a long search by throwing).
    public func reach(from start: NodeID, direction: Direction, types: [Symbol]?, maxDepth: Int,
                      _ checkpoint: () throws -> Void) rethrows -> Reach {
        try search(from: start, direction: direction, types: types, maxDepth: maxDepth, filtered: false, { _ in true }, checkpoint)
    }

    /// `reach(from:direction:types:maxDepth:_:)` over the edges `fits` accepts only.
    public func reach(from start: NodeID, direction: Direction, types: [Symbol]?, maxDepth: Int,
                      where fits: (EdgeID) throws -> Bool, _ checkpoint: () throws -> Void) rethrows -> Reach {
        try search(from: start, direction: direction, types: types, maxDepth: maxDepth, filtered: true, fits, checkpoint)
    }

    @inline(__always)
    private func search(from start: NodeID, direction: Direction, types: [Symbol]?, maxDepth: Int, filtered: Bool,
                        _ fits: (EdgeID) throws -> Bool, _ checkpoint: () throws -> Void) rethrows -> Reach {
        let storage = self.storage
        let count = storage.nodeLabels.count
        let unseen = UInt32.max
        var depth = [UInt32](repeating: unseen, count: count)
        let undirected = direction == .both
        // Undirected, per reached node: the edge it was reached by, and the start's neighbour
        // its path begins with.
        var treeEdge = [UInt32](repeating: 0, count: undirected ? count : 0)
        var branch = treeEdge
        var allowed: [Bool]? = nil
        if let types {
            var table = [Bool](repeating: false, count: storage.types.count)
            for type in types where type.index < table.count { table[type.index] = true }
            allowed = table
        }
        let allLive = storage.liveEdges.count == storage.edgeSource.count
        let live = storage.liveEdges
        depth[start.index] = 0
        var reached: [NodeID] = []
        var frontier = [start]
        var next: [NodeID] = []
        var level = 0
        var shortestCycle = Int.max

        // One entry of `node`'s adjacency (an undirected search sees a self-loop once, in the
        // outgoing list).
        @inline(__always)
        func follow(_ entry: AdjacentEdge, from node: NodeID) throws {
            if !allLive && !live.contains(entry.edge.index) { return }
            if let allowed, entry.type.index >= allowed.count || !allowed[entry.type.index] { return }
            if filtered, try !fits(entry.edge) { return }
            let other = entry.other
            if other == start {
                if node == start {
                    shortestCycle = 1
                } else if !undirected || treeEdge[node.index] != entry.edge.raw {
                    // (Undirected, the edge a neighbour was reached by leads back: no trail.)
                    shortestCycle = min(shortestCycle, level + 1)
                }
                return
            }
            if depth[other.index] == unseen {
                depth[other.index] = UInt32(level + 1)
                if undirected {
                    treeEdge[other.index] = entry.edge.raw
                    branch[other.index] = node == start ? other.raw : branch[node.index]
                }
                next.append(other)
                reached.append(other)
            } else if undirected {
                if node == start {
                    if treeEdge[other.index] != entry.edge.raw { shortestCycle = min(shortestCycle, 2) }
                } else if branch[other.index] != branch[node.index] {
                    shortestCycle = min(shortestCycle, level + Int(depth[other.index]) + 1)
                }
            }
        }

        try storage.outgoing.withView { outgoing in
            try storage.incoming.withView { incoming in
                while !frontier.isEmpty && level < maxDepth {
                    try checkpoint()
                    next.removeAll(keepingCapacity: true)
                    for node in frontier {
                        if direction != .incoming { try outgoing.forEach(of: node) { try follow($0, from: node) } }
                        if direction == .incoming {
                            try incoming.forEach(of: node) { try follow($0, from: node) }
                        } else if direction == .both {
                            try incoming.forEach(of: node) { if $0.other != node { try follow($0, from: node) } }
                        }
                    }
                    swap(&frontier, &next)
                    level += 1
                }
            }
        }
        return Reach(nodes: reached, closedTrail: shortestCycle <= maxDepth ? shortestCycle : nil)
    }
}
