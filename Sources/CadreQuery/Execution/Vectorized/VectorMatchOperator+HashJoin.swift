import CadreGraph

/// A MATCH after rows that shares no variable with them, joined on a value: `UNWIND range(1950,
/// 1960) AS y MATCH (p:Person) WHERE p.born.year = y`. Matched once per row, the pattern is
/// scanned once per row; from the second row on, its matches are instead found once (without
/// WHERE), kept as handles and hashed by the inner key (`p.born.year`); each row then takes
/// the matches whose key its outer key (`y`) equals, in scan order, and the whole WHERE decides
/// as it would have: the table only narrows the candidates, so the rows and their order are
/// those of the scan per row. A key that raises, or a scan of more than `limit` matches, goes
/// back to scanning per row.
extension VectorMatchOperator {
    struct HashJoin {
        /// The key over the MATCH's variables, a kernel over its batches.
        let inner: VectorExpression
        /// The key over the row pushed in.
        let outer: Evaluator
        /// The whole WHERE, as a kernel.
        let predicate: VectorExpression
    }

    /// The matches, by slot (handles; the row's own slots are left empty), and each key's
    /// matches in scan order: key k's are `rows[starts[k]..<starts[k + 1]]`.
    final class JoinTable {
        var handles: [[UInt32]]
        var count = 0
        /// Each distinct key's number, and each match's key number (-1: null, equal to nothing).
        var keys = PairTable()
        var keyOfRow: [Int32] = []
        var starts: [Int32] = []
        var rows: [Int32] = []
        /// Matches whose key is a list, a map or a path: candidates for every row.
        var anyKey: [Int32] = []

        init(width: Int) { handles = [[UInt32]](repeating: [], count: width) }

        /// Puts each key's matches together, in scan order (a counting sort by key number).
        func group(_ keyCount: Int) {
            starts = [Int32](repeating: 0, count: keyCount + 1)
            for key in keyOfRow where key >= 0 { starts[Int(key) + 1] += 1 }
            for key in 0..<keyCount { starts[key + 1] += starts[key] }
            var next = starts
            rows = [Int32](repeating: 0, count: Int(starts[keyCount]))
            for (row, key) in keyOfRow.enumerated() where key >= 0 {
                rows[Int(next[Int(key)])] = Int32(row)
                next[Int(key)] += 1
            }
            keyOfRow = []
        }

        /// The matches of a key, in scan order.
        func matches(_ key: VectorAggregation.Key) -> ArraySlice<Int32> {
            guard let number = keys.value(UInt64(key.tag), key.payload).map(Int.init) else { return [] }
            return rows[Int(starts[number])..<Int(starts[number + 1])]
        }
    }

    /// Most matches a table keeps.
    static let joinLimit = 4_000_000

    /// The key's hash class: numbers by value (`1 = 1.0`), stored strings by index, dates,
    /// booleans, nodes and relationships by payload; nil for null (equal to nothing), and
    /// `.max` tag for values compared otherwise (any row may equal them).
    static func joinKey(_ tag: UInt8, _ payload: UInt64) -> VectorAggregation.Key? {
        switch tag {
        case VectorTag.null: return nil
        case VectorTag.float:
            let number = Double(bitPattern: payload)
            if number.isNaN { return nil }
            if let integer = Int64(exactly: number) { return VectorAggregation.Key(tag: VectorTag.int, payload: UInt64(bitPattern: integer)) }
            return VectorAggregation.Key(tag: tag, payload: payload)
        case VectorTag.int, VectorTag.string, VectorTag.date, VectorTag.bool, VectorTag.node, VectorTag.edge:
            return VectorAggregation.Key(tag: tag, payload: payload)
        default:
            return VectorAggregation.Key(tag: .max, payload: 0)
        }
    }

    /// The table, built by one scan of the pattern without WHERE; nil when a key raised or the
    /// matches are too many.
    func buildJoinTable(_ join: HashJoin, _ option: VectorMatchPlan.Option, _ run: VectorRun, _ context: ExecutionContext) throws -> JoinTable? {
        let table = JoinTable(width: plan.width)
        let scan = try VectorScan(option, plan, run, row: [])
        let none = [[VectorExpression]](repeating: [], count: option.expands.count + 1)
        var usable = true
        var keyCount = 0
        _ = try scan.forEachBatch { start in
            try hop(option.expands[...], start, run, none) { batch in
                try context.checkCancelNow()
                guard table.count + batch.count <= Self.joinLimit, let keys = try? join.inner.evaluate(batch, batch.all, run) else {
                    usable = false
                    return false
                }
                for slot in plan.outer..<plan.width where !batch.entities[slot].isEmpty {
                    table.handles[slot].append(contentsOf: batch.entities[slot])
                }
                for row in 0..<batch.count {
                    guard let key = Self.joinKey(keys.tags[row], keys.payloads[row]) else {
                        table.keyOfRow.append(-1)
                        continue
                    }
                    if key.tag == .max {
                        table.anyKey.append(Int32(table.count + row))
                        table.keyOfRow.append(-1)
                        continue
                    }
                    let number = table.keys.find(UInt64(key.tag), key.payload, orInsert: Int32(keyCount)) ?? {
                        keyCount += 1
                        return Int32(keyCount - 1)
                    }()
                    table.keyOfRow.append(number)
                }
                table.count += batch.count
                return true
            }
        }
        guard usable else { return nil }
        table.group(keyCount)
        return table
    }

    /// The matches of the row pushed in, through WHERE and on: whether more rows are wanted;
    /// nil when the outer key raised (the row is then matched by a scan).
    func probe(_ join: HashJoin, _ table: JoinTable, _ row: Row, _ run: VectorRun, _ context: ExecutionContext) throws -> Bool? {
        guard let value = try? join.outer(row, context) else { return nil }
        let scalar = Scalar(value, run.graph)
        var candidates: [Int32]
        if scalar.tag == VectorTag.boxed, case .string = value {
            candidates = table.anyKey // a string the graph does not hold equals no stored one
        } else if let key = Self.joinKey(scalar.tag, scalar.payload) {
            candidates = key.tag == .max ? Array(0..<Int32(table.count)) : LogicKernel.merged(Array(table.matches(key)), table.anyKey)
        } else {
            candidates = table.anyKey
        }
        var sink = Sink(run: run, aggregation: state, top: topState)
        defer { (state, topState) = (sink.aggregation, sink.top) }
        var start = 0
        while start < candidates.count {
            let part = candidates[start..<min(start + Self.batchSize, candidates.count)]
            start += part.count
            var batch = Batch(width: plan.width)
            batch.count = part.count
            for slot in plan.outer..<plan.width where !table.handles[slot].isEmpty {
                batch.entities[slot] = table.handles[slot].withUnsafeBufferPointer { handles in part.map { handles[Int($0)] } }
            }
            guard try consume(seeded(batch, run.graph), &sink, context, predicate: join.predicate) else { return false }
        }
        return true
    }
}
