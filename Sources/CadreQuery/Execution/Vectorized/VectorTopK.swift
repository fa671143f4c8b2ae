import CadreGraph

/// RETURN (or WITH) with ORDER BY and LIMIT, fused into the MATCH before it: the sort keys are
/// kernels over each batch, a heap keeps the first SKIP + LIMIT rows by the row engine's order
/// (`Comparison.order`, then match order for ties), and only those rows are built.
final class VectorTopK {
    let items: [VectorExpression]
    let keys: [(kernel: VectorExpression, descending: Bool)]
    let skip: Evaluator?
    let limit: Evaluator

    init(items: [VectorExpression], keys: [(kernel: VectorExpression, descending: Bool)], skip: Evaluator?, limit: @escaping Evaluator) {
        self.items = items
        self.keys = keys
        self.skip = skip
        self.limit = limit
    }

    /// A row that may be among the first: its keys, its place in the match order, its entities.
    struct Candidate {
        var tags: [UInt8]
        var payloads: [UInt64]
        var values: [Value]
        var sequence: Int
        var handles: [UInt32]
        /// Per slot, its value when the batch holds the slot as values (`Batch.values`).
        var slotValues: [Value]
    }

    struct State {
        var wanted: Int? = nil
        var skipped = 0
        /// A heap with the last of the kept rows on top.
        var heap: [Candidate] = []
        var sequence = 0
    }

    /// The order of two rows' keys: negative when `a` comes first.
    private func order(_ a: Candidate, _ b: Candidate) -> Int {
        for (index, key) in keys.enumerated() {
            var order: Int
            let (tagA, tagB) = (a.tags[index], b.tags[index])
            if tagA == tagB && (tagA == VectorTag.int || tagA == VectorTag.date || tagA == VectorTag.bool) {
                let (x, y) = (a.payloads[index], b.payloads[index])
                order = tagA == VectorTag.int ? (Int64(bitPattern: x) < Int64(bitPattern: y) ? -1 : (x == y ? 0 : 1))
                    : (x < y ? -1 : (x == y ? 0 : 1))
            } else {
                order = Comparison.order(a.values[index], b.values[index])
            }
            if key.descending { order = -order }
            if order != 0 { return order }
        }
        return a.sequence < b.sequence ? -1 : (a.sequence == b.sequence ? 0 : 1)
    }

    private func resolve(_ run: VectorRun, _ state: inout State) throws -> Int {
        if let wanted = state.wanted { return wanted }
        var wanted = 0
        if case .int(let count) = try limit([], run.context) { wanted = Int(clamping: count) }
        if let skip, case .int(let count) = try skip([], run.context) {
            state.skipped = Int(clamping: count)
            wanted = wanted.addingReportingOverflow(state.skipped).overflow ? Int.max : wanted + state.skipped
        }
        state.wanted = wanted
        return wanted
    }

    func consume(_ batch: Batch, _ selection: [Int32], _ run: VectorRun, _ state: inout State) throws {
        let wanted = try resolve(run, &state)
        guard wanted > 0 else { return }
        let graph = run.graph
        let vectors = try keys.map { try $0.kernel.evaluate(batch, selection, run) }
        let bound = batch.entities.indices.filter { !batch.entities[$0].isEmpty }
        for row32 in selection {
            let row = Int(row32)
            state.sequence += 1
            // Rows that cannot come before the last kept one are passed over before anything is built.
            if state.heap.count == wanted && order(vectors, row, graph, state.heap[0]) >= 0 { continue }
            let candidate = Candidate(tags: vectors.map { $0.tags[row] }, payloads: vectors.map { $0.payloads[row] },
                                      values: vectors.map { $0.value(at: row, graph) }, sequence: state.sequence,
                                      handles: batch.entities.indices.map { bound.contains($0) ? batch.entities[$0][row] : 0 },
                                      slotValues: batch.values.indices.map { batch.holdsValues($0) ? batch.values[$0].value(at: row, graph) : .null })
            push(candidate, wanted, &state)
        }
    }

    /// The order of a row of the batch against a kept row (the batch's row comes later in the
    /// match order, so a tie puts it after).
    private func order(_ vectors: [Vector], _ row: Int, _ graph: Graph, _ kept: Candidate) -> Int {
        for (index, key) in keys.enumerated() {
            let tag = vectors[index].tags[row]
            var order: Int
            if tag == kept.tags[index] && (tag == VectorTag.int || tag == VectorTag.date || tag == VectorTag.bool) {
                let (x, y) = (vectors[index].payloads[row], kept.payloads[index])
                order = tag == VectorTag.int ? (Int64(bitPattern: x) < Int64(bitPattern: y) ? -1 : (x == y ? 0 : 1))
                    : (x < y ? -1 : (x == y ? 0 : 1))
            } else {
                order = Comparison.order(vectors[index].value(at: row, graph), kept.values[index])
            }
            if key.descending { order = -order }
            if order != 0 { return order }
        }
        return 1
    }

    private func push(_ candidate: Candidate, _ wanted: Int, _ state: inout State) {
        if state.heap.count == wanted {
            state.heap[0] = candidate
            siftDown(&state.heap, 0)
            return
        }
        state.heap.append(candidate)
        var child = state.heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard order(state.heap[child], state.heap[parent]) > 0 else { break }
            state.heap.swapAt(child, parent)
            child = parent
        }
    }

    private func siftDown(_ heap: inout [Candidate], _ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var largest = parent
            if left < heap.count && order(heap[left], heap[largest]) > 0 { largest = left }
            if right < heap.count && order(heap[right], heap[largest]) > 0 { largest = right }
            if largest == parent { return }
            heap.swapAt(parent, largest)
            parent = largest
        }
    }

    /// Folds in the rows another part of the scan kept (its sequence numbers after this
    /// state's, so ties keep the scan's order).
    func merge(_ other: State, into state: inout State, _ run: VectorRun) throws {
        let wanted = try resolve(run, &state)
        guard wanted > 0 else { return }
        for candidate in other.heap {
            if state.heap.count == wanted && order(candidate, state.heap[0]) >= 0 { continue }
            push(candidate, wanted, &state)
        }
    }

    /// The kept rows in order, SKIP dropped, each built from its items.
    func results(_ state: inout State, _ run: VectorRun, width: Int, kinds: [UInt8]) throws -> [Row] {
        _ = try resolve(run, &state)
        let sorted = state.heap.sorted { order($0, $1) < 0 }.dropFirst(state.skipped)
        guard !sorted.isEmpty else { return [] }
        var batch = Batch(width: width)
        batch.count = sorted.count
        for slot in 0..<width {
            if kinds[slot] == VectorTag.node || kinds[slot] == VectorTag.edge {
                batch.entities[slot] = sorted.map { $0.handles[slot] }
            } else if kinds[slot] == VectorTag.boxed {
                var column = Vector(count: 0)
                for candidate in sorted { column.append(candidate.slotValues[slot], run.graph) }
                batch.values[slot] = column
            }
        }
        let selection = batch.all
        let columns = try items.map { try $0.evaluate(batch, selection, run) }
        return (0..<batch.count).map { row in columns.map { $0.value(at: row, run.graph) } }
    }
}
