import CadreGraph

/// Clauses after the first MATCH run on batches too: a run of stages (WHERE, projections,
/// UNWIND) over the batches the operator before hands on (`Operator.push(_:_:kinds:_:)`),
/// ending in an aggregation, the first rows of an ORDER BY … LIMIT, or the next operator. So
/// what follows a WITH that aggregates (`WITH p, count(*) AS k WHERE k >= 5 RETURN k,
/// count(*)`) or projects (`WITH p, p.born AS b WHERE b.year = 1960`) stays in columns. Rows
/// pushed one at a time (by an operator of the row engine) are gathered into batches first.
///
/// Results are the row engine's: the same rows in the same order, the same errors. A stage
/// that fails on a batch whose rows go on to the next operator is run again row by row, so
/// the rows before the failing one are handed on first, as the row engine does (a LIMIT after
/// may never reach the failing row).
final class BatchOperator: Operator {
    enum Stage {
        /// WHERE: the rows where the kernel is true.
        case filter(VectorExpression, range: SourceRange)
        /// A projection: slot `i` holds kernel `i`'s column; with `keepOld`, the input's slots
        /// follow (for an ORDER BY or WHERE that reads variables the projection drops).
        case project([VectorExpression], keepOld: Bool)
        /// The first slots only (the input's slots dropped again after such a WHERE).
        case trim(Int)
        /// UNWIND: each row once per element of the kernel's list (once for a value that is not
        /// a list, never for null), the element in a new last slot.
        case unwind(VectorExpression)
        /// DISTINCT: only the first row of each combination of the first `width` slots' values
        /// (as DISTINCT compares them), over every batch so far.
        case distinct(Int)
        /// MATCH or OPTIONAL MATCH from a node the rows hold (`BatchMatching`).
        case match(VectorMatchPlan.OptionalStage)
    }

    enum Terminal {
        case emit
        case aggregate(VectorAggregation)
        case top(VectorTopK)
    }

    let inputKinds: [UInt8]
    let stages: [Stage]
    let terminal: Terminal
    /// The slots' kinds after the stages (what the terminal reads).
    let kinds: [UInt8]
    /// The slots' kinds where each stage runs.
    private let kindsBefore: [[UInt8]]
    private var pending: Batch? = nil
    private var run: VectorRun? = nil
    private var aggregationState: VectorAggregation.State? = nil
    private var topState = VectorTopK.State()
    /// DISTINCT's combinations seen: per slot, a table from (the combination of the slots
    /// before, as an id) and the slot's value to the combination's id; a row is new when the
    /// last table had not seen its combination.
    private var seenTables: [PairTable] = []
    /// DISTINCT's ids of values with no unboxed form (lists, maps, strings the graph lacks).
    private var seenClasses: [Equivalent: UInt64] = [:]

    init(inputKinds: [UInt8], stages: [Stage], terminal: Terminal) {
        self.inputKinds = inputKinds
        self.stages = stages
        self.terminal = terminal
        kinds = Self.kinds(after: stages, from: inputKinds)
        kindsBefore = stages.indices.map { Self.kinds(after: Array(stages[..<$0]), from: inputKinds) }
    }

    /// The kinds of the slots after `stages`, given those before.
    static func kinds(after stages: [Stage], from input: [UInt8]) -> [UInt8] {
        var kinds = input
        for stage in stages {
            switch stage {
            case .filter: break
            case .project(let kernels, let keepOld): kinds = kernels.map(Self.kind) + (keepOld ? kinds : [])
            case .trim(let width): kinds = Array(kinds.prefix(width))
            case .unwind: kinds.append(VectorTag.boxed)
            case .distinct: break
            case .match(let stage):
                let width = max(kinds.count, (stage.newSlots.max() ?? -1) + 1)
                kinds += [UInt8](repeating: VectorTag.null, count: width - kinds.count)
                for hop in stage.expands {
                    kinds[hop.to.slot] = VectorTag.node
                    kinds[hop.relationship.slot] = VectorTag.edge
                }
            }
        }
        return kinds
    }

    /// How a projection holds a kernel's column: a node or relationship variable as handles,
    /// anything else as values.
    static func kind(of kernel: VectorExpression) -> UInt8 {
        (kernel as? EntityKernel)?.tag ?? VectorTag.boxed
    }

    /// What the operator hands on: batches (emit, aggregate) of these kinds, or rows (nil).
    var outputKinds: [UInt8]? {
        switch terminal {
        case .emit: kinds
        case .aggregate(let aggregation): aggregation.outputKinds
        case .top: nil
        }
    }

    private func currentRun(_ context: ExecutionContext) -> VectorRun {
        if let run { return run }
        let made = VectorRun(context)
        run = made
        return made
    }

    override func push(_ row: Row, _ context: ExecutionContext) throws -> Bool {
        var batch = pending ?? Batch(width: inputKinds.count)
        for (slot, kind) in inputKinds.enumerated() {
            let value = slot < row.count ? row[slot] : .null
            switch kind {
            case VectorTag.node, VectorTag.edge:
                switch value {
                case .node(let node): batch.entities[slot].append(node.raw)
                case .edge(let edge): batch.entities[slot].append(edge.raw)
                default: batch.entities[slot].append(Batch.null)
                }
            case VectorTag.boxed:
                batch.values[slot].append(value, context.graph)
            default:
                break
            }
        }
        batch.count += 1
        if batch.count < VectorMatchOperator.batchSize {
            pending = batch
            return true
        }
        pending = nil
        return try process(batch, batch.all, context)
    }

    override func push(_ batch: Batch, _ selection: [Int32], kinds: [UInt8], _ context: ExecutionContext) throws -> Bool {
        if let waiting = pending {
            pending = nil
            guard try process(waiting, waiting.all, context) else { return false }
        }
        return try process(batch, selection, context)
    }

    /// A batch through the stages to the terminal; false when the next operator wants no more.
    private func process(_ batch: Batch, _ selection: [Int32], _ context: ExecutionContext) throws -> Bool {
        try context.checkCancelNow()
        let run = currentRun(context)
        var current = (batch: batch, selection: selection)
        do {
            current = try runStages(batch, selection, run)
        } catch {
            // Row by row: the rows before the failing one go on first (see the type's note).
            guard case .emit = terminal, selection.count > 1 else { throw error }
            for row in selection {
                guard try process(batch, [row], context) else { return false }
            }
            return true
        }
        // UNWIND of long lists makes large batches: handed on in slices.
        var start = 0
        let rows = current.selection
        while start < rows.count {
            let end = min(start + VectorMatchOperator.batchSize, rows.count)
            let slice = start == 0 && end == rows.count ? rows : Array(rows[start..<end])
            guard try deliver(current.batch, slice, run, context) else { return false }
            start = end
        }
        return true
    }

    private func deliver(_ batch: Batch, _ selection: [Int32], _ run: VectorRun, _ context: ExecutionContext) throws -> Bool {
        switch terminal {
        case .emit:
            return try next.push(batch, selection, kinds: kinds, context)
        case .aggregate(let aggregation):
            if aggregationState == nil { aggregationState = aggregation.makeState() }
            try aggregation.consume(batch, selection, run, &aggregationState!)
            return true
        case .top(let topK):
            try topK.consume(batch, selection, run, &topState)
            return true
        }
    }

    private func runStages(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> (batch: Batch, selection: [Int32]) {
        var batch = batch, selection = selection
        for (index, stage) in stages.enumerated() {
            if selection.isEmpty { break }
            switch stage {
            case .filter(let kernel, let range):
                selection = try kernel.select(batch, selection, run, range: range).true
            case .project(let kernels, let keepOld):
                batch = batch.compacted(selection)
                selection = batch.all
                var projected = Batch(width: kernels.count + (keepOld ? batch.entities.count : 0))
                projected.count = batch.count
                for (slot, kernel) in kernels.enumerated() {
                    if let entity = kernel as? EntityKernel {
                        projected.entities[slot] = batch.entities[entity.slot]
                    } else {
                        projected.values[slot] = try kernel.evaluate(batch, selection, run)
                    }
                }
                if keepOld {
                    for slot in batch.entities.indices {
                        projected.entities[kernels.count + slot] = batch.entities[slot]
                        projected.values[kernels.count + slot] = batch.values[slot]
                    }
                }
                batch = projected
            case .trim(let width):
                batch.entities.removeLast(batch.entities.count - width)
                batch.values.removeLast(batch.values.count - width)
            case .unwind(let kernel):
                (batch, selection) = try unwind(batch, selection, kernel, run)
            case .distinct(let width):
                selection = firstOfEach(batch, selection, width: width, kinds: kindsBefore[index], run.graph)
            case .match(let stage):
                let width = index + 1 < kindsBefore.count ? kindsBefore[index + 1].count : kinds.count
                batch = try BatchMatching.match(batch.compacted(selection), stage, run, width: width)
                selection = batch.all
            }
        }
        return (batch, selection)
    }

    /// The rows of `selection` whose first `width` slots hold a combination no row before had.
    private func firstOfEach(_ batch: Batch, _ selection: [Int32], width: Int, kinds: [UInt8], _ graph: Graph) -> [Int32] {
        if seenTables.isEmpty { seenTables = [PairTable](repeating: PairTable(), count: width) }
        var kept: [Int32] = []
        for row in selection {
            var combination: UInt64 = 0
            var isNew = false
            for slot in 0..<width {
                let (tag, payload) = key(batch, slot, Int(row), kinds[slot], graph)
                let next = Int32(truncatingIfNeeded: seenTables[slot].count)
                if let found = seenTables[slot].find(combination << 8 | UInt64(tag), payload, orInsert: next) {
                    combination = UInt64(found)
                    isNew = false
                } else {
                    combination = UInt64(next)
                    isNew = true
                }
            }
            if isNew { kept.append(row) }
        }
        return kept
    }

    /// A slot's value at a row as DISTINCT compares it: handles and unboxed values as they
    /// are (a float equal to an integer as the integer), anything else by its class.
    private func key(_ batch: Batch, _ slot: Int, _ row: Int, _ kind: UInt8, _ graph: Graph) -> (UInt8, UInt64) {
        if kind == VectorTag.node || kind == VectorTag.edge {
            let handle = batch.entities[slot][row]
            return handle == Batch.null ? (VectorTag.null, 0) : (kind, UInt64(handle))
        }
        guard batch.holdsValues(slot) else { return (VectorTag.null, 0) }
        let vector = batch.values[slot]
        let tag = vector.tags[row], payload = vector.payloads[row]
        switch tag {
        case VectorTag.float:
            let number = Double(bitPattern: payload)
            if number.isNaN { return (tag, Double.nan.bitPattern) }
            if let integer = Int64(exactly: number) { return (VectorTag.int, UInt64(bitPattern: integer)) }
            return (tag, payload)
        case VectorTag.boxed, VectorTag.list:
            let equivalent = Equivalent(value: vector.value(at: row, graph))
            let id = seenClasses[equivalent] ?? UInt64(seenClasses.count)
            seenClasses[equivalent] = id
            return (VectorTag.boxed, id)
        default:
            return (tag, payload)
        }
    }

    private func unwind(_ batch: Batch, _ selection: [Int32], _ kernel: VectorExpression,
                        _ run: VectorRun) throws -> (batch: Batch, selection: [Int32]) {
        let lists = try kernel.evaluate(batch, selection, run)
        let graph = run.graph
        var parents: [Int32] = []
        var elements = Vector(count: 0)
        for row in selection {
            switch lists.tags[Int(row)] {
            case VectorTag.null:
                continue
            case VectorTag.list:
                // A list of the vector's own: its items copied as they are held.
                let items = lists.lists.items(Int(lists.payloads[Int(row)]))
                for item in items {
                    parents.append(row)
                    let tag = lists.lists.tags[item]
                    if tag == VectorTag.boxed {
                        elements.append(lists.lists.boxed[Int(lists.lists.payloads[item])], graph)
                    } else {
                        elements.tags.append(tag)
                        elements.payloads.append(lists.lists.payloads[item])
                    }
                }
            case VectorTag.boxed:
                let value = lists.value(at: Int(row), graph)
                if case .list(let items) = value {
                    for item in items {
                        parents.append(row)
                        elements.append(item, graph)
                    }
                    continue
                }
                parents.append(row)
                elements.append(value, graph)
            default:
                parents.append(row)
                elements.tags.append(lists.tags[Int(row)])
                elements.payloads.append(lists.payloads[Int(row)])
            }
        }
        var result = batch.gathered(parents)
        result.entities.append([])
        result.values.append(elements)
        return (result, result.all)
    }

    override func finish(_ context: ExecutionContext) throws {
        if let waiting = pending {
            pending = nil
            _ = try process(waiting, waiting.all, context)
        }
        let run = currentRun(context)
        switch terminal {
        case .emit:
            break
        case .aggregate(let aggregation):
            if aggregationState == nil { aggregationState = aggregation.makeState() }
            let kinds = aggregation.outputKinds
            try aggregation.forEachResult(&aggregationState!, run) { batch in
                try next.push(batch, batch.all, kinds: kinds, context)
            }
        case .top(let topK):
            for row in try topK.results(&topState, run, width: kinds.count, kinds: kinds) {
                guard try next.push(row, context) else { break }
            }
        }
        try next.finish(context)
    }
}
