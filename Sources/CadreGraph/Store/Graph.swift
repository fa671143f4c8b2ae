import Dispatch
import Synchronization
/// The property graph: nodes with labels and properties, directed typed edges with properties.
///
/// Everything is held in flat arrays indexed by dense handles (`NodeID`, `EdgeID`), with names
/// interned as `Symbol`s: no object per node or edge. Indexes kept up to date on every change:
/// `id` string to node, label to nodes, type to edges, and adjacency per node by direction,
/// grouped by type.
///
/// `Graph` is a value: copying it is O(1) and the copy is unaffected by later changes (the storage
/// is copy-on-write), which is how a failed statement restores the graph it started from.
public struct Graph: Sendable {
    /// Every array and index in one object, so that copying a `Graph` (to pass it, or to keep
    /// a snapshot) retains one reference; the first change to a shared copy duplicates it.
    final class Storage: @unchecked Sendable {
        var labels: SymbolTable = SymbolTable()
        var types: SymbolTable = SymbolTable()
        var keys: SymbolTable = SymbolTable()
        var nodeLabels: [LabelSet] = []
        var nodeProperties: [PropertyRange] = []
        var liveNodes: BitSet = BitSet()
        var edgeSource: [NodeID] = []
        var edgeTarget: [NodeID] = []
        var edgeType: [Symbol] = []
        var edgeProperties: [PropertyRange] = []
        var liveEdges: BitSet = BitSet()
        var arena: PropertyArena = PropertyArena()
        var outgoing: Adjacency = Adjacency()
        var incoming: Adjacency = Adjacency()
        var labelIndex: [BitSet] = []
        var typeIndex: [BitSet] = []
        var idIndex: IDIndex = IDIndex()
        /// The folded-name index, built on first use or ahead of it (`prepare`), then
        /// kept up to date; behind a lock, as it may be built on another thread.
        var nameIndex = NameIndexBox()
        /// Bumped by every change (`makeUnique`).
        var version: UInt64 = 0
        /// Derived facts about edge types, for the version they were computed at; behind a
        /// lock, as `prepare` learns them on another thread.
        let implications = Mutex<[UInt64: Implication]>([:])
        struct Implication { var version: UInt64; var holds: Bool }
        /// The label sets of the live nodes and their counts (`labelSetCounts`), by the labels
        /// asked for, for the version they were counted at; behind a lock, as `prepare`
        /// counts them on another thread.
        let labelSets = Mutex<[[UInt32]: (version: UInt64, sets: [(first: NodeID, count: Int)])]>([:])
        /// While a file is read, edges skip the per-node adjacency lists; one pass builds the
        /// adjacency blocks at the end (`finishBulkLoad`).
        var deferAdjacency = false
        /// Property columns built for queries, for the version they were built at (a copy
        /// starts without them).
        let columns = ColumnCache()
        /// Cells for breadth-first searches, kept clear between them (`Graph.search`).
        let searchCells = SearchCells()

        func copy() -> Storage {
            let copy = Storage()
            copy.labels = labels
            copy.types = types
            copy.keys = keys
            copy.nodeLabels = nodeLabels
            copy.nodeProperties = nodeProperties
            copy.liveNodes = liveNodes
            copy.edgeSource = edgeSource
            copy.edgeTarget = edgeTarget
            copy.edgeType = edgeType
            copy.edgeProperties = edgeProperties
            copy.liveEdges = liveEdges
            copy.arena = arena
            copy.outgoing = outgoing
            copy.incoming = incoming
            copy.labelIndex = labelIndex
            copy.typeIndex = typeIndex
            copy.idIndex = idIndex
            copy.nameIndex = nameIndex.copy()
            copy.deferAdjacency = deferAdjacency
            copy.version = version
            return copy
        }

        // Reads of one property, per row or per edge of a scan: a method called on `arena`
        // itself would copy the whole arena (a retain and a release of each of its arrays) per
        // call, so these read the arrays they need in place.

        /// `arena.withView`, without a copy of the arena: a method called on `arena` itself
        /// would retain and release each of its arrays per call, so this borrows the four
        /// arrays a view reads in place.
        @inline(__always)
        func withArenaView<R>(_ body: (PropertyArena.View) throws -> R) rethrows -> R {
            try arena.shapeKeyTags.withUnsafeBufferPointer { shapeKeyTags in
                try arena.shapeEnds.withUnsafeBufferPointer { shapeEnds in
                    try arena.payloads.withUnsafeBufferPointer { payloads in
                        try arena.wide.withUnsafeBufferPointer { wide in
                            try body(PropertyArena.View(shapeKeyTags: shapeKeyTags, shapeEnds: shapeEnds, payloads: payloads, wide: wide))
                        }
                    }
                }
            }
        }

        /// `arena.value(in:key:)`, without a copy of the arena.
        @inline(__always)
        func value(in range: PropertyRange, key: Symbol) -> Value? {
            let found: (keyTag: UInt32, payload: UInt32)? = withArenaView { view in
                view.find(key, in: range).map { ($0.keyTag, view.payloads[$0.index]) }
            }
            guard let found else { return nil }
            let tag = StoredTag(rawValue: found.keyTag >> 24)!
            if let value = PropertyArena.inlineValue(tag: tag, payload: found.payload) { return value }
            if tag == .string { return .string(string(at: found.payload)) }
            return arena.decode(tag: tag, payload: found.payload)
        }

        /// `arena.string(_:)`, without a copy of the arena.
        @inline(__always)
        func string(at index: UInt32) -> String {
            arena.strings.withOrder { $0.string(index) }
        }

        /// The integer, date or string index stored under `key`, read without building a
        /// `Value` (see `PropertyArena.View`), without a copy of the arena.
        @inline(__always)
        func scalar(in range: PropertyRange, key: Symbol) -> ScalarProperty {
            withArenaView { $0.scalar(in: range, key: key) }
        }
    }

    /// Read directly (not through the accessors, which copy) on hot read paths.
    private(set) var storage = Storage()
    /// The property types the graph declares (`schema` statements in its file); empty: any value
    /// suits any key.
    public var schema = GraphSchema()

    /// Every change goes through here: it also moves the version on, which retires facts
    /// derived from the graph as it was (see `allEdges(ofType:haveLabel:at:)`).
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        storage.version &+= 1
    }

    /// Changes with every change to the graph (and may change without one).
    public var version: UInt64 { storage.version }

    public internal(set) var labels: SymbolTable {
        get { storage.labels }
        _modify { makeUnique(); yield &storage.labels }
    }
    public internal(set) var types: SymbolTable {
        get { storage.types }
        _modify { makeUnique(); yield &storage.types }
    }
    public internal(set) var keys: SymbolTable {
        get { storage.keys }
        _modify { makeUnique(); yield &storage.keys }
    }
    var nodeLabels: [LabelSet] {
        get { storage.nodeLabels }
        _modify { makeUnique(); yield &storage.nodeLabels }
    }
    var nodeProperties: [PropertyRange] {
        get { storage.nodeProperties }
        _modify { makeUnique(); yield &storage.nodeProperties }
    }
    var liveNodes: BitSet {
        get { storage.liveNodes }
        _modify { makeUnique(); yield &storage.liveNodes }
    }
    var edgeSource: [NodeID] {
        get { storage.edgeSource }
        _modify { makeUnique(); yield &storage.edgeSource }
    }
    var edgeTarget: [NodeID] {
        get { storage.edgeTarget }
        _modify { makeUnique(); yield &storage.edgeTarget }
    }
    var edgeType: [Symbol] {
        get { storage.edgeType }
        _modify { makeUnique(); yield &storage.edgeType }
    }
    var edgeProperties: [PropertyRange] {
        get { storage.edgeProperties }
        _modify { makeUnique(); yield &storage.edgeProperties }
    }
    var liveEdges: BitSet {
        get { storage.liveEdges }
        _modify { makeUnique(); yield &storage.liveEdges }
    }
    var arena: PropertyArena {
        get { storage.arena }
        _modify { makeUnique(); yield &storage.arena }
    }
    var outgoing: Adjacency {
        get { storage.outgoing }
        _modify { makeUnique(); yield &storage.outgoing }
    }
    var incoming: Adjacency {
        get { storage.incoming }
        _modify { makeUnique(); yield &storage.incoming }
    }
    var labelIndex: [BitSet] {
        get { storage.labelIndex }
        _modify { makeUnique(); yield &storage.labelIndex }
    }
    var typeIndex: [BitSet] {
        get { storage.typeIndex }
        _modify { makeUnique(); yield &storage.typeIndex }
    }
    var idIndex: IDIndex {
        get { storage.idIndex }
        _modify { makeUnique(); yield &storage.idIndex }
    }
    /// Changes the folded-name index when it is built (a node added, removed or renamed).
    mutating func updateNameIndex(_ body: (inout FoldedNameIndex) -> Void) {
        makeUnique()
        storage.nameIndex.update(body)
    }

    /// The generations of the label, type and key tables: a cheap way to tell a cached symbol
    /// lookup is still right (see `SymbolTable.generation`).
    public var symbolGenerations: (labels: UInt64, types: UInt64, keys: UInt64) {
        (storage.labels.generation, storage.types.generation, storage.keys.generation)
    }

    /// The `id` property key, always interned first.
    public let idKey: Symbol
    /// The `name` property key, always interned second.
    public let nameKey: Symbol

    public init() {
        idKey = storage.keys.intern("id")
        nameKey = storage.keys.intern("name")
    }

    /// Nodes whose `name` contains `text` ignoring accents and case (`tran quoc` finds
    /// `Trần Quốc Trung`), from the folded-name index, in handle order.
    public func nodes(withNameContaining text: String) -> [NodeID] {
        // Building derived data in place is safe even when the storage is shared: every Graph
        // sharing it has the same nodes.
        storage.nameIndex.withIndex(build: buildNameIndex) { $0.nodes(containing: text) }
    }

    /// What `nodes(withNameContaining:)` costs for `text`, in the units of a scan's node (see
    /// `FoldedNameIndex.work(containing:)`), for a planner to weigh against a label scan.
    public func nameIndexWork(_ text: String) -> Int {
        storage.nameIndex.withIndex(build: buildNameIndex) { $0.work(containing: text) }
    }

    /// The index from the `name` column (one pass over the arena), each distinct string folded once.
    private func buildNameIndex() -> FoldedNameIndex {
        let column = nodeColumn(nameKey)
        let storage = self.storage
        return FoldedNameIndex(column: column, strings: storage.arena.strings.count) { storage.string(at: $0) }
    }

    /// Builds on other threads what the first statements after opening a graph would
    /// otherwise build on their way: the folded-name index, then the columns of the keys that
    /// many nodes or edges hold (`denseKeys`), nodes first, then the sorted indexes of those
    /// that hold only integers or only dates. A statement that needs one while it
    /// is being built waits for it, or builds it when its turn has not come (each is built
    /// once). While they are built, the first change to the graph copies the storage (the
    /// builder holds it), and the columns built for the older version are dropped.
    @discardableResult
    public func prepare() -> Preparation {
        let graph = self
        let preparation = Preparation()
        preparation.group.enter()
        DispatchQueue.global(qos: .utility).async {
            defer { preparation.group.leave() }
            graph.storage.nameIndex.withIndex(build: graph.buildNameIndex) { _ in }
            let (nodeKeys, edgeKeys) = (graph.denseKeys(edges: false), graph.denseKeys(edges: true))
            for key in nodeKeys { _ = graph.nodeColumn(key) }
            for key in edgeKeys { _ = graph.edgeColumn(key) }
            graph.learnImplications()
            _ = graph.labelSetCounts(having: [])
            // Then the sorted indexes of those holding only integers or only dates.
            for key in nodeKeys { _ = graph.sortedIndex(key, edges: false) }
            for key in edgeKeys { _ = graph.sortedIndex(key, edges: true) }
            // The search cells, touched now rather than by a session's first search.
            graph.storage.searchCells.warm(cells: 3 * graph.storage.nodeLabels.count)
        }
        return preparation
    }

    /// The keys at least one in 16 nodes (or edges) holds, by a sample of at most 65,536 of
    /// them spread over the handles: the keys whose columns a statement reading them builds
    /// anyway (see `noteColumnReads`).
    func denseKeys(edges: Bool) -> [Symbol] {
        let ranges = edges ? storage.edgeProperties : storage.nodeProperties
        guard !ranges.isEmpty else { return [] }
        let step = max(1, ranges.count / 65_536)
        var counts: [UInt32: Int] = [:]
        var sampled = 0
        storage.withArenaView { view in
            var entity = 0
            while entity < ranges.count {
                for keyTag in view.keyTags(of: ranges[entity]) {
                    counts[keyTag & PropertyArena.keyMask, default: 0] += 1
                }
                sampled += 1
                entity += step
            }
        }
        return counts.filter { $0.value * 16 >= sampled }.keys.sorted().map { Symbol($0) }
    }

    /// Live nodes.
    public var nodeCount: Int { liveNodes.count }
    /// Live edges.
    public var edgeCount: Int { liveEdges.count }

    /// Every live node, in handle (creation) order.
    public var nodes: [NodeID] { liveNodes.map { NodeID($0) } }
    /// One more than the largest node handle: the size of an array indexed by handle.
    var nodeSlots: Int { storage.nodeLabels.count }
    /// Every live edge, in handle (creation) order.
    public var edges: [EdgeID] { liveEdges.map { EdgeID($0) } }

    public func contains(_ node: NodeID) -> Bool { storage.liveNodes.contains(node.index) }
    public func contains(_ edge: EdgeID) -> Bool { storage.liveEdges.contains(edge.index) }

    /// Rebuilds adjacency blocks and the property arena when edits have made them sparse;
    /// call after bulk loading, or at any quiet moment.
    public mutating func compact() {
        guard arena.garbage > 0 else {
            rebuildAdjacency()
            return
        }
        var fresh = PropertyArena()
        var ids = IDIndex()
        for node in liveNodes {
            nodeProperties[node] = fresh.copy(nodeProperties[node], from: arena)
            if let id = fresh.stringIndex(in: nodeProperties[node], key: idKey) { ids.insert(id, NodeID(node)) }
        }
        for edge in liveEdges {
            edgeProperties[edge] = fresh.copy(edgeProperties[edge], from: arena)
        }
        idIndex = ids
        arena = fresh
        rebuildAdjacency()
    }

    /// Starts reading many edges at once: adjacency is built once, by `finishBulkLoad`.
    mutating func beginBulkLoad() {
        makeUnique()
        storage.deferAdjacency = true
    }

    mutating func finishBulkLoad() {
        makeUnique()
        storage.deferAdjacency = false
        rebuildAdjacency()
    }

    mutating func rebuildAdjacency() {
        let storage = self.storage
        outgoing = Adjacency(nodeCount: storage.nodeLabels.count, live: storage.liveEdges,
                             ends: storage.edgeSource, others: storage.edgeTarget, types: storage.edgeType)
        incoming = Adjacency(nodeCount: storage.nodeLabels.count, live: storage.liveEdges,
                             ends: storage.edgeTarget, others: storage.edgeSource, types: storage.edgeType)
    }
}

/// The folded-name index of one storage, behind a lock: nil until built.
final class NameIndexBox: Sendable {
    private let state: Mutex<FoldedNameIndex?>

    init(_ index: FoldedNameIndex? = nil) { state = Mutex(index) }

    /// Another box holding what this one holds (waits for a build under way).
    func copy() -> NameIndexBox { NameIndexBox(state.withLock { $0 }) }

    /// `body` on the index, built by `build` first when it is not yet.
    func withIndex<Result: Sendable>(build: () -> FoldedNameIndex, _ body: (inout FoldedNameIndex) -> Result) -> Result {
        state.withLock { index in
            if index == nil { index = build() }
            return body(&index!)
        }
    }

    /// True once built (a build under way is waited for).
    var isBuilt: Bool { state.withLock { $0 != nil } }

    /// `body` on the index when it is built; nothing otherwise.
    func update(_ body: (inout FoldedNameIndex) -> Void) {
        state.withLock { index in
            if index != nil { body(&index!) }
        }
    }
}

/// What `Graph.prepare` builds in the background, to wait for (a benchmark times it apart).
public final class Preparation: Sendable {
    let group = DispatchGroup()

    /// Returns once everything is built.
    public func wait() { group.wait() }
}
