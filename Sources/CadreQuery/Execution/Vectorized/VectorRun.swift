import CadreGraph

/// What one run of a vectorized plan keeps between batches: the context, the columns it read,
/// and each constant's value (parameters and folded expressions are the same for every row).
final class VectorRun {
    let context: ExecutionContext
    let graph: Graph
    private var nodeColumns: [String: PropertyColumn] = [:]
    private var edgeColumns: [String: PropertyColumn] = [:]
    private var constants: [ObjectIdentifier: Scalar] = [:]
    private var memos: [ObjectIdentifier: [UInt8]] = [:]
    private var edgeMasks: [ObjectIdentifier: [UInt64]?] = [:]
    private var states: [ObjectIdentifier: AnyObject] = [:]

    init(_ context: ExecutionContext) {
        self.context = context
        graph = context.graph
    }

    /// The column of `key` over nodes (or edges), when one is worth having: built already, or
    /// once the statements on this graph have read more than a sixteenth of the entities
    /// through it (so a query run again and again gets one, though each run reads less). Before
    /// that, nil: the rows are read from the store (`Graph.readProperty`), so a query that
    /// reads a few values builds no column over every node or edge.
    func column(_ key: String, edges: Bool, rows: Int) -> PropertyColumn? {
        if edges, let found = edgeColumns[key] { return found }
        if !edges, let found = nodeColumns[key] { return found }
        guard let symbol = graph.keys.lookup(key) else { return nil }
        if let cached = graph.cachedColumn(symbol, edges: edges) {
            if edges { edgeColumns[key] = cached } else { nodeColumns[key] = cached }
            return cached
        }
        let read = graph.noteColumnReads(symbol, edges: edges, rows: rows)
        let entities = edges ? graph.edgeCount : graph.nodeCount
        guard read > entities / 16 else { return nil }
        let column = edges ? graph.edgeColumn(symbol) : graph.nodeColumn(symbol)
        if edges { edgeColumns[key] = column } else { nodeColumns[key] = column }
        return column
    }

    /// The column of `key` when it is built, or when a scan of `rows` entities alone reads
    /// enough to build it (see `column(_:edges:rows:)`); nil otherwise, nothing noted (the
    /// kernel that then reads the rows notes them).
    func scanColumn(_ key: String, edges: Bool, rows: Int) -> PropertyColumn? {
        if edges, let found = edgeColumns[key] { return found }
        if !edges, let found = nodeColumns[key] { return found }
        guard let symbol = graph.keys.lookup(key) else { return nil }
        let entities = edges ? graph.edgeCount : graph.nodeCount
        guard graph.cachedColumn(symbol, edges: edges) != nil || rows > entities / 16 else { return nil }
        return column(key, edges: edges, rows: rows)
    }

    /// The edges a kernel keeps, as bit words (`BatchMatching.edgeMask`), made once per run.
    func edgeMask(_ owner: AnyObject, _ make: () -> [UInt64]?) -> [UInt64]? {
        let id = ObjectIdentifier(owner)
        if let found = edgeMasks[id] { return found }
        let mask = make()
        edgeMasks[id] = mask
        return mask
    }

    func constant(_ owner: AnyObject, _ make: () throws -> Value) rethrows -> Scalar {
        let id = ObjectIdentifier(owner)
        if let found = constants[id] { return found }
        let scalar = Scalar(try make(), graph)
        constants[id] = scalar
        return scalar
    }

    /// A kernel's own state for the run (made by `make` on the first call).
    func state<State: AnyObject>(_ owner: AnyObject, _ make: () -> State) -> State {
        let id = ObjectIdentifier(owner)
        if let found = states[id] as? State { return found }
        let made = make()
        states[id] = made
        return made
    }

    /// A kernel's memo by string index (what a value means is the kernel's: 0 is unknown),
    /// taken out until `setMemo` puts it back, so that the kernel changes it in place rather
    /// than a copy of it.
    func memo(_ owner: AnyObject) -> [UInt8] {
        memos.removeValue(forKey: ObjectIdentifier(owner)) ?? []
    }

    func setMemo(_ owner: AnyObject, _ memo: [UInt8]) {
        memos[ObjectIdentifier(owner)] = memo
    }

    /// The row the row engine would hold for `row` of `batch` (nodes, edges and values by
    /// slot; the rest null), for the expressions only it can evaluate.
    func materialize(_ batch: Batch, _ row: Int, kinds: [UInt8], width: Int) -> Row {
        var values = batch.row(row, kinds: kinds, graph)
        if values.count < width { values += Row(repeating: .null, count: width - values.count) }
        return values
    }
}
