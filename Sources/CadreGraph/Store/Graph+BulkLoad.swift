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
        nodeLabels.reserveLargeCapacity(nodes)
        nodeProperties.reserveLargeCapacity(nodes)
        edgeType.reserveLargeCapacity(edges)
        edgeProperties.reserveLargeCapacity(edges)
        arena.reserve(properties)
    }

    /// The node whose id is the pooled string `index`, when exactly one has it.
    func node(withIDString index: UInt32) -> NodeID? { idIndex.node(forString: index) }

    func node(withID id: String) -> NodeID? {
        arena.findString(Normalization.nfc(id)).flatMap { idIndex.node(forString: $0) }
    }

    /// Adds a node whose properties are encoded already (`PropertyArena.keyTag` and payloads,
    /// keys distinct, no nulls); `id` is the pool index of its id string, if it has one.
    mutating func addNode(labels set: LabelSet, keyTags: UnsafeBufferPointer<UInt32>, payloads: UnsafeBufferPointer<UInt32>, id: UInt32?) {
        let node = NodeID(nodeLabels.count)
        nodeLabels.append(set)
        nodeProperties.append(arena.appendEncoded(keyTags: keyTags, payloads: payloads))
        if let id { idIndex.insert(id, node) }
    }

    /// Adds an edge whose properties are encoded already (see `addNode`); its ends are set
    /// later, in `edgeSource` and `edgeTarget`.
    mutating func addEdge(type: Symbol, keyTags: UnsafeBufferPointer<UInt32>, payloads: UnsafeBufferPointer<UInt32>) {
        edgeType.append(type)
        edgeProperties.append(arena.appendEncoded(keyTags: keyTags, payloads: payloads))
    }
}

extension GraphBuilder {
    /// Where one part's nodes, edges and values land in a joined builder, and how its numbers
    /// map to the joined ones (nil: kept, as in the first part).
    struct PartMap: Sendable {
        var nodes = 0, edges = 0, values = 0
        var wide: UInt32 = 0, boxed: UInt32 = 0
        var labels: [UInt32]?, types: [UInt32]?, keys: [UInt32]?, strings: [UInt32]?, shapes: [UInt32]?
    }

    /// Joins builders that collected consecutive parts of one file into the builder one reader
    /// of the whole file would have made: the first part's numbers stay, the symbols and
    /// strings of each later part are numbered after them, in order. The arrays are filled by
    /// one task per part at once. Nil when two parts define the same id. (`parts` is taken
    /// apart on the way: the joined pool grows from the first part's without a copy.)
    static func joined(_ parts: inout [GraphBuilder]) -> (builder: GraphBuilder, maps: [PartMap])? {
        var pool = parts[0].arena.takeStrings()
        var result = parts[0]
        var maps: [PartMap] = []
        var next = PartMap()
        var wide: [UInt64] = [], boxed: [Value] = []
        // The joined shapes: the first part's as they are, each later part's with its keys mapped.
        var shapes = PropertyArena()
        for (index, part) in parts.enumerated() {
            var map = next
            if index > 0 {
                map.labels = part.labels.names.map { result.labels.intern($0).raw }
                map.types = part.types.names.map { result.types.intern($0).raw }
                map.keys = part.keys.names.map { result.keys.intern($0).raw }
                let strings = pool.intern(contentsOf: part.arena.strings)
                map.strings = strings
                for (string, node) in part.idIndex.uniqueIDs {
                    guard !result.idIndex.contains(strings[Int(string)]) else { return nil }
                    result.idIndex.insert(strings[Int(string)], NodeID(map.nodes + node.index))
                }
                guard part.idIndex.duplicates.isEmpty else { return nil }
            }
            let partShapes = shapes.adoptShapes(of: part.arena, keys: map.keys)
            if index > 0 { map.shapes = partShapes }
            precondition(index > 0 || partShapes.enumerated().allSatisfy { UInt32($0.offset) == $0.element })
            wide.append(contentsOf: part.arena.wide)
            boxed.append(contentsOf: part.arena.boxed)
            next.nodes += part.nodeLabels.count
            next.edges += part.edgeType.count
            next.values += part.arena.count
            next.wide = UInt32(wide.count)
            next.boxed = UInt32(boxed.count)
            maps.append(map)
        }
        let parts = parts, partMaps = maps
        @Sendable func shifted(_ range: PropertyRange, by map: PartMap) -> PropertyRange {
            range.shape == 0 ? .empty : PropertyRange(start: range.start + UInt32(map.values), shape: map.shapes?[Int(range.shape)] ?? range.shape)
        }
        result.nodeLabels = joinedArray(parts, maps, count: next.nodes) { part, map, joined in
            for (index, set) in part.nodeLabels.enumerated() {
                let labels = map.labels.map { labels in LabelSet(set.map { Symbol(labels[$0.index]) }) } ?? set
                (joined + map.nodes + index).initialize(to: labels)
            }
        }
        result.nodeProperties = joinedArray(parts, maps, count: next.nodes) { part, map, joined in
            for (index, range) in part.nodeProperties.enumerated() {
                (joined + map.nodes + index).initialize(to: shifted(range, by: map))
            }
        }
        result.edgeType = joinedArray(parts, maps, count: next.edges) { part, map, joined in
            for (index, type) in part.edgeType.enumerated() {
                (joined + map.edges + index).initialize(to: map.types.map { Symbol($0[type.index]) } ?? type)
            }
        }
        result.edgeProperties = joinedArray(parts, maps, count: next.edges) { part, map, joined in
            for (index, range) in part.edgeProperties.enumerated() {
                (joined + map.edges + index).initialize(to: shifted(range, by: map))
            }
        }
        let payloads = [UInt32](unsafeUninitializedCapacity: next.values) { payloads, initialized in
            HugePages.advise(payloads)
            if next.values > 0, let first = payloads.baseAddress {
                let joined = SendablePointer(first)
                DispatchQueue.concurrentPerform(iterations: parts.count) { index in
                    let map = partMaps[index], part = parts[index]
                    PropertyArena.copy(part.arena, ranges: [part.nodeProperties, part.edgeProperties], strings: map.strings,
                                       wideBase: map.wide, boxedBase: map.boxed, payloads: joined.pointer + map.values)
                }
            }
            initialized = next.values
        }
        result.arena = PropertyArena(shapeKeyTags: shapes.shapeKeyTags, shapeEnds: shapes.shapeEnds, payloads: payloads,
                                     wide: wide, strings: pool, boxed: boxed)!
        return (result, maps)
    }

    /// An array of `count` elements, each part's slice initialized by `fill` (given the part,
    /// its map and the array's first element), one task per part at once.
    static func joinedArray<T>(_ parts: [GraphBuilder], _ maps: [PartMap], count: Int,
                               _ fill: @escaping @Sendable (GraphBuilder, PartMap, UnsafeMutablePointer<T>) -> Void) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            HugePages.advise(buffer)
            if count > 0, let first = buffer.baseAddress {
                let joined = SendablePointer(first)
                DispatchQueue.concurrentPerform(iterations: parts.count) { fill(parts[$0], maps[$0], joined.pointer) }
            }
            initialized = count
        }
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
