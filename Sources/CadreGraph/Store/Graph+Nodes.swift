extension Graph {
    /// Adds a node. Null values are not stored (as in Cypher), strings are stored NFC.
    @discardableResult
    public mutating func addNode(labels names: some Sequence<String> = [String](),
                                 properties: some Sequence<(String, Value)> = [(String, Value)]()) -> NodeID {
        let node = NodeID(nodeLabels.count)
        var set = LabelSet()
        for name in names { set.insert(labels.intern(Normalization.nfc(name))) }
        nodeLabels.append(set)
        var slots: [PropertySlot] = []
        for (name, value) in properties where !value.isNull {
            let key = keys.intern(Normalization.nfc(name))
            let stored = value.normalized()
            if let existing = slots.firstIndex(where: { $0.key == key }) {
                slots[existing].value = stored
            } else {
                slots.append(PropertySlot(key: key, value: stored))
            }
        }
        nodeProperties.append(arena.append(slots))
        liveNodes.insert(node.index)
        for label in set { indexLabel(label, node) }
        if let id = storage.arena.stringIndex(in: nodeProperties[node.index], key: idKey) {
            idIndex.insert(id, node)
        }
        if storage.nameIndex.isBuilt, case .string(let name)? = arena.value(in: nodeProperties[node.index], key: nameKey) {
            updateNameIndex { $0.insert(node, name: name) }
        }
        return node
    }

    /// Deletes a node that has no edges.
    public mutating func removeNode(_ node: NodeID) throws(GraphError) {
        guard contains(node) else { throw .unknownNode(node) }
        let degree = degree(of: node, direction: .both)
        if degree > 0 { throw .nodeHasEdges(node, count: degree) }
        if let id = storage.arena.stringIndex(in: nodeProperties[node.index], key: idKey) { idIndex.remove(id, node) }
        if storage.nameIndex.isBuilt { updateNameIndex { $0.remove(node) } }
        for label in nodeLabels[node.index] { labelIndex[label.index].remove(node.index) }
        arena.release(nodeProperties[node.index])
        nodeProperties[node.index] = .empty
        nodeLabels[node.index] = LabelSet()
        liveNodes.remove(node.index)
    }

    /// Deletes a node and all its edges.
    public mutating func detachAndRemoveNode(_ node: NodeID) throws(GraphError) {
        guard contains(node) else { throw .unknownNode(node) }
        for adjacent in edges(of: node, direction: .both) where contains(adjacent.edge) {
            try removeEdge(adjacent.edge)
        }
        try removeNode(node)
    }

    /// One more than the highest node handle ever given (deleted nodes included): the size of
    /// an array indexed by node.
    public var nodeHandleCount: Int { storage.nodeLabels.count }

    public func labels(of node: NodeID) -> LabelSet { storage.nodeLabels[node.index] }

    public func labelNames(of node: NodeID) -> [String] { nodeLabels[node.index].map { labels.name($0) } }

    public func hasLabel(_ node: NodeID, _ label: Symbol) -> Bool { storage.nodeLabels[node.index].contains(label) }

    /// Adds a label; returns false when the node had it already.
    @discardableResult
    public mutating func addLabel(_ name: String, to node: NodeID) -> Bool {
        let label = labels.intern(Normalization.nfc(name))
        guard nodeLabels[node.index].insert(label) else { return false }
        indexLabel(label, node)
        return true
    }

    /// Removes a label; returns false when the node did not have it.
    @discardableResult
    public mutating func removeLabel(_ name: String, from node: NodeID) -> Bool {
        guard let label = labels.lookup(Normalization.nfc(name)), nodeLabels[node.index].remove(label) else { return false }
        labelIndex[label.index].remove(node.index)
        return true
    }

    /// Live nodes with `label`, in handle order.
    public func nodes(withLabel label: Symbol) -> [NodeID] {
        label.index < labelIndex.count ? labelIndex[label.index].map { NodeID($0) } : []
    }

    public func nodes(withLabel name: String) -> [NodeID] {
        labels.lookup(name).map { nodes(withLabel: $0) } ?? []
    }

    /// The distinct label sets of the live nodes that have every label of `labels` (of all
    /// live nodes when it is empty): each with its first node (the lowest handle) and how many
    /// nodes have it, in the order of their first nodes. One pass over the nodes' label sets,
    /// most of them compared with the set before as one word; kept for the graph's version
    /// (the counts of a graph are facts about it, as a label's count is).
    public func labelSetCounts(having labels: [Symbol]) -> [(first: NodeID, count: Int)] {
        let storage = self.storage, key = labels.map(\.raw)
        if let known = storage.labelSets.withLock({ $0[key] }), known.version == storage.version { return known.sets }
        let sets = countLabelSets(having: labels)
        storage.labelSets.withLock { $0[key] = (storage.version, sets) }
        return sets
    }

    private func countLabelSets(having labels: [Symbol]) -> [(first: NodeID, count: Int)] {
        let storage = self.storage
        if let first = labels.first, first.index >= storage.labelIndex.count { return [] }
        let candidates = labels.first.map { storage.labelIndex[$0.index] } ?? storage.liveNodes
        var result: [(first: NodeID, count: Int)] = []
        var known: [LabelSet: Int] = [:]
        // The set of the node before, as one word, and the nodes counted for it since it came.
        var (lastMask, lastIndex, run) = (UInt64?.none, 0, 0)
        storage.nodeLabels.withUnsafeBufferPointer { sets in
            candidates.words.withUnsafeBufferPointer { words in
                for (wordIndex, word) in words.enumerated() {
                    var bits = word
                    while bits != 0 {
                        let node = wordIndex << 6 | bits.trailingZeroBitCount
                        bits &= bits - 1
                        if let mask = lastMask, sets[node].isMask(mask) {
                            run += 1
                            continue
                        }
                        let set = sets[node]
                        guard labels.count < 2 || labels.allSatisfy(set.contains) else { continue }
                        if lastMask != nil { result[lastIndex].count += run }
                        let index = known[set] ?? {
                            result.append((NodeID(node), 0))
                            known[set] = result.count - 1
                            return result.count - 1
                        }()
                        (lastMask, lastIndex, run) = (set.maskValue, index, 1)
                        if lastMask == nil {
                            // A set past the first 64 labels: counted now, never compared as a word.
                            result[index].count += 1
                            run = 0
                        }
                    }
                }
            }
        }
        if lastMask != nil { result[lastIndex].count += run }
        return result
    }

    /// How many live nodes have `label`: O(1), for the planner.
    public func nodeCount(withLabel label: Symbol) -> Int {
        label.index < labelIndex.count ? labelIndex[label.index].count : 0
    }

    /// The nodes whose `id` property is the string `id` (one, in any graph loaded from a file).
    public func nodes(withID id: String) -> [NodeID] {
        storage.arena.findString(Normalization.nfc(id)).map { storage.idIndex.nodes(forString: $0) } ?? []
    }

    /// The node whose `id` is `id`, when exactly one has it.
    public func node(withID id: String) -> NodeID? {
        storage.arena.findString(Normalization.nfc(id)).flatMap { storage.idIndex.node(forString: $0) }
    }

    /// Ids held by more than one node (only queries can make these), sorted.
    public var duplicateIDs: [String] {
        storage.idIndex.duplicates.map { storage.arena.string($0) }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public func property(of node: NodeID, key: Symbol) -> Value? {
        storage.value(in: storage.nodeProperties[node.index], key: key)
    }

    /// The property as an integer, a date or a string index when it is one, without building a
    /// `Value` (see `scalar(of:key:)` for edges).
    public func scalar(of node: NodeID, key: Symbol) -> ScalarProperty {
        storage.scalar(in: storage.nodeProperties[node.index], key: key)
    }

    public func property(of node: NodeID, _ name: String) -> Value? {
        keys.lookup(name).flatMap { property(of: node, key: $0) }
    }

    /// The node's properties in the order they were set.
    public func properties(of node: NodeID) -> [(key: Symbol, value: Value)] {
        storage.arena.entries(in: storage.nodeProperties[node.index])
    }

    /// The keys of the node's properties, in the order `properties(of:)` gives them.
    public func propertyKeys(of node: NodeID) -> [Symbol] {
        storage.arena.keys(in: storage.nodeProperties[node.index])
    }

    /// Sets a property; a null value removes it, as `SET n.key = null` does.
    public mutating func setProperty(of node: NodeID, _ name: String, to value: Value) {
        let key = keys.intern(Normalization.nfc(name))
        let stored = value.normalized()
        if key == idKey, let old = storage.arena.stringIndex(in: nodeProperties[node.index], key: key) {
            idIndex.remove(old, node)
        }
        if key == nameKey && storage.nameIndex.isBuilt {
            updateNameIndex { index in
                index.remove(node)
                if case .string(let name) = stored { index.insert(node, name: name) }
            }
        }
        nodeProperties[node.index] = arena.set(key, to: stored.isNull ? nil : stored, in: nodeProperties[node.index])
        if key == idKey, let new = storage.arena.stringIndex(in: nodeProperties[node.index], key: key) {
            idIndex.insert(new, node)
        }
        compactIfSparse()
    }

    private mutating func indexLabel(_ label: Symbol, _ node: NodeID) {
        while labelIndex.count <= label.index { labelIndex.append(BitSet()) }
        labelIndex[label.index].insert(node.index)
    }

    mutating func compactIfSparse() {
        if arena.wantsCompaction || outgoing.pendingCount > 65_536 { compact() }
    }
}
