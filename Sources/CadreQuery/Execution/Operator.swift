import CadreGraph

/// One stage of a compiled query. Rows are pushed from the first stage to the last (a
/// streaming pipeline: each row goes as far as it can before the next is read); stages that
/// need all their input (sorting, aggregation, updates) keep rows until `finish`.
class Operator {
    var next: Operator!

    /// Takes one row; returns false when no more rows are wanted (a LIMIT is reached).
    func push(_ row: Row, _ context: ExecutionContext) throws -> Bool {
        try next.push(row, context)
    }

    /// Takes `weight` copies of one row (a stage that counts matches without building them
    /// passes each distinct row once, with its count). Stages that count override this.
    func push(_ row: Row, weight: Int, _ context: ExecutionContext) throws -> Bool {
        for _ in 0..<weight {
            guard try push(row, context) else { return false }
        }
        return true
    }

    /// Takes the rows equal to `row` but for `slot`, which holds each of `nodes` in turn (a
    /// match step that finds many end nodes at once). Stages that can take them whole override this.
    func push(_ row: Row, slot: Int, nodes: [NodeID], _ context: ExecutionContext) throws -> Bool {
        var row = row
        for node in nodes {
            row[slot] = .node(node)
            guard try push(row, context) else { return false }
        }
        return true
    }

    /// Takes the rows `selection` picks from `batch`, whose slots hold what `kinds` says
    /// (`Batch`). Stages that run on batches (`BatchOperator`) take them whole; the others
    /// take them one row at a time.
    func push(_ batch: Batch, _ selection: [Int32], kinds: [UInt8], _ context: ExecutionContext) throws -> Bool {
        let graph = context.graph
        for row in selection {
            guard try push(batch.row(Int(row), kinds: kinds, graph), context) else { return false }
        }
        return true
    }

    /// The input has ended: flush what is kept, then tell the next stage.
    func finish(_ context: ExecutionContext) throws {
        try next.finish(context)
    }
}

/// The last stage: keeps the result rows.
final class Collector: Operator {
    var rows: [Row] = []
    let width: Int
    /// Where rows go as they come, instead of `rows` (a statement's results streamed).
    var consume: RowConsumer? = nil

    init(width: Int) { self.width = width }

    override func push(_ row: Row, _ context: ExecutionContext) throws -> Bool {
        // A projection hands over rows of the final width already: kept as they are (shared).
        let row = row.count == width ? row : Array(row.prefix(width))
        if let consume { try consume(row) } else { rows.append(row) }
        return true
    }

    override func finish(_ context: ExecutionContext) throws {}
}

/// Calls a closure per row; the closure decides what to pass on.
final class MapOperator: Operator {
    let body: (Row, ExecutionContext, (Row) throws -> Bool) throws -> Bool

    init(_ body: @escaping (Row, ExecutionContext, (Row) throws -> Bool) throws -> Bool) {
        self.body = body
    }

    override func push(_ row: Row, _ context: ExecutionContext) throws -> Bool {
        try context.checkCancel()
        return try body(row, context) { try self.next.push($0, context) }
    }
}

/// Keeps every row until the input ends, then runs `body` over all of them (updates apply to
/// the whole input before anything after them reads the graph; sorting needs every row).
final class BufferOperator: Operator {
    private var rows: [Row] = []
    let body: ([Row], ExecutionContext) throws -> [Row]

    init(_ body: @escaping ([Row], ExecutionContext) throws -> [Row]) {
        self.body = body
    }

    override func push(_ row: Row, _ context: ExecutionContext) throws -> Bool {
        try context.checkCancel()
        rows.append(row)
        return true
    }

    override func finish(_ context: ExecutionContext) throws {
        let output = try body(rows, context)
        rows = []
        for row in output {
            guard try next.push(row, context) else { break }
        }
        try next.finish(context)
    }
}

/// SKIP and LIMIT on a stream.
final class SliceOperator: Operator {
    var toSkip: Int
    var remaining: Int

    init(skip: Int, limit: Int) {
        toSkip = skip
        remaining = limit
    }

    override func push(_ row: Row, _ context: ExecutionContext) throws -> Bool {
        if toSkip > 0 { toSkip -= 1; return true }
        guard remaining > 0 else { return false }
        remaining -= 1
        let wantsMore = try next.push(row, context)
        return wantsMore && remaining > 0
    }
}
