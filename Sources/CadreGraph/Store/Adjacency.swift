/// One edge as seen from one of its ends.
public struct AdjacentEdge: Hashable, Sendable {
    public let edge: EdgeID
    /// The node at the other end (the node itself for a self-loop).
    public let other: NodeID
    public let type: Symbol
}

/// The edges of every node in one direction: a compressed sparse row block built in bulk, plus
/// per-node lists of edges added since. Deleted edges are skipped by the store while iterating
/// and dropped at the next rebuild.
struct Adjacency: Sendable {
    /// `offsets[n] ..< offsets[n + 1]` are node n's entries in `entries`, sorted by type.
    private(set) var offsets: [UInt32] = [0]
    private(set) var entries: [AdjacentEdge] = []
    private var pending: [UInt32: [AdjacentEdge]] = [:]
    private(set) var pendingCount = 0

    /// Builds the block from scratch for `nodeCount` nodes: each live edge is listed at its
    /// `ends` node (sources for the outgoing block, targets for the incoming one) with its
    /// `others` node. Two counting passes over the edge arrays, no intermediate list.
    init(nodeCount: Int, live: BitSet, ends: [NodeID], others: [NodeID], types: [Symbol]) {
        var counts = [UInt32](repeating: 0, count: nodeCount + 1)
        for edge in live { counts[ends[edge].index + 1] += 1 }
        for index in 0..<nodeCount { counts[index + 1] += counts[index] }
        offsets = counts
        var cursor = counts
        let placeholder = AdjacentEdge(edge: EdgeID(0), other: NodeID(0), type: Symbol(0))
        var filled = [AdjacentEdge](unsafeUninitializedCapacity: Int(counts[nodeCount])) { buffer, initialized in
            HugePages.advise(buffer)
            buffer.initialize(repeating: placeholder)
            initialized = buffer.count
        }
        for edge in live {
            let node = ends[edge].index
            filled[Int(cursor[node])] = AdjacentEdge(edge: EdgeID(edge), other: others[edge], type: types[edge])
            cursor[node] += 1
        }
        // Within a node, entries are in edge order; group them by type (stable, so edges of one
        // type stay oldest first), sorting only the nodes not grouped already.
        for node in 0..<nodeCount {
            let start = Int(offsets[node])
            let end = Int(offsets[node + 1])
            guard end - start > 1 else { continue }
            var sorted = true
            for index in start + 1..<end where filled[index - 1].type > filled[index].type {
                sorted = false
                break
            }
            if !sorted { filled[start..<end].sort { ($0.type, $0.edge) < ($1.type, $1.edge) } }
        }
        entries = filled
    }

    init() {}

    /// A block from its arrays (a snapshot), nothing pending.
    init(offsets: [UInt32], entries: [AdjacentEdge]) {
        self.offsets = offsets
        self.entries = entries
    }

    mutating func add(_ entry: AdjacentEdge, to node: NodeID) {
        pending[node.raw, default: []].append(entry)
        pendingCount += 1
    }

    /// Forgets a pending entry (a deleted edge that was added since the last build).
    mutating func removePending(_ edge: EdgeID, from node: NodeID) {
        guard var list = pending[node.raw], let index = list.firstIndex(where: { $0.edge == edge }) else { return }
        list.remove(at: index)
        pending[node.raw] = list.isEmpty ? nil : list
        pendingCount -= 1
    }

    /// Calls `body` with a view of the block over borrowed buffers, for loops over many nodes.
    func withView<R>(_ body: (View) throws -> R) rethrows -> R {
        try offsets.withUnsafeBufferPointer { offsets in
            try entries.withUnsafeBufferPointer { entries in
                try body(View(offsets: offsets, entries: entries, pending: pendingCount == 0 ? nil : pending))
            }
        }
    }

    struct View {
        let offsets: UnsafeBufferPointer<UInt32>
        let entries: UnsafeBufferPointer<AdjacentEdge>
        let pending: [UInt32: [AdjacentEdge]]?

        /// Calls `body` with each of node `node`'s entries, deleted edges included: the built
        /// block, then those added since.
        @inline(__always)
        func forEach(of node: NodeID, _ body: (AdjacentEdge) throws -> Void) rethrows {
            if node.index + 1 < offsets.count {
                for index in Int(offsets[node.index])..<Int(offsets[node.index + 1]) { try body(entries[index]) }
            }
            if let pending, let added = pending[node.raw] {
                for entry in added { try body(entry) }
            }
        }
    }

    /// Node `node`'s entries, deleted edges included: the built block, then those added since.
    func entries(of node: NodeID) -> (built: ArraySlice<AdjacentEdge>, added: [AdjacentEdge]) {
        let built: ArraySlice<AdjacentEdge>
        if node.index + 1 < offsets.count {
            built = entries[Int(offsets[node.index])..<Int(offsets[node.index + 1])]
        } else {
            built = []
        }
        return (built, pendingCount == 0 ? [] : pending[node.raw] ?? [])
    }
}
