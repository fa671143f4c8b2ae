import CadreGraph

/// Counts the matches of a chain of single hops `(n0)-[:T1]-(n1)-[:T2]-…-(nk)` through each
/// node at one position `at`, without enumerating them.
///
/// Matches ending at a node of position i number L_i(x) = [x fits n_i] · Σ L_{i-1}(y) over the
/// edges of hop i from y to x (L_0: 1 for every node that fits n_0); from the right, R_i
/// likewise. Through x at position `at` there are L_at(x) · R_at(x) matches (the fit of x
/// counted once). One pass over each hop's edges, by type index. Exact when no edge can serve
/// two hops (the planner asks for disjoint types), as Cypher's matches never reuse an edge;
/// nodes may repeat, as in Cypher.
struct ChainCounter {
    let labels: [SymbolCache]
    let types: [SymbolCache]
    /// Per hop, from its left node to its right one.
    let directions: [Direction]
    /// Per hop, the WHERE comparisons of its relationship's properties.
    let filters: [[PushedFilter]]
    let at: Int

    /// Thrown when a hop has an edge whose stored value cannot decide a comparison (a float
    /// compared with an integer, `.year` of a number): the caller matches one by one instead,
    /// which evaluates such comparisons only on the rows Cypher evaluates them on.
    struct Undecided: Error {}

    init(labels: [SymbolCache], types: [SymbolCache], directions: [Direction], filters: [[PushedFilter]], at: Int) {
        self.labels = labels
        self.types = types
        self.directions = directions
        self.filters = filters
        self.at = at
    }

    /// Every match of a chain that is one directed hop with no comparison on it, whose ends ask
    /// for no label, or for labels every edge of its types has there (`(:Person)-[:HELD]->()`
    /// when every HELD edge leaves a person): the number of live edges of its types, counted
    /// off the type index without a pass over the edges. Nil for any other chain.
    func edgeTotal(_ graph: Graph) -> Int? {
        guard directions.count == 1, directions[0] != .both, filters.allSatisfy(\.isEmpty),
              implied(0, by: 0, forward: false, graph), implied(1, by: 0, forward: true, graph) else { return nil }
        return Set(types[0].resolveKnown(.types, in: graph)).reduce(0) { $0 + graph.edgeCount(ofType: $1) }
    }

    /// Per node handle, the number of matches with that node at position `at`.
    func matches(_ context: ExecutionContext) throws -> [Int] {
        let graph = context.graph
        let last = labels.count - 1
        var left = try fitting(0, graph)
        for position in 0..<at {
            left = try hop(position, forward: true, left, graph, context)
            if !implied(position + 1, by: position, forward: true, graph) { try keepFitting(position + 1, &left, graph) }
        }
        guard at < last else { return left }
        var right = try fitting(last, graph)
        for position in stride(from: last - 1, through: at, by: -1) {
            right = try hop(position, forward: false, right, graph, context)
            if !implied(position, by: position, forward: false, graph) { try keepFitting(position, &right, graph) }
        }
        // Both include the fit of the node at `at` (0 or 1).
        for node in right.indices where right[node] != 0 {
            let (product, overflow) = right[node].multipliedReportingOverflow(by: left[node])
            if overflow { throw Operations.overflow(.at(0)) }
            right[node] = product
        }
        return right
    }

    /// 1 for each live node with position `position`'s labels, else 0.
    private func fitting(_ position: Int, _ graph: Graph) throws -> [Int] {
        var counts = [Int](repeating: 0, count: graph.nodeHandleCount)
        let symbols = labels[position].resolve(.labels, in: graph)
        if symbols.contains(where: { $0 == nil }) { return counts }
        if let first = symbols.first {
            for node in graph.nodes(withLabel: first!) { counts[node.index] = 1 }
            if symbols.count > 1 { try keepFitting(position, &counts, graph) }
        } else {
            for node in graph.nodes { counts[node.index] = 1 }
        }
        return counts
    }

    /// Whether every edge of hop `hop` has a node with position `position`'s labels at the end
    /// the counts were carried to (see `Graph.allEdges(ofType:haveLabel:atSource:)`): then no
    /// node there needs its labels tested.
    private func implied(_ position: Int, by hop: Int, forward: Bool, _ graph: Graph) -> Bool {
        guard !labels[position].names.isEmpty else { return true }
        // The carried-to end is the hop's right end going forward, its left end going back.
        let direction = directions[hop]
        let ends: [Bool] = switch direction {
        case .both: [true, false]
        case .outgoing: [!forward]
        case .incoming: [forward]
        }
        for label in labels[position].resolve(.labels, in: graph) {
            guard let label else { return false }
            for type in types[hop].resolveKnown(.types, in: graph) {
                for atSource in ends where !graph.allEdges(ofType: type, haveLabel: label, atSource: atSource) { return false }
            }
        }
        return true
    }

    /// Zeroes the counts of nodes without position `position`'s labels.
    private func keepFitting(_ position: Int, _ counts: inout [Int], _ graph: Graph) throws {
        guard !labels[position].names.isEmpty else { return }
        let symbols = labels[position].resolve(.labels, in: graph)
        guard !symbols.contains(where: { $0 == nil }) else {
            for node in counts.indices { counts[node] = 0 }
            return
        }
        for node in counts.indices where counts[node] != 0 {
            for label in symbols where !graph.hasLabel(NodeID(node), label!) {
                counts[node] = 0
                break
            }
        }
    }

    /// Carries `counts` across hop `position`: from its left nodes to its right ones
    /// (`forward`), or back, over the hop's edges that pass its filters (throwing `Undecided`
    /// when the stored values cannot tell). Undirected, each edge carries both ways (a self-loop once).
    private func hop(_ position: Int, forward: Bool, _ counts: [Int], _ graph: Graph,
                     _ context: ExecutionContext) throws -> [Int] {
        var carried = [Int](repeating: 0, count: counts.count)
        let direction = directions[position]
        let filters = self.filters[position]
        let resolved = try filters.map { try $0.resolve([], context) }
        // Each filter's key as a column when one is built or worth building (as batch scans
        // decide, `VectorRun.column`): a read by handle instead of a search of the edge's
        // properties in the store.
        let run = VectorRun(context)
        let typeEdges = types[position].resolveKnown(.types, in: graph).reduce(0) { $0 + graph.edgeCount(ofType: $1) }
        let columns = filters.map { filter in
            filter.key.names.first.flatMap { run.column($0, edges: true, rows: typeEdges) }
        }
        let onColumns = columns.allSatisfy { $0 != nil }
        var overflow = false
        try PropertyColumn.withReaders(columns) { readers in
        try counts.withUnsafeBufferPointer { from in
            try carried.withUnsafeMutableBufferPointer { to in
                @inline(__always)
                func carry(_ source: NodeID, _ target: NodeID) {
                    // The hop's left and right ends.
                    let (left, right) = direction == .incoming ? (target.index, source.index) : (source.index, target.index)
                    let (near, far) = forward ? (left, right) : (right, left)
                    var (sum, wrapped) = to[far].addingReportingOverflow(from[near])
                    to[far] = sum
                    overflow = overflow || wrapped
                    if direction == .both && left != right {
                        (sum, wrapped) = to[near].addingReportingOverflow(from[far])
                        to[near] = sum
                        overflow = overflow || wrapped
                    }
                }
                var last: (edge: EdgeID, key: Symbol, value: ScalarProperty)? = nil
                func passes(_ edge: EdgeID) throws -> Bool {
                    for (filter, reader) in zip(resolved, readers) {
                        let decided = if let reader, filter.key != nil, filter.decidable {
                            PushedFilter.decide(filter, reader.scalar(at: edge.index))
                        } else {
                            PushedFilter.decide(filter, edge, graph, &last)
                        }
                        switch decided {
                        case false?: return false
                        case true?: continue
                        case nil: throw Undecided()
                        }
                    }
                    return true
                }
                for type in types[position].resolveKnown(.types, in: graph) {
                    try context.checkCancel()
                    if resolved.isEmpty {
                        graph.visitEdgeEnds(ofType: type) { carry($0, $1) }
                    } else if onColumns, let column = columns[0], let bounds = PushedFilter.bounds(resolved) {
                        // One key (PushedFilter.bounds asks for it) on its column.
                        guard graph.visitEdgeEnds(ofType: type, within: bounds, column: column, { carry($0, $1) }) else {
                            throw Undecided()
                        }
                    } else if let bounds = PushedFilter.bounds(resolved) {
                        try graph.visitEdges(ofType: type, within: bounds) { edge, decided in
                            if try decided || passes(edge) { carry(graph.source(of: edge), graph.target(of: edge)) }
                            return true
                        }
                    } else {
                        try graph.visitEdges(ofType: type) { edge in
                            if try passes(edge) { carry(graph.source(of: edge), graph.target(of: edge)) }
                            return true
                        }
                    }
                }
            }
        }
        }
        if overflow { throw Operations.overflow(.at(0)) }
        return carried
    }
}
