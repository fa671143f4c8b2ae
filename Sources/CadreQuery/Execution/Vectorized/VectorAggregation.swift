import CadreGraph

/// WITH or RETURN with aggregates, fused into the MATCH that feeds it: group keys and
/// arguments evaluated as kernels over each batch, groups found by unboxed keys, counts kept as
/// integers; other aggregates fold values in the row engine's `Accumulator`. Rows are built only
/// for the groups, in the order they were first seen (the row engine's order).
final class VectorAggregation {
    enum Item {
        case key(VectorExpression)
        case aggregate(kind: Accumulator.Kind, distinct: Bool, arguments: [VectorExpression], range: SourceRange)
    }

    let items: [Item]
    let keyItems: [Int]
    let aggregateItems: [Int]
    /// Per aggregate item (by position among them): its place among a group's accumulators,
    /// nil for a count (kept as an integer).
    private let accumulatorOffsets: [Int?]
    private let accumulatorCount: Int

    private init(items: [Item]) {
        self.items = items
        keyItems = items.indices.filter { if case .key = items[$0] { true } else { false } }
        aggregateItems = items.indices.filter { if case .aggregate = items[$0] { true } else { false } }
        var offsets: [Int?] = []
        var count = 0
        for index in aggregateItems {
            if case .aggregate(let kind, _, _, _) = items[index], kind != .count && kind != .countStar {
                offsets.append(count)
                count += 1
            } else {
                offsets.append(nil)
            }
        }
        accumulatorOffsets = offsets
        accumulatorCount = count
    }

    /// The fused aggregation, or nil when an item is more than a key or one aggregate call
    /// (`count(*) + 1`): the row engine's aggregation handles those.
    static func make(_ items: [Projection.Item], compiler: VectorCompiler) throws(QueryError) -> VectorAggregation? {
        var compiled: [Item] = []
        for item in items {
            let expression = item.expression
            switch expression.kind {
            case .countStar:
                compiled.append(.aggregate(kind: .countStar, distinct: false, arguments: [], range: expression.range))
            case .call(let name, let distinct, let arguments) where Functions.aggregates.contains(name.lowercased()):
                guard let kind = Accumulator.Kind(rawValue: name.lowercased()), !arguments.isEmpty,
                      arguments.allSatisfy({ !$0.containsAggregate }) else { return nil }
                let kernels = try arguments.map { (e) throws(QueryError) in try compiler.compile(e) }
                compiled.append(.aggregate(kind: kind, distinct: distinct, arguments: kernels, range: expression.range))
            default:
                if expression.containsAggregate { return nil }
                compiled.append(.key(try compiler.compile(expression)))
            }
        }
        return VectorAggregation(items: compiled)
    }

    /// A group key: a value's tag and payload, with floats that equal an integer taken as the
    /// integer and boxed values by their equivalence class, so equal keys (as grouping sees
    /// them) are equal here.
    struct Key: Hashable {
        var tag: UInt8
        var payload: UInt64
    }

    /// What a run accumulates.
    struct State {
        var groupOfKey = PairTable()
        var groupOfKeys: [[Key]: Int32] = [:]
        var boxedClasses: [Equivalent: UInt64] = [:]
        var groupCount = 0
        /// Each group's key values, one per key item, end to end.
        var keyValues: [Value] = []
        /// Each group's counters (plain and DISTINCT counts), one per aggregate item.
        var counters: [Int] = []
        /// (aggregate position << 48 | group << 8 | tag, payload) of each value a DISTINCT count saw.
        var distinct = PairTable()
        /// Each group's accumulators for the other aggregates, `accumulatorCount` per group.
        var accumulators: [Accumulator] = []
    }

    func makeState() -> State { State() }

    private func isCounter(_ index: Int) -> Bool {
        guard case .aggregate(let kind, _, _, _) = items[index] else { return false }
        return kind == .count || kind == .countStar
    }

    /// `classes`: the class of each of the vector's boxed values found so far (rows that share
    /// a boxed value, as a function computed once per distinct input gives, share its class).
    private func canonical(_ vector: Vector, _ row: Int, _ state: inout State, _ classes: inout [UInt64?]) -> Key {
        let tag = vector.tags[row], payload = vector.payloads[row]
        switch tag {
        case VectorTag.float:
            let number = Double(bitPattern: payload)
            if number.isNaN { return Key(tag: tag, payload: Double.nan.bitPattern) }
            if let integer = Int64(exactly: number) { return Key(tag: VectorTag.int, payload: UInt64(bitPattern: integer)) }
            return Key(tag: tag, payload: payload)
        case VectorTag.boxed:
            if classes.isEmpty { classes = [UInt64?](repeating: nil, count: vector.boxed.count) }
            if let known = classes[Int(payload)] { return Key(tag: tag, payload: known) }
            let equivalent = Equivalent(value: vector.boxed[Int(payload)])
            let id = state.boxedClasses[equivalent] ?? UInt64(state.boxedClasses.count)
            state.boxedClasses[equivalent] = id
            classes[Int(payload)] = id
            return Key(tag: tag, payload: id)
        default:
            return Key(tag: tag, payload: payload)
        }
    }

    private func newGroup(_ state: inout State, _ keys: [Vector], _ row: Int, _ graph: Graph) -> Int32 {
        for vector in keys { state.keyValues.append(vector.value(at: row, graph)) }
        for index in aggregateItems {
            state.counters.append(0)
            if !isCounter(index), case .aggregate(let kind, let distinct, _, let range) = items[index] {
                state.accumulators.append(Accumulator(kind: kind, distinct: distinct, range: range))
            }
        }
        state.groupCount += 1
        return Int32(state.groupCount - 1)
    }

    func consume(_ batch: Batch, _ selection: [Int32], _ run: VectorRun, _ state: inout State) throws {
        let graph = run.graph
        var keys: [Vector] = []
        for index in keyItems {
            if case .key(let kernel) = items[index] { keys.append(try kernel.evaluate(batch, selection, run)) }
        }
        var arguments: [[Vector]] = []
        for index in aggregateItems {
            guard case .aggregate(_, _, let kernels, _) = items[index] else { continue }
            arguments.append(try kernels.map { try $0.evaluate(batch, selection, run) })
        }
        let perGroup = aggregateItems.count
        if keys.isEmpty && accumulatorCount == 0 && arguments.allSatisfy(\.isEmpty) {
            // Only count(*) in one group: the batch's size is what it adds.
            if state.groupCount == 0 { _ = newGroup(&state, keys, 0, graph) }
            for position in 0..<perGroup { state.counters[position] += selection.count }
            return
        }
        // First each row's group, then each aggregate over the rows: a loop per aggregate.
        var groups = [Int32](repeating: 0, count: selection.count)
        var keyClasses = [[UInt64?]](repeating: [], count: keys.count)
        for (position, row32) in selection.enumerated() {
            let row = Int(row32)
            switch keys.count {
            case 0:
                if state.groupCount == 0 { _ = newGroup(&state, keys, row, graph) }
            case 1:
                let key = canonical(keys[0], row, &state, &keyClasses[0])
                if let found = state.groupOfKey.find(UInt64(key.tag), key.payload, orInsert: Int32(state.groupCount)) {
                    groups[position] = found
                } else {
                    groups[position] = newGroup(&state, keys, row, graph)
                }
            default:
                var key: [Key] = []
                key.reserveCapacity(keys.count)
                for (index, vector) in keys.enumerated() { key.append(canonical(vector, row, &state, &keyClasses[index])) }
                if let found = state.groupOfKeys[key] {
                    groups[position] = found
                } else {
                    let group = newGroup(&state, keys, row, graph)
                    state.groupOfKeys[key] = group
                    groups[position] = group
                }
            }
        }
        for (position, index) in aggregateItems.enumerated() {
            guard case .aggregate(let kind, let distinct, _, _) = items[index] else { continue }
            if kind == .countStar {
                state.counters.withUnsafeMutableBufferPointer { counters in
                    for group in groups { counters[Int(group) * perGroup + position] += 1 }
                }
                continue
            }
            let argument = arguments[position][0]
            var argumentClasses: [UInt64?] = []
            if kind == .count {
                for (offset, row32) in selection.enumerated() where argument.tags[Int(row32)] != VectorTag.null {
                    let group = groups[offset]
                    if distinct {
                        let key = canonical(argument, Int(row32), &state, &argumentClasses)
                        let tagged = UInt64(position) << 48 | UInt64(group) << 8 | UInt64(key.tag)
                        guard state.distinct.find(tagged, key.payload, orInsert: 0) == nil else { continue }
                    }
                    state.counters[Int(group) * perGroup + position] += 1
                }
                continue
            }
            let second = arguments[position].count > 1 ? arguments[position][1] : nil
            let offset = accumulatorOffsets[position]!
            for (at, row32) in selection.enumerated() {
                let row = Int(row32)
                try state.accumulators[Int(groups[at]) * accumulatorCount + offset].add(argument.value(at: row, graph), second?.value(at: row, graph))
            }
        }
    }

    /// One row per group, the items in order.
    func results(_ state: inout State, _ run: VectorRun) throws -> [Row] {
        if state.groupCount == 0 && keyItems.isEmpty {
            _ = newGroup(&state, [], 0, run.graph)
        }
        let perGroup = aggregateItems.count
        var rows: [Row] = []
        rows.reserveCapacity(state.groupCount)
        for group in 0..<state.groupCount {
            var row = Row(repeating: .null, count: items.count)
            for (position, index) in keyItems.enumerated() { row[index] = state.keyValues[group * keyItems.count + position] }
            for (position, index) in aggregateItems.enumerated() {
                let slot = group * perGroup + position
                row[index] = if let offset = accumulatorOffsets[position] {
                    state.accumulators[group * accumulatorCount + offset].result()
                } else {
                    .int(Int64(state.counters[slot]))
                }
            }
            rows.append(row)
        }
        return rows
    }
}
