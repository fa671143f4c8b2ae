import CadreGraph

/// `any/all/none/single(x IN list WHERE p)` and `[x IN list WHERE p | e]` over a batch, as a
/// vectorized engine runs a lambda: the lists of the selected rows are laid end to end as one
/// batch of items (each item beside its row's other variables), the predicate and the
/// projection run as kernels over it, and the results are folded back per row. The row
/// engine evaluates every item too (no short cut), so the same items are tested.
final class ListLambdaKernel: VectorExpression {
    /// A quantifier's fold, or a comprehension's list when nil.
    let quantifier: Quantifier?
    let list: VectorExpression
    /// The slot of the lambda's variable in the items' batch.
    let slot: Int
    /// The items' batch width (the row's slots and the variable's).
    let width: Int
    let predicate: VectorExpression?
    let projection: VectorExpression?
    let range: SourceRange

    override var children: [VectorExpression] { [list] + [predicate, projection].compactMap { $0 } }

    init(quantifier: Quantifier?, list: VectorExpression, slot: Int, width: Int, predicate: VectorExpression?,
         projection: VectorExpression?, range: SourceRange) {
        self.quantifier = quantifier
        self.list = list
        self.slot = slot
        self.width = width
        self.predicate = predicate
        self.projection = projection
        self.range = range
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: batch.count)
        if selection.isEmpty { return vector }
        let graph = run.graph
        let lists = try list.evaluate(batch, selection, run)
        // The items of every selected row, in order; `owner[i]`: the row item i comes from.
        var rows: [Int32] = [], counts: [Int] = []
        var owner: [Int32] = []
        var items = Vector(count: 0)
        try graph.withStoredStrings { strings in
            for row in selection {
                guard let values = try Operations.listForIteration(lists.value(at: Int(row), graph, strings), range) else { continue }
                rows.append(row)
                counts.append(values.count)
                for value in values {
                    owner.append(row)
                    items.append(value, strings)
                }
            }
        }
        let inner = itemBatch(batch, owner, items)
        let all = inner.all
        let tests = try predicate.map { try $0.evaluate(inner, all, run) }
        if let quantifier {
            var start = 0
            for (row, count) in zip(rows, counts) {
                var (trues, nulls) = (0, 0)
                if let tests {
                    for item in start..<start + count {
                        switch try Self.truth(tests, item, graph, range) {
                        case true?: trues += 1
                        case nil: nulls += 1
                        default: break
                        }
                    }
                }
                start += count
                vector.set(Int(row), quantifier.answer(count: count, trues: trues, nulls: nulls), graph)
            }
            return vector
        }
        var kept = all
        if let tests {
            kept = []
            for item in all where try Self.truth(tests, Int(item), graph, range) == true { kept.append(item) }
        }
        let mapped = try projection.map { try $0.evaluate(inner, kept, run) } ?? items
        var next = 0
        var start = 0
        for (row, count) in zip(rows, counts) {
            var result: [Value] = []
            while next < kept.count && Int(kept[next]) < start + count {
                result.append(mapped.value(at: Int(kept[next]), graph))
                next += 1
            }
            start += count
            vector.set(Int(row), .list(result), graph)
        }
        return vector
    }

    /// The batch of items: item i holds its row's entities and values, and the item itself in `slot`.
    private func itemBatch(_ batch: Batch, _ owner: [Int32], _ items: Vector) -> Batch {
        var inner = Batch(width: width)
        inner.count = owner.count
        for outer in 0..<min(batch.entities.count, width) where outer != slot {
            let handles = batch.entities[outer]
            if !handles.isEmpty {
                inner.entities[outer] = handles.withUnsafeBufferPointer { handles in owner.map { handles[Int($0)] } }
            } else if batch.holdsValues(outer) {
                inner.values[outer] = batch.values[outer].gathered(owner)
            }
        }
        inner.entities[slot] = []
        inner.values[slot] = items
        return inner
    }

    /// A predicate's result as the row engine takes it: a boolean, null, or a type error.
    @inline(__always)
    private static func truth(_ tests: Vector, _ item: Int, _ graph: Graph, _ range: SourceRange) throws -> Bool? {
        switch tests.tags[item] {
        case VectorTag.bool: tests.payloads[item] != 0
        case VectorTag.null: nil
        default: try Operations.truth(tests.value(at: item, graph), range)
        }
    }
}
