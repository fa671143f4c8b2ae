extension Graph {
    /// Adds a directed edge of `type` from `source` to `target`.
    @discardableResult
    public mutating func addEdge(from source: NodeID, to target: NodeID, type name: String,
                                 properties: some Sequence<(String, Value)> = [(String, Value)]()) -> EdgeID {
        precondition(contains(source) && contains(target), "addEdge between unknown nodes")
        let edge = EdgeID(edgeSource.count)
        let type = types.intern(Normalization.nfc(name))
        var slots: [PropertySlot] = []
        for (key, value) in properties where !value.isNull {
            let symbol = keys.intern(Normalization.nfc(key))
            if let existing = slots.firstIndex(where: { $0.key == symbol }) {
                slots[existing].value = value.normalized()
            } else {
                slots.append(PropertySlot(key: symbol, value: value.normalized()))
            }
        }
        edgeSource.append(source)
        edgeTarget.append(target)
        edgeType.append(type)
        edgeProperties.append(arena.append(slots))
        liveEdges.insert(edge.index)
        while typeIndex.count <= type.index { typeIndex.append(BitSet()) }
        typeIndex[type.index].insert(edge.index)
        if !storage.deferAdjacency {
            outgoing.add(AdjacentEdge(edge: edge, other: target, type: type), to: source)
            incoming.add(AdjacentEdge(edge: edge, other: source, type: type), to: target)
        }
        return edge
    }

    public mutating func removeEdge(_ edge: EdgeID) throws(GraphError) {
        guard contains(edge) else { throw .unknownEdge(edge) }
        liveEdges.remove(edge.index)
        typeIndex[edgeType[edge.index].index].remove(edge.index)
        outgoing.removePending(edge, from: edgeSource[edge.index])
        incoming.removePending(edge, from: edgeTarget[edge.index])
        arena.release(edgeProperties[edge.index])
        edgeProperties[edge.index] = .empty
        compactIfSparse()
    }

    public func source(of edge: EdgeID) -> NodeID { storage.edgeSource[edge.index] }
    public func target(of edge: EdgeID) -> NodeID { storage.edgeTarget[edge.index] }
    public func type(of edge: EdgeID) -> Symbol { storage.edgeType[edge.index] }
    public func typeName(of edge: EdgeID) -> String { types.name(edgeType[edge.index]) }

    /// Live edges of `type`, in handle order.
    public func edges(ofType type: Symbol) -> [EdgeID] {
        type.index < typeIndex.count ? typeIndex[type.index].map { EdgeID($0) } : []
    }

    /// Calls `body` with each live edge of `type`, in handle order, without building a list;
    /// stops when it returns false, and returns false then.
    @discardableResult
    public func visitEdges(ofType type: Symbol, _ body: (EdgeID) throws -> Bool) rethrows -> Bool {
        guard type.index < storage.typeIndex.count else { return true }
        for edge in storage.typeIndex[type.index] {
            guard try body(EdgeID(edge)) else { return false }
        }
        return true
    }

    /// Calls `body` with the index of each live edge of `type`, in handle order, straight from
    /// the type's bit set; stops when it returns false, and returns false then. Inlined into
    /// each scan below, so their per-edge work runs without a call.
    @inline(__always)
    private func forEachEdgeIndex(ofType type: Symbol, _ body: (Int) throws -> Bool) rethrows -> Bool {
        let storage = self.storage
        guard type.index < storage.typeIndex.count else { return true }
        return try storage.typeIndex[type.index].words.withUnsafeBufferPointer { words in
            for (wordIndex, word) in words.enumerated() {
                var bits = word
                while bits != 0 {
                    let edge = wordIndex << 6 | bits.trailingZeroBitCount
                    bits &= bits - 1
                    guard try body(edge) else { return false }
                }
            }
            return true
        }
    }

    /// Calls `body` with each live edge of `type` and its `key` property seen as a scalar (see
    /// `scalar(of:key:)`), in handle order; stops when it returns false, and returns false then.
    /// One pass over borrowed arrays: the way to test a property of every edge of a type.
    @discardableResult
    public func visitEdges(ofType type: Symbol, reading key: Symbol,
                           _ body: (EdgeID, ScalarProperty) throws -> Bool) rethrows -> Bool {
        let storage = self.storage
        return try storage.edgeProperties.withUnsafeBufferPointer { ranges in
            try storage.withArenaView { reader in
                try forEachEdgeIndex(ofType: type) { edge in try body(EdgeID(edge), reader.scalar(in: ranges[edge], key: key)) }
            }
        }
    }

    /// Calls `body` with each live edge of `type` whose `bounds.key` property may lie within
    /// `bounds`, in handle order: with `decided` true when it does, false when the stored value
    /// is of a kind the bounds cannot judge (a float, a string; a date without a component, an
    /// integer with one), for the caller to test. Edges it lies outside of, or lacking the
    /// property, are skipped inside the store. Stops when `body` returns false, and returns false then.
    @discardableResult
    public func visitEdges(ofType type: Symbol, within bounds: ScalarBounds,
                           _ body: (EdgeID, _ decided: Bool) throws -> Bool) rethrows -> Bool {
        let storage = self.storage
        let key = bounds.key
        return try storage.edgeProperties.withUnsafeBufferPointer { ranges in
            try storage.withArenaView { reader in
                try forEachEdgeIndex(ofType: type) { edge in
                    switch bounds.contains(reader.scalar(in: ranges[edge], key: key)) {
                    case false?: true
                    case true?: try body(EdgeID(edge), true)
                    case nil: try body(EdgeID(edge), false)
                    }
                }
            }
        }
    }

    /// Calls `body` with the source and target of each live edge of `type` whose value of
    /// `bounds.key`, read from `column` (that key's column over edges), lies within `bounds`,
    /// in handle order. Stops and returns false at the first edge whose value the bounds do
    /// not judge (`ScalarBounds.contains` is nil), for the caller to decide another way.
    public func visitEdgeEnds(ofType type: Symbol, within bounds: ScalarBounds, column: PropertyColumn,
                              _ body: (_ source: NodeID, _ target: NodeID) throws -> Void) rethrows -> Bool {
        let storage = self.storage
        return try storage.edgeSource.withUnsafeBufferPointer { sources in
            try storage.edgeTarget.withUnsafeBufferPointer { targets in
                try PropertyColumn.withReaders([column]) { readers in
                    let reader = readers[0]!
                    return try forEachEdgeIndex(ofType: type) { edge in
                        switch bounds.contains(reader.scalar(at: edge)) {
                        case true?: try body(sources[edge], targets[edge])
                        case false?: break
                        case nil: return false
                        }
                        return true
                    }
                }
            }
        }
    }

    /// Calls `body` with the source and target of each live edge of `type`, in handle order:
    /// one pass over borrowed arrays, for whole-graph computations over a type's edges.
    public func visitEdgeEnds(ofType type: Symbol, _ body: (_ source: NodeID, _ target: NodeID) throws -> Void) rethrows {
        let storage = self.storage
        _ = try storage.edgeSource.withUnsafeBufferPointer { sources in
            try storage.edgeTarget.withUnsafeBufferPointer { targets in
                try forEachEdgeIndex(ofType: type) { edge in
                    try body(sources[edge], targets[edge])
                    return true
                }
            }
        }
    }

    public func edges(ofType name: String) -> [EdgeID] {
        types.lookup(name).map { edges(ofType: $0) } ?? []
    }

    /// Whether every live edge of `type` has a node with `label` at its `end` (the source, or
    /// the target): when it holds, a query that reached a node over such an edge need not look
    /// at the node's labels. Computed once per version of the graph (one pass over the type's
    /// edges), then remembered.
    public func allEdges(ofType type: Symbol, haveLabel label: Symbol, atSource: Bool) -> Bool {
        let storage = self.storage
        let key = UInt64(type.raw) << 33 | UInt64(label.raw) << 1 | (atSource ? 1 : 0)
        if let known = storage.implications.withLock({ $0[key] }), known.version == storage.version { return known.holds }
        var holds = true
        if type.index < storage.typeIndex.count {
            let ends = atSource ? storage.edgeSource : storage.edgeTarget
            for edge in storage.typeIndex[type.index] where !storage.nodeLabels[ends[edge].index].contains(label) {
                holds = false
                break
            }
        }
        // Derived data, written in place even when the storage is shared: every graph sharing
        // it has the same edges.
        storage.implications.withLock { $0[key] = Storage.Implication(version: storage.version, holds: holds) }
        return holds
    }

    /// How many live edges of `type` have all of `sourceLabels` at their source and all of
    /// `targetLabels` at their target: the type's count when every edge has them there (see
    /// `allEdges(ofType:haveLabel:atSource:)`), else one pass over the type's edges.
    public func edgeCount(ofType type: Symbol, sourceLabels: [Symbol], targetLabels: [Symbol]) -> Int {
        let sourceTests = sourceLabels.filter { !allEdges(ofType: type, haveLabel: $0, atSource: true) }
        let targetTests = targetLabels.filter { !allEdges(ofType: type, haveLabel: $0, atSource: false) }
        guard type.index < storage.typeIndex.count else { return 0 }
        if sourceTests.isEmpty && targetTests.isEmpty { return edgeCount(ofType: type) }
        let storage = self.storage
        var count = 0
        for edge in storage.typeIndex[type.index] {
            let (source, target) = (storage.nodeLabels[storage.edgeSource[edge].index], storage.nodeLabels[storage.edgeTarget[edge].index])
            if sourceTests.allSatisfy({ source.contains($0) }) && targetTests.allSatisfy({ target.contains($0) }) { count += 1 }
        }
        return count
    }

    /// Learns ahead (`prepare`) which labels every edge of each type has at each end: a pair
    /// that fails is refuted by its first edge without the label, one that holds costs a pass
    /// over the type's edges, which the first statement to ask would otherwise pay.
    func learnImplications() {
        for type in types.allSymbols {
            for label in labels.allSymbols {
                _ = allEdges(ofType: type, haveLabel: label, atSource: true)
                _ = allEdges(ofType: type, haveLabel: label, atSource: false)
            }
        }
    }

    /// How many live edges have `type`: O(1), for the planner.
    public func edgeCount(ofType type: Symbol) -> Int {
        type.index < typeIndex.count ? typeIndex[type.index].count : 0
    }

    public func property(of edge: EdgeID, key: Symbol) -> Value? {
        storage.value(in: storage.edgeProperties[edge.index], key: key)
    }

    public func property(of edge: EdgeID, _ name: String) -> Value? {
        keys.lookup(name).flatMap { property(of: edge, key: $0) }
    }

    /// The property as an integer, a date or a string index when it is one, without building a
    /// `Value` (for scans that test many edges).
    ///
    /// A string's index is the one `stringIndex(of:)` gives for equal text.
    public func scalar(of edge: EdgeID, key: Symbol) -> ScalarProperty {
        storage.scalar(in: storage.edgeProperties[edge.index], key: key)
    }

    /// The index of `text` among the graph's stored strings, or nil when no property holds it.
    public func stringIndex(of text: String) -> UInt32? { storage.arena.findString(text) }

    /// The stored string with this index (one `scalar(of:key:)` gave).
    public func string(at index: UInt32) -> String { storage.string(at: index) }

    /// Calls `body` with the stored strings borrowed: made and looked up in a loop over many
    /// rows without a retain per string (a retain of the pool shared by every core's loop
    /// costs more than the lookup).
    public func withStoredStrings<R>(_ body: (StoredStrings) throws -> R) rethrows -> R {
        try storage.arena.strings.withOrder { order in
            try storage.arena.strings.withLookup { lookup in try body(StoredStrings(order: order, lookup: lookup)) }
        }
    }

    /// The order of two stored strings (indexes as `stringIndex(of:)` gives them) by their
    /// UTF-8 bytes, the shorter first on a tie: negative when `a` comes first. No `String` is made.
    public func compareStrings(_ a: UInt32, _ b: UInt32) -> Int { storage.arena.strings.compare(a, b) }

    /// Calls `body` with the stored strings' order borrowed (`compareStrings` without a retain
    /// per comparison, for loops over many rows).
    public func withStringOrder<R>(_ body: (StringOrder) throws -> R) rethrows -> R {
        try storage.arena.strings.withOrder(body)
    }

    public func properties(of edge: EdgeID) -> [(key: Symbol, value: Value)] {
        storage.arena.entries(in: storage.edgeProperties[edge.index])
    }

    /// The keys of the edge's properties, in the order `properties(of:)` gives them.
    public func propertyKeys(of edge: EdgeID) -> [Symbol] {
        storage.arena.keys(in: storage.edgeProperties[edge.index])
    }

    /// Sets an edge property; a null value removes it.
    public mutating func setProperty(of edge: EdgeID, _ name: String, to value: Value) {
        let key = keys.intern(Normalization.nfc(name))
        let stored = value.normalized()
        edgeProperties[edge.index] = arena.set(key, to: stored.isNull ? nil : stored, in: edgeProperties[edge.index])
        compactIfSparse()
    }

    /// Calls `body` for each live edge at `node` in `direction`, optionally of one `type`: grouped
    /// by type, oldest first within a type. With `.both`, a self-loop is visited once.
    public func forEachEdge(of node: NodeID, direction: Direction, type: Symbol? = nil,
                            _ body: (AdjacentEdge) throws -> Void) rethrows {
        _ = try visitEdges(of: node, direction: direction, type: type) { try body($0); return true }
    }

    /// Like `forEachEdge`, stopping as soon as `body` returns false; returns false when stopped.
    @discardableResult
    public func visitEdges(of node: NodeID, direction: Direction, type: Symbol? = nil,
                           _ body: (AdjacentEdge) throws -> Bool) rethrows -> Bool {
        if direction != .incoming {
            guard try visit(storage.outgoing.entries(of: node), type: type, skipLoopsAt: nil, body) else { return false }
        }
        if direction != .outgoing {
            guard try visit(storage.incoming.entries(of: node), type: type, skipLoopsAt: direction == .both ? node : nil, body) else { return false }
        }
        return true
    }

    /// The live edges at `node`; see `forEachEdge`.
    public func edges(of node: NodeID, direction: Direction, type: Symbol? = nil) -> [AdjacentEdge] {
        var result: [AdjacentEdge] = []
        forEachEdge(of: node, direction: direction, type: type) { result.append($0) }
        return result
    }

    /// For each row of `rows`, the number of live edges of one of `types` (of any type when
    /// `types` is empty) at node `handles[row]`, in that order; with `.both`, a self-loop counts
    /// once; a null handle (`UInt32.max`) has none. One pass over the borrowed adjacency
    /// blocks for a whole batch of nodes, nothing retained or made per node.
    public func degrees(of handles: [UInt32], rows: [Int32], direction: Direction, types: [Symbol]) -> [Int] {
        let storage = self.storage
        let allLive = storage.liveEdges.count == storage.edgeSource.count
        let live = storage.liveEdges
        var result = [Int](repeating: 0, count: rows.count)
        func count(_ adjacency: Adjacency, skipLoops: Bool) {
            adjacency.withView { view in
                for (position, row) in rows.enumerated() {
                    let handle = handles[Int(row)]
                    if handle == UInt32.max { continue }
                    let node = NodeID(handle)
                    var found = 0
                    view.forEach(of: node) { entry in
                        if !allLive && !live.contains(entry.edge.index) { return }
                        if !types.isEmpty && !types.contains(entry.type) { return }
                        if skipLoops && entry.other == node { return }
                        found += 1
                    }
                    result[position] += found
                }
            }
        }
        if direction != .incoming { count(storage.outgoing, skipLoops: false) }
        if direction != .outgoing { count(storage.incoming, skipLoops: direction == .both) }
        return result
    }

    /// The number of live edges at `node`; with `.both`, a self-loop counts once.
    public func degree(of node: NodeID, direction: Direction, type: Symbol? = nil) -> Int {
        var count = 0
        forEachEdge(of: node, direction: direction, type: type) { _ in count += 1 }
        return count
    }

    private func visit(_ entries: (built: ArraySlice<AdjacentEdge>, added: [AdjacentEdge]), type: Symbol?,
                       skipLoopsAt loop: NodeID?, _ body: (AdjacentEdge) throws -> Bool) rethrows -> Bool {
        // With no edge ever deleted, every listed edge is live: no bit-set lookup per entry.
        let allLive = storage.liveEdges.count == storage.edgeSource.count
        let live = storage.liveEdges
        var built = entries.built
        if let type {
            // Entries are grouped by type: skip to the group.
            guard let first = built.firstIndex(where: { $0.type == type }) else {
                return try visitList(entries.added[...], type: type, allLive: allLive, live: live, loop: loop, body)
            }
            let end = built[first...].firstIndex(where: { $0.type != type }) ?? built.endIndex
            built = built[first..<end]
        }
        guard try visitList(built, type: nil, allLive: allLive, live: live, loop: loop, body) else { return false }
        if entries.added.isEmpty { return true }
        return try visitList(entries.added[...], type: type, allLive: allLive, live: live, loop: loop, body)
    }

    @inline(__always)
    private func visitList(_ list: ArraySlice<AdjacentEdge>, type: Symbol?, allLive: Bool, live: BitSet, loop: NodeID?,
                           _ body: (AdjacentEdge) throws -> Bool) rethrows -> Bool {
        for entry in list {
            if !allLive && !live.contains(entry.edge.index) { continue }
            if let type, entry.type != type { continue }
            if let loop, entry.other == loop { continue }
            guard try body(entry) else { return false }
        }
        return true
    }
}
