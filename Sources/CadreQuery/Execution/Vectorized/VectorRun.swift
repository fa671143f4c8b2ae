import CadreGraph

/// What one run of a vectorized plan keeps between batches: the context, the columns it read,
/// and each constant's value (parameters and folded expressions are the same for every row).
final class VectorRun {
    let context: ExecutionContext
    let graph: Graph
    private var nodeColumns: [String: PropertyColumn?] = [:]
    private var edgeColumns: [String: PropertyColumn?] = [:]
    private var constants: [ObjectIdentifier: Scalar] = [:]
    private var memos: [ObjectIdentifier: [UInt8]] = [:]

    init(_ context: ExecutionContext) {
        self.context = context
        graph = context.graph
    }

    /// The column of `key` over nodes (or edges); nil when no entity has the key.
    func column(_ key: String, edges: Bool) -> PropertyColumn? {
        if edges {
            if let found = edgeColumns[key] { return found }
            let column = graph.keys.lookup(key).map { graph.edgeColumn($0) }
            edgeColumns[key] = column
            return column
        }
        if let found = nodeColumns[key] { return found }
        let column = graph.keys.lookup(key).map { graph.nodeColumn($0) }
        nodeColumns[key] = column
        return column
    }

    func constant(_ owner: AnyObject, _ make: () throws -> Value) rethrows -> Scalar {
        let id = ObjectIdentifier(owner)
        if let found = constants[id] { return found }
        let scalar = Scalar(try make(), graph)
        constants[id] = scalar
        return scalar
    }

    /// A kernel's memo of results by string index (0 unknown, 1 null, 2 false, 3 true).
    func memo(_ owner: AnyObject) -> [UInt8] {
        memos[ObjectIdentifier(owner)] ?? []
    }

    func setMemo(_ owner: AnyObject, _ memo: [UInt8]) {
        memos[ObjectIdentifier(owner)] = memo
    }

    /// The row the row engine would hold for `row` of `batch` (nodes and edges by slot; the
    /// rest null), for the expressions only it can evaluate.
    func materialize(_ batch: Batch, _ row: Int, kinds: [UInt8], width: Int) -> Row {
        var values = Row(repeating: .null, count: width)
        for slot in 0..<min(width, batch.entities.count) where !batch.entities[slot].isEmpty {
            let handle = batch.entities[slot][row]
            if handle == Batch.null { continue }
            values[slot] = kinds[slot] == VectorTag.edge ? .edge(EdgeID(handle)) : .node(NodeID(handle))
        }
        return values
    }
}
