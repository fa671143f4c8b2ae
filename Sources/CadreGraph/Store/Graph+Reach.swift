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
        let undirected = direction == .both
        // Per node, its depth; undirected, per reached node, the edge it was reached by and the
        // start's neighbour its path begins with (read only once the depth is set, so left
        // uninitialized). One block, its cells reached without uniqueness or bounds checks.
        let block = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: undirected ? 3 * count : count)
        defer { block.deallocate() }
        let depth = UnsafeMutableBufferPointer(rebasing: block[0..<count])
        depth.initialize(repeating: unseen)
        let treeEdge = undirected ? UnsafeMutableBufferPointer(rebasing: block[count..<2 * count]) : depth
        let branch = undirected ? UnsafeMutableBufferPointer(rebasing: block[2 * count..<3 * count]) : depth
        var allowed: [Bool]? = nil
        if let types {
            var table = [Bool](repeating: false, count: storage.types.count)
            for type in types where type.index < table.count { table[type.index] = true }
            allowed = table
        }
        let allLive = storage.liveEdges.count == storage.edgeSource.count
        let live = storage.liveEdges
        depth[start.index] = 0
        // The nodes reached, level after level: each level's frontier is the range the level
        // before added.
        let reached = UnsafeMutableBufferPointer<NodeID>.allocate(capacity: count)
        defer { reached.deallocate() }
        var reachedCount = 0
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
                reached.initializeElement(at: reachedCount, to: other)
                reachedCount += 1
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
                func expand(_ node: NodeID) throws {
                    if direction != .incoming { try outgoing.forEach(of: node) { try follow($0, from: node) } }
                    if direction == .incoming {
                        try incoming.forEach(of: node) { try follow($0, from: node) }
                    } else if direction == .both {
                        try incoming.forEach(of: node) { if $0.other != node { try follow($0, from: node) } }
                    }
                }
                var frontier = 0..<0 // level 0: the start alone
                while level < maxDepth {
                    try checkpoint()
                    let end = reachedCount
                    if level == 0 {
                        try expand(start)
                    } else {
                        for index in frontier { try expand(reached[index]) }
                    }
                    frontier = end..<reachedCount
                    level += 1
                    if frontier.isEmpty { break }
                }
            }
        }
        return Reach(nodes: Array(reached[0..<reachedCount]), closedTrail: shortestCycle <= maxDepth ? shortestCycle : nil)
    }
}
