import Dispatch

/// Collects a whole graph for bulk readers (the graph file reader), then becomes a `Graph` in
/// one step: plain arrays owned by the reader (no copy-on-write checks, no per-node index
/// updates), values arriving encoded and strings interned from bytes, so no `Value` and no
/// `String` is built per property. Label, type and adjacency indexes are built once at the end.
struct GraphBuilder {
    var labels = SymbolTable()
    var types = SymbolTable()
    var keys = SymbolTable()
    var nodeLabels: [LabelSet] = []
    var nodeProperties: [PropertyRange] = []
    var edgeSource: [NodeID] = []
    var edgeTarget: [NodeID] = []
    var edgeType: [Symbol] = []
    var edgeProperties: [PropertyRange] = []
    var arena = PropertyArena()
    var idIndex = IDIndex()
    let idKey: Symbol
    let nameKey: Symbol

    init() {
        // The same first keys as `Graph.init`.
        idKey = keys.intern("id")
        nameKey = keys.intern("name")
    }

    /// Reserves room for about this many nodes, edges and property values (estimates: room not
    /// used costs address space, not memory).
    mutating func reserve(nodes: Int, edges: Int, properties: Int) {
        nodeLabels.reserveCapacity(nodes)
        nodeProperties.reserveCapacity(nodes)
        edgeType.reserveCapacity(edges)
        edgeProperties.reserveCapacity(edges)
        arena.reserve(properties)
    }

    /// The node whose id is the pooled string `index`, when exactly one has it.
    func node(withIDString index: UInt32) -> NodeID? { idIndex.node(forString: index) }

    func node(withID id: String) -> NodeID? {
        arena.findString(Normalization.nfc(id)).flatMap { idIndex.node(forString: $0) }
    }

    /// Adds a node whose properties are encoded already (`PropertyArena.keyTag` and payloads,
    /// keys distinct, no nulls); `id` is the pool index of its id string, if it has one.
    mutating func addNode(labels set: LabelSet, keyTags: [UInt32], payloads: [UInt32], id: UInt32?) {
        let node = NodeID(nodeLabels.count)
        nodeLabels.append(set)
        nodeProperties.append(arena.appendEncoded(keyTags: keyTags, payloads: payloads))
        if let id { idIndex.insert(id, node) }
    }

    /// Adds an edge whose properties are encoded already (see `addNode`); its ends are set
    /// later, in `edgeSource` and `edgeTarget`.
    mutating func addEdge(type: Symbol, keyTags: [UInt32], payloads: [UInt32]) {
        edgeType.append(type)
        edgeProperties.append(arena.appendEncoded(keyTags: keyTags, payloads: payloads))
    }
}

extension GraphBuilder {
    /// Appends what another builder collected from a later part of the same file: its nodes
    /// and edges come after this builder's, its symbols and strings are mapped to this one's.
    /// (Edge ends are left to the caller, who resolves them once every node is known.) Returns
    /// false when a node of `other` has an id a node here has too; this builder is then left
    /// half merged.
    mutating func append(_ other: GraphBuilder) -> Bool {
        let labelMap = other.labels.names.map { labels.intern($0).raw }
        let typeMap = other.types.names.map { types.intern($0) }
        let keyMap = other.keys.names.map { keys.intern($0).raw }
        let (base, strings) = arena.append(other.arena, keys: keyMap)
        func shifted(_ range: PropertyRange) -> PropertyRange {
            range.count == 0 ? range : PropertyRange(start: range.start + base, count: range.count)
        }
        let nodeBase = UInt32(nodeLabels.count)
        if labelMap.elementsEqual(0..<UInt32(labelMap.count)) {
            nodeLabels.append(contentsOf: other.nodeLabels)
        } else {
            nodeLabels.append(contentsOf: other.nodeLabels.map { set in LabelSet(set.map { Symbol(labelMap[$0.index]) }) })
        }
        nodeProperties.append(contentsOf: other.nodeProperties.lazy.map(shifted))
        edgeType.append(contentsOf: other.edgeType.lazy.map { typeMap[$0.index] })
        edgeProperties.append(contentsOf: other.edgeProperties.lazy.map(shifted))
        for (string, node) in other.idIndex.uniqueIDs {
            let here = strings[Int(string)]
            guard !idIndex.contains(here) else { return false }
            idIndex.insert(here, NodeID(nodeBase + node.raw))
        }
        return other.idIndex.duplicates.isEmpty
    }
}

/// What the tasks of `Graph.init(_:adjacency:)` build, each its own field.
private final class Built: @unchecked Sendable {
    var labelIndex: [BitSet] = []
    var typeIndex: [BitSet] = []
    var outgoing = Adjacency()
    var incoming = Adjacency()
}

extension Graph {
    /// The graph a builder collected, with its indexes and adjacency built.
    init(_ builder: GraphBuilder, adjacency: (outgoing: Adjacency, incoming: Adjacency)? = nil) {
        self.init()
        let storage = self.storage
        storage.labels = builder.labels
        storage.types = builder.types
        storage.keys = builder.keys
        storage.nodeLabels = builder.nodeLabels
        storage.nodeProperties = builder.nodeProperties
        storage.edgeSource = builder.edgeSource
        storage.edgeTarget = builder.edgeTarget
        storage.edgeType = builder.edgeType
        storage.edgeProperties = builder.edgeProperties
        storage.arena = builder.arena
        storage.idIndex = builder.idIndex
        storage.liveNodes = BitSet(allBelow: builder.nodeLabels.count)
        storage.liveEdges = BitSet(allBelow: builder.edgeSource.count)
        // The indexes and the two directions of adjacency are built at once on a large graph.
        let built = Built()
        let tasks: [@Sendable () -> Void] = [
            {
                var labelIndex = [BitSet](repeating: BitSet(), count: builder.labels.count)
                for (node, set) in builder.nodeLabels.enumerated() {
                    for label in set { labelIndex[label.index].insert(node) }
                }
                built.labelIndex = labelIndex
            },
            {
                var typeIndex = [BitSet](repeating: BitSet(), count: builder.types.count)
                for (edge, type) in builder.edgeType.enumerated() { typeIndex[type.index].insert(edge) }
                built.typeIndex = typeIndex
            },
            {
                built.outgoing = adjacency?.outgoing ?? Adjacency(
                    nodeCount: builder.nodeLabels.count, live: storage.liveEdges,
                    ends: builder.edgeSource, others: builder.edgeTarget, types: builder.edgeType)
            },
            {
                built.incoming = adjacency?.incoming ?? Adjacency(
                    nodeCount: builder.nodeLabels.count, live: storage.liveEdges,
                    ends: builder.edgeTarget, others: builder.edgeSource, types: builder.edgeType)
            },
        ]
        if builder.edgeType.count + builder.nodeLabels.count < 1 << 16 {
            for task in tasks { task() }
        } else {
            DispatchQueue.concurrentPerform(iterations: tasks.count) { tasks[$0]() }
        }
        storage.labelIndex = built.labelIndex
        storage.typeIndex = built.typeIndex
        storage.outgoing = built.outgoing
        storage.incoming = built.incoming
    }
}
