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

    /// The rows kept so far, column by column: `keys.count` key entries and `width` slot
    /// entries per kept row, a row's place reused when a better row evicts it. A heap of
    /// places orders them, the last kept row on top. Keys of an integer, a date, a boolean or
    /// a stored string compare on their payloads (strings by their bytes in the graph's pool);
    /// other keys keep their value for `Comparison.order`. A class: the heap's comparisons
    /// read it without copying it.
    final class State {
        var wanted: Int? = nil
        var skipped = 0
        var sequence = 0
        var width = 0
        var keyTags: [UInt8] = []
        var keyPayloads: [UInt64] = []
        var keyValues: [Value] = []
        var sequences: [Int] = []
        var handles: [UInt32] = []
        var slotValues: [Value] = []
        var heap: [Int32] = []
    }

    /// True when keys of `tag` compare on their payloads alone (the value is not kept).
    private static func payloadOrdered(_ tag: UInt8) -> Bool {
        tag == VectorTag.int || tag == VectorTag.date || tag == VectorTag.bool || tag == VectorTag.string
    }

    /// One key's order, negative when the first comes first; `values` gives the two values
    /// when the payloads cannot decide.
    @inline(__always)
    private static func order(_ tagA: UInt8, _ payloadA: UInt64, _ tagB: UInt8, _ payloadB: UInt64, _ graph: Graph,
                              values: () -> (Value, Value)) -> Int {
        graph.withStringOrder { order(tagA, payloadA, tagB, payloadB, $0, values: values) }
    }

    @inline(__always)
    private static func order(_ tagA: UInt8, _ payloadA: UInt64, _ tagB: UInt8, _ payloadB: UInt64, _ strings: StringOrder,
                              values: () -> (Value, Value)) -> Int {
        if tagA == tagB {
            switch tagA {
            case VectorTag.int:
                let (x, y) = (Int64(bitPattern: payloadA), Int64(bitPattern: payloadB))
                return x < y ? -1 : (x == y ? 0 : 1)
            case VectorTag.date, VectorTag.bool:
                return payloadA < payloadB ? -1 : (payloadA == payloadB ? 0 : 1)
            case VectorTag.string:
                return strings.compare(UInt32(truncatingIfNeeded: payloadA), UInt32(truncatingIfNeeded: payloadB))
            default: break
            }
        }
        let (a, b) = values()
        return Comparison.order(a, b)
    }

    /// The order of kept rows `a` and `b` (ties by match order).
    private func order(_ a: Int, _ b: Int, _ state: State, _ graph: Graph) -> Int {
        order(a, in: state, b, in: state, graph)
    }

    private static func keptValue(_ state: State, _ entry: Int, _ graph: Graph) -> Value {
        let tag = state.keyTags[entry]
        return payloadOrdered(tag) ? Vector.value(tag, state.keyPayloads[entry], [], graph) : state.keyValues[entry]
    }

    /// How many rows are kept: SKIP + LIMIT.
    func wanted(_ run: VectorRun, _ state: State) throws -> Int {
        var state = state
        return try resolve(run, &state)
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
        state.width = batch.entities.count
        let count = keys.count
        // Each row's key words, end to end, and the last kept row's: most rows are passed
        // over after comparing words, without a vector copied or the state read per row.
        var rowTags = [UInt8](repeating: 0, count: batch.count * count)
        var rowPayloads = [UInt64](repeating: 0, count: batch.count * count)
        for (index, vector) in vectors.enumerated() {
            for row32 in selection {
                let row = Int(row32)
                rowTags[row * count + index] = vector.tags[row]
                rowPayloads[row * count + index] = vector.payloads[row]
            }
        }
        let descending = keys.map(\.descending)
        var last: (tags: [UInt8], payloads: [UInt64], values: [Value])? = nil
        func lastKept(_ state: State) -> (tags: [UInt8], payloads: [UInt64], values: [Value]) {
            let kept = Int(state.heap[0])
            return (Array(state.keyTags[kept * count..<(kept + 1) * count]), Array(state.keyPayloads[kept * count..<(kept + 1) * count]),
                    (0..<count).map { Self.keptValue(state, kept * count + $0, graph) })
        }
        graph.withStringOrder { strings in
            for row32 in selection {
                let row = Int(row32)
                state.sequence += 1
                // Rows that cannot come before the last kept one are passed over before anything is kept.
                if state.heap.count == wanted {
                    if last == nil { last = lastKept(state) }
                    var verdict = 1
                    for index in 0..<count {
                        let at = row * count + index
                        var order = Self.order(rowTags[at], rowPayloads[at], last!.tags[index], last!.payloads[index], strings) {
                            (vectors[index].value(at: row, graph), last!.values[index])
                        }
                        if descending[index] { order = -order }
                        if order != 0 {
                            verdict = order
                            break
                        }
                    }
                    if verdict >= 0 { continue }
                }
                let place = place(wanted, &state)
                for (index, vector) in vectors.enumerated() {
                    let tag = vector.tags[row]
                    state.keyTags[place * count + index] = tag
                    state.keyPayloads[place * count + index] = vector.payloads[row]
                    state.keyValues[place * count + index] = Self.payloadOrdered(tag) ? .null : vector.value(at: row, graph)
                }
                state.sequences[place] = state.sequence
                for slot in 0..<state.width {
                    let entities = batch.entities[slot]
                    state.handles[place * state.width + slot] = entities.isEmpty ? 0 : entities[row]
                    state.slotValues[place * state.width + slot] = batch.holdsValues(slot) ? batch.values[slot].value(at: row, graph) : .null
                }
                settle(place, wanted, &state, graph)
                last = nil
            }
        }
    }

    /// Where the next kept row goes: a new place while fewer than `wanted` are kept, else the
    /// place of the last kept row, which it evicts.
    private func place(_ wanted: Int, _ state: inout State) -> Int {
        if state.heap.count == wanted { return Int(state.heap[0]) }
        let place = state.sequences.count
        state.keyTags.append(contentsOf: repeatElement(0, count: keys.count))
        state.keyPayloads.append(contentsOf: repeatElement(0, count: keys.count))
        state.keyValues.append(contentsOf: repeatElement(.null, count: keys.count))
        state.sequences.append(0)
        state.handles.append(contentsOf: repeatElement(0, count: state.width))
        state.slotValues.append(contentsOf: repeatElement(.null, count: state.width))
        return place
    }

    /// Puts the row just written at `place` into the heap.
    private func settle(_ place: Int, _ wanted: Int, _ state: inout State, _ graph: Graph) {
        if state.heap.count == wanted && Int(state.heap[0]) == place {
            siftDown(&state, 0, graph)
            return
        }
        state.heap.append(Int32(place))
        var child = state.heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard order(Int(state.heap[child]), Int(state.heap[parent]), state, graph) > 0 else { break }
            state.heap.swapAt(child, parent)
            child = parent
        }
    }

    private func siftDown(_ state: inout State, _ start: Int, _ graph: Graph) {
        var parent = start
        let count = state.heap.count
        while true {
            let left = 2 * parent + 1, right = left + 1
            var largest = parent
            if left < count && order(Int(state.heap[left]), Int(state.heap[largest]), state, graph) > 0 { largest = left }
            if right < count && order(Int(state.heap[right]), Int(state.heap[largest]), state, graph) > 0 { largest = right }
            if largest == parent { return }
            state.heap.swapAt(parent, largest)
            parent = largest
        }
    }

    /// Folds in the rows another part of the scan kept (its sequence numbers after this
    /// state's, so ties keep the scan's order).
    func merge(_ other: State, into state: inout State, _ run: VectorRun) throws {
        let wanted = try resolve(run, &state)
        guard wanted > 0 else { return }
        let graph = run.graph
        state.width = max(state.width, other.width)
        for kept in other.heap.map(Int.init) {
            if state.heap.count == wanted && order(kept, in: other, Int(state.heap[0]), in: state, graph) >= 0 { continue }
            let place = place(wanted, &state)
            let count = keys.count
            for entry in 0..<count {
                state.keyTags[place * count + entry] = other.keyTags[kept * count + entry]
                state.keyPayloads[place * count + entry] = other.keyPayloads[kept * count + entry]
                state.keyValues[place * count + entry] = other.keyValues[kept * count + entry]
            }
            state.sequences[place] = other.sequences[kept]
            for slot in 0..<min(state.width, other.width) {
                state.handles[place * state.width + slot] = other.handles[kept * other.width + slot]
                state.slotValues[place * state.width + slot] = other.slotValues[kept * other.width + slot]
            }
            settle(place, wanted, &state, graph)
        }
    }

    /// The order of row `a` kept by `first` against row `b` kept by `second`.
    private func order(_ a: Int, in first: State, _ b: Int, in second: State, _ graph: Graph) -> Int {
        let count = keys.count
        for index in 0..<count {
            let (x, y) = (a * count + index, b * count + index)
            var order = Self.order(first.keyTags[x], first.keyPayloads[x], second.keyTags[y], second.keyPayloads[y], graph) {
                (Self.keptValue(first, x, graph), Self.keptValue(second, y, graph))
            }
            if keys[index].descending { order = -order }
            if order != 0 { return order }
        }
        return first.sequences[a] < second.sequences[b] ? -1 : (first.sequences[a] == second.sequences[b] ? 0 : 1)
    }

    /// The kept rows in order, SKIP dropped, each built from its items.
    func results(_ state: inout State, _ run: VectorRun, width: Int, kinds: [UInt8]) throws -> [Row] {
        _ = try resolve(run, &state)
        let graph = run.graph
        let sorted = state.heap.map(Int.init).sorted { order($0, $1, state, graph) < 0 }.dropFirst(state.skipped)
        guard !sorted.isEmpty else { return [] }
        var batch = Batch(width: width)
        batch.count = sorted.count
        for slot in 0..<min(width, state.width) {
            if kinds[slot] == VectorTag.node || kinds[slot] == VectorTag.edge {
                batch.entities[slot] = sorted.map { state.handles[$0 * state.width + slot] }
            } else if kinds[slot] == VectorTag.boxed {
                var column = Vector(count: 0)
                for kept in sorted { column.append(state.slotValues[kept * state.width + slot], graph) }
                batch.values[slot] = column
            }
        }
        let selection = batch.all
        let columns = try items.map { try $0.evaluate(batch, selection, run) }
        return (0..<batch.count).map { row in columns.map { $0.value(at: row, graph) } }
    }
}
