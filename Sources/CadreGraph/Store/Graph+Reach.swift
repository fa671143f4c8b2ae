import Glibc
import Synchronization

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
        let unseen: UInt32 = 0
        let undirected = direction == .both
        // Per node, its depth + 1 (0: not reached); undirected, beside it, the edge it was
        // reached by and the start's neighbour its path begins with (read only once the depth
        // is set): a node's cells side by side, reached without uniqueness or bounds checks.
        // The graph's search cells when no other search holds them (cleared after, cell by
        // cell reached, so a search costs what it reaches, not the graph's size), else fresh
        // ones from `calloc` (pages cleared only when first written).
        let stride = undirected ? 3 : 1
        let cells = max(1, stride * count)
        let borrowed = storage.searchCells.take(cells)
        guard let block = borrowed ?? calloc(cells, MemoryLayout<UInt32>.stride)?.bindMemory(to: UInt32.self, capacity: cells) else {
            fatalError("out of memory for a search of \(count) nodes")
        }
        var reachedCount = 0
        let reached = UnsafeMutableBufferPointer<NodeID>.allocate(capacity: count)
        defer {
            if let borrowed {
                for cell in 0..<stride { (borrowed + stride * start.index + cell).pointee = 0 }
                for index in 0..<reachedCount {
                    for cell in 0..<stride { (borrowed + stride * reached[index].index + cell).pointee = 0 }
                }
                storage.searchCells.give(borrowed)
            } else {
                free(block)
            }
            reached.deallocate()
        }
        @inline(__always) func depth(_ node: Int) -> UnsafeMutablePointer<UInt32> { block + stride * node }
        @inline(__always) func treeEdge(_ node: Int) -> UnsafeMutablePointer<UInt32> { block + 3 * node + 1 }
        @inline(__always) func branch(_ node: Int) -> UnsafeMutablePointer<UInt32> { block + 3 * node + 2 }
        var allowed: [Bool]? = nil
        if let types {
            var table = [Bool](repeating: false, count: storage.types.count)
            for type in types where type.index < table.count { table[type.index] = true }
            allowed = table
        }
        let allLive = storage.liveEdges.count == storage.edgeSource.count
        let live = storage.liveEdges
        depth(start.index).pointee = 1
        // `reached`: the nodes reached, level after level: each level's frontier is the range
        // the level before added.
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
                } else if !undirected || treeEdge(node.index).pointee != entry.edge.raw {
                    // (Undirected, the edge a neighbour was reached by leads back: no trail.)
                    shortestCycle = min(shortestCycle, level + 1)
                }
                return
            }
            if depth(other.index).pointee == unseen {
                depth(other.index).pointee = UInt32(level + 2)
                if undirected {
                    treeEdge(other.index).pointee = entry.edge.raw
                    branch(other.index).pointee = node == start ? other.raw : branch(node.index).pointee
                }
                reached.initializeElement(at: reachedCount, to: other)
                reachedCount += 1
            } else if undirected {
                if node == start {
                    if treeEdge(other.index).pointee != entry.edge.raw { shortestCycle = min(shortestCycle, 2) }
                } else if branch(other.index).pointee != branch(node.index).pointee {
                    shortestCycle = min(shortestCycle, level + Int(depth(other.index).pointee))
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

/// Cells for one breadth-first search at a time, all zero between searches: a search takes
/// them, clears the cells it set, and gives them back.
final class SearchCells: @unchecked Sendable {
    /// The cells' address (0: none yet), how many there are, and whether a search holds them.
    private let state = Mutex<(address: Int, count: Int, taken: Bool)>((0, 0, false))

    /// At least `count` zero cells, unless another search holds them (nil).
    func take(_ count: Int) -> UnsafeMutablePointer<UInt32>? {
        let address = state.withLock { state -> Int in
            guard !state.taken else { return 0 }
            if state.count < count {
                free(UnsafeMutableRawPointer(bitPattern: state.address))
                state = (0, 0, false)
                guard let fresh = calloc(count, MemoryLayout<UInt32>.stride) else { return 0 }
                state.address = Int(bitPattern: fresh)
                state.count = count
            }
            state.taken = true
            return state.address
        }
        return UnsafeMutablePointer(bitPattern: address)
    }

    /// Gives back cells `take` gave, every cell zero again.
    func give(_ cells: UnsafeMutablePointer<UInt32>) {
        let address = Int(bitPattern: cells)
        state.withLock { state in
            precondition(state.address == address && state.taken)
            state.taken = false
        }
    }

    /// Makes `count` cells and writes every page of them, so that no search pays for the
    /// system's first touch of their memory.
    func warm(cells count: Int) {
        guard let cells = take(count) else { return }
        memset(cells, 0, count * MemoryLayout<UInt32>.stride)
        give(cells)
    }

    deinit { free(UnsafeMutableRawPointer(bitPattern: state.withLock { $0.address })) }
}
