import CadreGraph

/// Runs a `VectorMatchPlan` when its one input row (a first MATCH has an empty one) arrives:
/// batches of up to `batchSize` start rows, expanded hop by hop, filtered by WHERE, then handed
/// to a sink: rows built for the next operator, or a fused aggregation that builds none.
final class VectorMatchOperator: Operator {
    static let batchSize = 1024

    let plan: VectorMatchPlan
    let aggregation: VectorAggregation?
    let topK: VectorTopK?
    let options: QueryOptions
    /// True when a large scan may be split among workers (`VectorMatchOperator+Parts`).
    let splits: Bool
    var state: VectorAggregation.State? = nil
    var topState = VectorTopK.State()
    /// The aggregation's rows when the store's counts answered it.
    private var counted: [Row]? = nil
    /// Per `WITH DISTINCT` stage, the combinations its rows had so far: as one word for up to
    /// two slots, else as tuples.
    private var distinctWords: [Int: Set<UInt64>] = [:]
    private var distinctTuples: [Int: Set<[UInt32]>] = [:]
    /// The run's constants and columns, kept from the matching to the last rows.
    private var run: VectorRun? = nil
    /// The row pushed in, whose first `plan.outer` values every batch holds.
    private var outerRow: Row = []

    /// For a MATCH after rows joined to them on a value (see `HashJoin`): the rows pushed so
    /// far, and the table once built.
    private var pushes = 0
    private var firstScanNarrowed = false
    /// True while a scan runs whose filters decide the whole WHERE (see `push`).
    private(set) var whereDecidedInScan = false
    private var joinTable: JoinTable? = nil

    init(plan: VectorMatchPlan, aggregation: VectorAggregation? = nil, topK: VectorTopK? = nil, options: QueryOptions) {
        self.plan = plan
        self.aggregation = aggregation
        self.topK = topK
        self.options = options
        splits = Self.splits(plan, aggregation, topK)
    }

    override func push(_ row: Row, _ context: ExecutionContext) throws -> Bool {
        let run = self.run ?? VectorRun(context)
        self.run = run
        outerRow = row
        if let aggregation, state == nil { state = aggregation.makeState() }
        let chosen = choose(context.graph)
        let option = VectorMatchPlan.scanningEdges(chosen, context.graph) ?? chosen
        if let join = plan.join {
            // The first row is matched by a scan (one scan is all a lone row needs); from the
            // second on, by the table.
            pushes += 1
            // Unless a sorted index narrowed the first row's scan: each row's is as narrow.
            if pushes == 2 && !firstScanNarrowed { joinTable = try buildJoinTable(join, option, run, context) }
            if let table = joinTable, let wanted = try probe(join, table, row, run, context) { return wanted }
        }
        // Counts answer only a match with nothing after it: a later MATCH, OPTIONAL MATCH or
        // WITH … WHERE (`plan.optionals`) changes the rows.
        if let aggregation, plan.predicate == nil, plan.pushed.isEmpty, plan.optionals.isEmpty, plan.outer == 0,
           let rows = try aggregation.answerFromCounts(option, run, width: plan.width) {
            counted = rows
            return true
        }
        var scan = try VectorScan(option, plan, run, row: plan.outer > 0 ? row : [])
        var filters = plan.filters(option, parameters: context.parameters)
        // An operand evaluated on the row before alone (an error: left to the test, as row by row).
        let fixed = { (operand: VectorExpression) -> Scalar? in
            var one = Batch(width: self.plan.width)
            one.count = 1
            guard let value = try? operand.evaluate(self.seeded(one, run.graph), [0], run) else { return nil }
            return Scalar(value.value(at: 0, run.graph), run.graph)
        }
        if plan.scanFilters && !filters[0].isEmpty {
            scan.filters = ScanFilter.take(&filters[0], slots: scan.scanned, run: run, rows: scan.size,
                                           keepNull: plan.pushedKeepNull, fixed: fixed)
        }
        whereDecidedInScan = false
        if plan.scanFilters, takeSpeculativeChain(option, &scan, &filters[0], run, fixed: fixed) == 1 + plan.columnTail.count,
           plan.tailEndsWhere, filters.allSatisfy(\.isEmpty) {
            // Every conjunct of WHERE is a filter of the scan, each proved unable to raise on
            // its column: what passes them all is what WHERE keeps, and a null drops the row.
            whereDecidedInScan = true
            for index in scan.filters.indices { scan.filters[index].keepNull = false }
        }
        if plan.scanFilters {
            scan.narrow(run.graph)
            if pushes <= 1 { firstScanNarrowed = scan.narrowed }
            // Top rows by a property of what is scanned, when nothing but the scan's own
            // filters drops rows in between.
            if let topK, let first = topK.keys.first, let key = first.kernel as? PropertyKernel,
               whereDecidedInScan || plan.predicate == nil, filters.allSatisfy(\.isEmpty),
               plan.optionals.isEmpty, plan.outer == 0, option.expands.isEmpty, topState.heap.isEmpty {
                scan.narrow(toFirst: try topK.wanted(run, topState), by: key, descending: first.descending, run.graph)
            }
        }
        // Only counted, and the scan decided every test: its size is the count.
        if whereDecidedInScan || plan.predicate == nil, let aggregation, plan.optionals.isEmpty,
           plan.outer == 0, option.expands.isEmpty, filters.allSatisfy(\.isEmpty), let count = scan.exactCount,
           let rows = aggregation.answerFromCount(count) {
            counted = rows
            return true
        }
        let parts = partCount(scan)
        if parts > 1 {
            try runInParts(option, scan, filters, parts, context)
            return true
        }
        var sink = Sink(run: run, aggregation: state, top: topState)
        defer { (state, topState) = (sink.aggregation, sink.top) }
        return try scan.forEachBatch { start in
            try hop(option.expands[...], seeded(start, run.graph), run, filters) { try consume($0, &sink, context) }
        }
    }

    /// The speculative test WHERE pushed (the first that may raise) when the scan binds what it
    /// reads, then the comparisons after it (`VectorMatchPlan.columnTail`): each taken into the
    /// scan while the one before was, that is while each is proved unable to raise on its column
    /// (`h.from.year >= 2010 AND h.from.year <= 2015` over a column of dates). WHERE still runs
    /// on what passes; a speculative test not taken stays among the tests after the scan.
    /// Returns how many it took.
    private func takeSpeculativeChain(_ option: VectorMatchPlan.Option, _ scan: inout VectorScan,
                                      _ tests: inout [VectorExpression], _ run: VectorRun,
                                      fixed: (VectorExpression) -> Scalar?) -> Int {
        guard let last = plan.pushed.last, let speculative = last.kernel as? SpeculativeKernel,
              VectorMatchPlan.stage(reading: last.slots, in: option, outer: plan.outer) == 0 else { return 0 }
        let waiting = tests.contains { $0 === speculative }
        for (index, test) in ([speculative.test] + plan.columnTail).enumerated() {
            var one = [test]
            guard let filter = ScanFilter.take(&one, slots: scan.scanned, run: run, rows: scan.size, keepNull: plan.pushedKeepNull,
                                               fixed: fixed).first
            else { return index }
            if index == 0 && waiting { tests.removeAll { $0 === speculative } }
            ScanFilter.add(filter, to: &scan.filters)
        }
        return 1 + plan.columnTail.count
    }

    /// `batch` with the values of the row pushed in its first `plan.outer` slots, each a
    /// column of one value (see `VectorMatchPlan.outer`).
    func seeded(_ batch: Batch, _ graph: Graph) -> Batch {
        guard plan.outer > 0 else { return batch }
        var batch = batch
        for slot in 0..<plan.outer {
            let value = slot < outerRow.count ? outerRow[slot] : .null
            if plan.kinds[slot] == VectorTag.node || plan.kinds[slot] == VectorTag.edge {
                let handle: UInt32 = switch value {
                case .node(let node): node.raw
                case .edge(let edge): edge.raw
                default: Batch.null
                }
                batch.entities[slot] = [UInt32](repeating: handle, count: batch.count)
                continue
            }
            var column = Vector(count: 0)
            let scalar = Scalar(value, graph)
            if scalar.tag == VectorTag.boxed { column.boxed = [scalar.value] }
            column.tags = [UInt8](repeating: scalar.tag, count: batch.count)
            column.payloads = [UInt64](repeating: scalar.tag == VectorTag.boxed ? 0 : scalar.payload, count: batch.count)
            batch.values[slot] = column
        }
        return batch
    }

    /// What a scan (or a part of it) gives its rows to, and keeps.
    struct Sink {
        let run: VectorRun
        var aggregation: VectorAggregation.State?
        var top: VectorTopK.State
    }

    /// A batch of matches before WHERE, taken through WHERE and the MATCH clauses after, to the
    /// aggregation, the top rows, or the next operator (false: it wants no more rows).
    /// `predicate`: the WHERE to test instead of what the steps left of it (the whole WHERE,
    /// for matches found without it).
    func consume(_ matched: Batch, _ sink: inout Sink, _ context: ExecutionContext, predicate: VectorExpression? = nil) throws -> Bool {
        try context.checkCancelNow()
        let run = sink.run
        var batch = matched
        var selection = batch.all
        if let predicate = predicate ?? (whereDecidedInScan ? nil : plan.predicate) {
            do {
                selection = try filter(predicate, batch, selection, run)
            } catch where aggregation == nil && topK == nil && selection.count > 1 {
                // Rows go on to the clauses after one by one, row by row: the rows before the
                // failing one go on first (and the clauses after may fail on them first).
                for row in selection {
                    guard try consume(batch.compacted([row]), &sink, context, predicate: predicate) else { return false }
                }
                return true
            }
        }
        if selection.isEmpty { return true }
        if !plan.optionals.isEmpty {
            batch = batch.compacted(selection)
            for (index, stage) in plan.optionals.enumerated() {
                if let slots = stage.distinctSlots {
                    batch = firstOfEach(batch, slots, stage: index)
                } else {
                    batch = try BatchMatching.match(batch, stage, run, width: plan.width)
                }
            }
            selection = batch.all
        }
        if let aggregation {
            try aggregation.consume(batch, selection, run, &sink.aggregation!)
            return true
        }
        if let topK {
            try topK.consume(batch, selection, run, &sink.top)
            return true
        }
        return try next.push(batch, selection, kinds: plan.kinds, context)
    }

    override func finish(_ context: ExecutionContext) throws {
        let run = self.run ?? VectorRun(context)
        if let topK {
            for row in try topK.results(&topState, run, width: plan.width, kinds: plan.kinds) {
                guard try next.push(row, context) else { break }
            }
        }
        if let aggregation {
            if state == nil { state = aggregation.makeState() }
            if let counted {
                for row in counted { guard try next.push(row, context) else { break } }
            } else {
                let kinds = aggregation.outputKinds
                try aggregation.forEachResult(&state!, run, workers: options.workers) { batch in
                    try next.push(batch, batch.all, kinds: kinds, context)
                }
            }
        }
        try next.finish(context)
    }

    /// The option whose chosen label has the fewest nodes (the row engine's choice).
    private func choose(_ graph: Graph) -> VectorMatchPlan.Option {
        guard plan.options.count > 1 else { return plan.options[0] }
        var best = plan.options[0]
        var fewest = Int.max
        for option in plan.options {
            var count = Int.max
            for label in option.chosenBy!.labelCache.resolve(.labels, in: graph) {
                count = min(count, label.map { graph.nodeCount(withLabel: $0) } ?? 0)
            }
            if count < fewest {
                fewest = count
                best = option
            }
        }
        return best
    }

    /// The rows where the predicate is true; a value that is neither boolean nor null is the
    /// row engine's type error.
    private func filter(_ predicate: VectorExpression, _ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> [Int32] {
        try predicate.select(batch, selection, run, range: plan.predicateRange).true
    }

    // MARK: Sources and expansions

    /// The rows of `batch` taken through `hops`. A hop's output goes on in slices of at most
    /// `batchSize` rows, so a chain of hops through well-connected nodes never holds more than
    /// one hop's output per level (as the row engine's depth-first walk holds one row).
    func hop(_ hops: ArraySlice<VectorMatchPlan.Expand>, _ batch: Batch, _ run: VectorRun, _ filters: [[VectorExpression]],
             _ body: (Batch) throws -> Bool) throws -> Bool {
        // The tests whose variables the steps so far bound (0: the source's).
        var batch = batch
        for test in filters[filters.count - 1 - hops.count] {
            let found = try test.select(batch, batch.all, run, range: plan.predicateRange)
            let kept = plan.pushedKeepNull ? Self.merged(found.true, found.null) : found.true
            if kept.isEmpty { return true }
            batch = batch.compacted(kept)
        }
        guard let first = hops.first else { return try body(batch) }
        if first.length != nil {
            return try trails(batch, first, run) { try hop(hops.dropFirst(), $0, run, filters, body) }
        }
        let expanded = try expand(batch, first, run)
        var start = 0
        while start < expanded.count {
            let end = min(start + Self.batchSize, expanded.count)
            guard try hop(hops.dropFirst(), expanded.slice(start..<end), run, filters, body) else { return false }
            start = end
        }
        return true
    }

    /// Two ascending lists of rows as one.
    static func merged(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        if b.isEmpty { return a }
        var result: [Int32] = []
        result.reserveCapacity(a.count + b.count)
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) {
                result.append(a[i])
                i += 1
            } else {
                result.append(b[j])
                j += 1
            }
        }
        return result
    }

    /// Each row extended by every edge from its `from` node that fits the hop: the rows of
    /// the result in the row engine's order (by input row, then adjacency order).
    private func expand(_ batch: Batch, _ expand: VectorMatchPlan.Expand, _ run: VectorRun) throws -> Batch {
        var parents: [Int32] = []
        return BatchMatching.expand(batch, expand, run.graph, width: plan.width, relationshipSlots: plan.relationshipSlots, parents: &parents)
    }

    /// The rows whose values in `slots` no earlier row had (a `WITH DISTINCT`), in order. The
    /// combinations seen are kept across batches (updated in place: a copy per batch would make
    /// the scan quadratic); a plan with such a stage is not split in parts.
    private func firstOfEach(_ batch: Batch, _ slots: [Int], stage: Int) -> Batch {
        func value(_ slot: Int, _ row: Int) -> UInt32 {
            slot < batch.entities.count && !batch.entities[slot].isEmpty ? batch.entities[slot][row] : Batch.null
        }
        var kept: [Int32] = []
        if slots.count <= 2 {
            // Up to two handles make one word.
            for row in 0..<batch.count {
                let key = UInt64(value(slots[0], row)) << 32 | UInt64(slots.count == 2 ? value(slots[1], row) : 0)
                if distinctWords[stage, default: []].insert(key).inserted { kept.append(Int32(row)) }
            }
        } else {
            for row in 0..<batch.count where distinctTuples[stage, default: []].insert(slots.map { value($0, row) }).inserted {
                kept.append(Int32(row))
            }
        }
        return batch.compacted(kept)
    }
}
