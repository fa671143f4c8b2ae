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
    /// Where an aggregate item (by position among them) keeps its state.
    private enum Keeper {
        /// An integer per group (`count`, `count(*)`, `count(DISTINCT …)`).
        case counter
        /// Columns over all groups (`AggregateColumns`), by index.
        case columns(Int)
        /// An `Accumulator` per group, by its place among a group's accumulators.
        case accumulator(Int)
    }

    private let keepers: [Keeper]
    private let accumulatorCount: Int
    /// What each `Keeper.columns` keeps, in order.
    private let columnSpecs: [(kind: Accumulator.Kind, distinct: Bool, range: SourceRange)]

    private init(items: [Item]) {
        self.items = items
        keyItems = items.indices.filter { if case .key = items[$0] { true } else { false } }
        aggregateItems = items.indices.filter { if case .aggregate = items[$0] { true } else { false } }
        var keepers: [Keeper] = []
        var specs: [(kind: Accumulator.Kind, distinct: Bool, range: SourceRange)] = []
        var count = 0
        for index in aggregateItems {
            guard case .aggregate(let kind, let distinct, _, let range) = items[index] else { continue }
            if kind == .count || kind == .countStar {
                keepers.append(.counter)
            } else if AggregateColumns.keeps(kind, distinct: distinct) {
                keepers.append(.columns(specs.count))
                specs.append((kind, distinct, range))
            } else {
                keepers.append(.accumulator(count))
                count += 1
            }
        }
        self.keepers = keepers
        columnSpecs = specs
        accumulatorCount = count
    }

    /// The fused aggregation, or nil when an item is more than a key or one aggregate call
    /// (`count(*) + 1`): the row engine's aggregation handles those.
    ///
    /// `weights`: rows that each stand for several matches (a counted chain's): the slot of their
    /// number, and the variables every match binds; `count(*)` and `count` of such a variable
    /// then sum the weights.
    static func make(_ items: [Projection.Item], compiler: VectorCompiler,
                     weights: (slot: Int, variables: Set<String>)? = nil) throws(QueryError) -> VectorAggregation? {
        var compiled: [Item] = []
        for item in items {
            let expression = item.expression
            if let weights {
                var counted = false
                switch expression.kind {
                case .countStar: counted = true
                case .call(let name, false, let arguments) where name.lowercased() == "count" && arguments.count == 1:
                    if case .variable(let variable) = arguments[0].kind, weights.variables.contains(variable) { counted = true }
                default: break
                }
                if counted {
                    compiled.append(.aggregate(kind: .sum, distinct: false, arguments: [ValueKernel(slot: weights.slot)], range: expression.range))
                    continue
                }
            }
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
        /// One key that is a node or a relationship: its group by handle (-1: none yet), no
        /// hashing and one array read per row (groups by node are about as many as rows).
        var groupOfNode: [Int32] = []
        var groupOfEdge: [Int32] = []
        /// The same for other keys whose payloads are small dense numbers: stored strings (by
        /// index), relationship types, booleans, integers from 0 to 65,535 (years, counts).
        var groupOfString: [Int32] = []
        var groupOfType: [Int32] = []
        var groupOfSmall: [Int32] = []
        var groupOfBool: [Int32] = []
        /// True once the groups are many enough for the arrays (`directGroups`).
        var direct = false
        /// Several keys: per key column, each value's dense id; then (ids so far, next id) to
        /// the id of the prefix, the last table giving the group. No array built per row.
        var valueIDs: [PairTable] = []
        var prefixIDs: [PairTable] = []
        /// While a pair table's prefixes and values are few, its numbers by prefix * stride + value
        /// (-1: none yet), the same as the table's (`pairMatrix`).
        var pairMatrices: [[Int32]] = []
        var pairStrides: [Int] = []
        var boxedClasses: [Equivalent: UInt64] = [:]
        var groupCount = 0
        /// Each group's key values, one per key item, end to end.
        var keyValues: [Value] = []
        /// The same keys as the table holds them (for `merge`).
        var groupKeys: [Key] = []
        /// Each group's counters (plain and DISTINCT counts), one per aggregate item.
        var counters: [Int] = []
        /// (aggregate position << 48 | group << 8 | tag, payload) of each value a DISTINCT count
        /// saw, counted at the end (`countDistinct`).
        var distinct = DistinctPairs()
        /// The aggregates kept in columns (`Keeper.columns`).
        var columns: [AggregateColumns] = []
        /// Each group's accumulators for the other aggregates, `accumulatorCount` per group.
        var accumulators: [Accumulator] = []
    }

    /// Groups past which keys with small dense payloads move from the table to arrays: below,
    /// the table is small and warm, and an array sized to a large payload would cost more than
    /// the whole query (a few groups keyed by strings the graph numbers in the millions).
    private static let directGroups = 4096

    /// The group of a row whose one key is `key`; nil when new, with `next` recorded for it.
    @inline(__always)
    private static func group(of key: Key, orInsert next: Int32, _ state: inout State) -> Int32? {
        // Integers below 4,096 (years, counts, small codes) by array from the first row: a
        // table of at most 16 KiB, one read per row instead of a probe.
        guard state.direct || (key.tag == VectorTag.int && key.payload < 4096) else {
            let found = state.groupOfKey.find(UInt64(key.tag), key.payload, orInsert: next)
            if found == nil && Int(next) + 1 >= directGroups { moveToArrays(&state) }
            return found
        }
        return direct(key, orInsert: next, &state)
    }

    /// Keys with small dense payloads move from the table to arrays (the table keeps the rest).
    private static func moveToArrays(_ state: inout State) {
        var entries: [(Key, Int32)] = []
        state.groupOfKey.forEachEntry { tag, payload, group in entries.append((Key(tag: UInt8(tag), payload: payload), group)) }
        state.groupOfKey = PairTable()
        state.direct = true
        for (key, group) in entries { _ = direct(key, orInsert: group, &state) }
    }

    @inline(__always)
    private static func direct(_ key: Key, orInsert next: Int32, _ state: inout State) -> Int32? {
        func look(_ table: inout [Int32]) -> Int32? {
            let handle = Int(truncatingIfNeeded: key.payload)
            if handle >= table.count { table.append(contentsOf: repeatElement(-1, count: max(handle + 1 - table.count, table.count))) }
            let found = table[handle]
            if found >= 0 { return found }
            table[handle] = next
            return nil
        }
        switch key.tag {
        case VectorTag.node: return look(&state.groupOfNode)
        case VectorTag.edge: return look(&state.groupOfEdge)
        case VectorTag.string where key.payload < 1 << 22: return look(&state.groupOfString)
        case VectorTag.typeName: return look(&state.groupOfType)
        case VectorTag.int where key.payload < 1 << 16: return look(&state.groupOfSmall)
        case VectorTag.bool: return look(&state.groupOfBool)
        default: return state.groupOfKey.find(UInt64(key.tag), key.payload, orInsert: next)
        }
    }

    func makeState() -> State {
        var state = State()
        state.columns = columnSpecs.map { AggregateColumns(kind: $0.kind, distinct: $0.distinct, range: $0.range) }
        return state
    }

    /// `classes`: the class of each of the vector's boxed values found so far (rows that share
    /// a boxed value, as a function computed once per distinct input gives, share its class).
    private func canonical(_ vector: Vector, _ row: Int, _ state: inout State, _ classes: inout [UInt64?], _ graph: Graph) -> Key {
        let tag = vector.tags[row], payload = vector.payloads[row]
        switch tag {
        case VectorTag.list:
            // A list of the vector's own: by its value's class, as a boxed list would be.
            let equivalent = Equivalent(value: vector.value(at: row, graph))
            let id = state.boxedClasses[equivalent] ?? UInt64(state.boxedClasses.count)
            state.boxedClasses[equivalent] = id
            return Key(tag: VectorTag.boxed, payload: id)
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

    /// The group of a row whose `count` keys (at least two) `key` gives, through the chain of
    /// tables; nil when new, with the next group's number recorded for it.
    private static func group(of count: Int, _ key: (Int) -> Key, _ state: inout State) -> Int32? {
        if state.valueIDs.isEmpty {
            state.valueIDs = [PairTable](repeating: PairTable(), count: count)
            state.prefixIDs = [PairTable](repeating: PairTable(), count: count - 1)
        }
        var prefix: UInt64 = 0
        for index in 0..<count {
            let value = key(index)
            let next = Int32(state.valueIDs[index].count)
            let id = UInt64(state.valueIDs[index].find(UInt64(value.tag), value.payload, orInsert: next) ?? next)
            if index == 0 {
                prefix = id
                continue
            }
            let table = index - 1
            let assigned = index == count - 1 ? Int32(state.groupCount) : Int32(state.prefixIDs[table].count)
            guard let found = state.prefixIDs[table].find(prefix, id, orInsert: assigned) else {
                if index == count - 1 { return nil }
                prefix = UInt64(assigned)
                continue
            }
            if index == count - 1 { return found }
            prefix = UInt64(found)
        }
        return nil
    }

    private func newGroup(_ state: inout State, _ keys: [Vector], _ row: Int, _ graph: Graph, canonical: [Key]) -> Int32 {
        state.groupKeys.append(contentsOf: canonical)
        return newGroup(&state, keys, row, graph)
    }

    /// The same for one key (no array made per group).
    private func newGroup(_ state: inout State, _ keys: [Vector], _ row: Int, _ graph: Graph, key: Key) -> Int32 {
        state.groupKeys.append(key)
        return newGroup(&state, keys, row, graph)
    }

    /// A group with no rows yet, its canonical keys already appended: its key values, counters,
    /// columns and accumulators.
    private func newGroup(_ state: inout State, _ keys: [Vector], _ row: Int, _ graph: Graph) -> Int32 {
        // By index: a `for vector in keys` copies each vector (a retain per array it holds).
        // Unboxed keys made from their words (`value(at:)` would copy the vector, a retain per array).
        for index in keys.indices {
            let tag = keys[index].tags[row]
            state.keyValues.append(tag == VectorTag.boxed || tag == VectorTag.list
                                   ? keys[index].value(at: row, graph) : Vector.value(tag, keys[index].payloads[row], [], graph))
        }
        for (position, index) in aggregateItems.enumerated() {
            state.counters.append(0)
            switch keepers[position] {
            case .counter: break
            case .columns(let column): state.columns[column].addGroup()
            case .accumulator:
                if case .aggregate(let kind, let distinct, _, let range) = items[index] {
                    state.accumulators.append(Accumulator(kind: kind, distinct: distinct, range: range))
                }
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
        if keys.isEmpty && accumulatorCount == 0 && arguments.allSatisfy(\.isEmpty) {
            // Only count(*) in one group: the batch's size is what it adds.
            if state.groupCount == 0 { _ = newGroup(&state, keys, 0, graph, canonical: []) }
            for position in 0..<aggregateItems.count { state.counters[position] += selection.count }
            return
        }
        // First each row's group, then each aggregate over the rows: a loop per aggregate.
        let groups = self.groups(keys, selection, &state, graph)
        for position in aggregateItems.indices {
            try fold(position, arguments[position], groups, selection, &state, graph)
        }
    }

    /// The group of each row of `selection`, found by its keys (made when new).
    private func groups(_ keys: [Vector], _ selection: [Int32], _ state: inout State, _ graph: Graph) -> [Int32] {
        var groups = [Int32](repeating: 0, count: selection.count)
        var keyClasses = [[UInt64?]](repeating: [], count: keys.count)
        switch keys.count {
        case 0:
            if state.groupCount == 0 && !selection.isEmpty { _ = newGroup(&state, keys, Int(selection[0]), graph, canonical: []) }
        case 1:
            // One key: unboxed keys go straight to the table.
            numberKeys(keys[0], selection, into: &groups, &state, &keyClasses[0], graph) { key, row, state in
                Self.group(of: key, orInsert: Int32(state.groupCount), &state) ?? newGroup(&state, keys, row, graph, key: key)
            }
        default:
            groups = severalKeyGroups(keys, selection, &state, &keyClasses, graph)
        }
        return groups
    }

    /// The group of each row of `selection` by two or more keys, a key column at a time: each
    /// row's number among the values of the first key, then, key by key, the number of its
    /// combination so far with the next key's value, the last numbering the groups. The same
    /// chain of tables `group(of:_:_:)` walks row by row (`merge` keeps using it), without a
    /// table taken out of `state` per row and per key; a row whose key (or pair) is the row
    /// before's takes its number without a probe.
    private func severalKeyGroups(_ keys: [Vector], _ selection: [Int32], _ state: inout State,
                                  _ keyClasses: inout [[UInt64?]], _ graph: Graph) -> [Int32] {
        if state.valueIDs.isEmpty {
            state.valueIDs = [PairTable](repeating: PairTable(), count: keys.count)
            state.prefixIDs = [PairTable](repeating: PairTable(), count: keys.count - 1)
        }
        let last = keys.count - 1
        var numbers = [Int32](repeating: 0, count: selection.count)
        var values = [Int32](repeating: 0, count: selection.count)
        for index in keys.indices {
            valueNumbers(keys[index], index, selection, into: &values, &state, &keyClasses[index], graph)
            if index == 0 {
                swap(&numbers, &values)
                continue
            }
            let pairs = index - 1
            var table = state.prefixIDs[pairs]
            state.prefixIDs[pairs] = PairTable()
            // The number of a pair not seen yet, added to the table.
            func added(_ prefix: Int32, _ value: Int32, _ position: Int) -> Int32 {
                let assigned = index == last ? Int32(state.groupCount) : Int32(table.count)
                if let found = table.find(UInt64(prefix), UInt64(value), orInsert: assigned) { return found }
                guard index == last else { return assigned }
                let row = Int(selection[position])
                let rowKeys = keys.indices.map { canonical(keys[$0], row, &state, &keyClasses[$0], graph) }
                return newGroup(&state, keys, row, graph, canonical: rowKeys)
            }
            let prefixes = pairs == 0 ? state.valueIDs[0].count : state.prefixIDs[pairs - 1].count
            if let stride = Self.pairMatrix(pairs, table, prefixes: prefixes, values: state.valueIDs[index].count, &state) {
                // Few prefixes and values: the pair's number by one read from a matrix.
                var matrix = state.pairMatrices[pairs]
                state.pairMatrices[pairs] = []
                matrix.withUnsafeMutableBufferPointer { matrix in
                    for position in selection.indices {
                        let prefix = numbers[position], value = values[position]
                        let slot = Int(prefix) * stride + Int(value)
                        var number = matrix[slot]
                        if number < 0 {
                            number = added(prefix, value, position)
                            matrix[slot] = number
                        }
                        numbers[position] = number
                    }
                }
                state.pairMatrices[pairs] = matrix
            } else {
                var previous = (prefix: Int32(-1), value: Int32(-1), number: Int32(-1))
                for position in selection.indices {
                    let prefix = numbers[position], value = values[position]
                    if prefix != previous.prefix || value != previous.value {
                        previous = (prefix, value, table.value(UInt64(prefix), UInt64(value)) ?? added(prefix, value, position))
                    }
                    numbers[position] = previous.number
                }
            }
            state.prefixIDs[pairs] = table
        }
        return numbers
    }

    /// Pair tables whose prefixes times values stay under this many are mirrored in a matrix.
    private static let pairMatrixLimit = 1 << 16

    /// The stride of the matrix that mirrors pair table `pairs` (`table`, taken out of `state`),
    /// made or widened to hold `prefixes` rows of `values` values; nil when that is too large.
    private static func pairMatrix(_ pairs: Int, _ table: PairTable, prefixes: Int, values: Int, _ state: inout State) -> Int? {
        if state.pairMatrices.isEmpty {
            state.pairMatrices = [[Int32]](repeating: [], count: state.prefixIDs.count)
            state.pairStrides = [Int](repeating: 0, count: state.prefixIDs.count)
        }
        let stride = state.pairStrides[pairs]
        if values <= stride && prefixes * stride <= state.pairMatrices[pairs].count { return stride }
        // Grown by powers of two, so a key that keeps bringing new values rebuilds it rarely.
        let wider = max(stride, 4, values.nextPowerOfTwo), rows = max(4, prefixes.nextPowerOfTwo)
        guard wider * rows <= pairMatrixLimit else { return nil }
        var matrix = [Int32](repeating: -1, count: wider * rows)
        table.forEachEntry { prefix, value, number in matrix[Int(prefix) * wider + Int(value)] = number }
        state.pairMatrices[pairs] = matrix
        state.pairStrides[pairs] = wider
        return wider
    }

    /// Each selected row's number among the values key `index` has taken (numbered when new),
    /// written to `numbers` by position.
    private func valueNumbers(_ vector: Vector, _ index: Int, _ selection: [Int32], into numbers: inout [Int32],
                              _ state: inout State, _ classes: inout [UInt64?], _ graph: Graph) {
        var table = state.valueIDs[index]
        state.valueIDs[index] = PairTable()
        numberKeys(vector, selection, into: &numbers, &state, &classes, graph) { key, _, _ in
            let next = Int32(table.count)
            return table.find(UInt64(key.tag), key.payload, orInsert: next) ?? next
        }
        state.valueIDs[index] = table
    }

    /// Writes to `numbers`, by position, the number `number` gives each selected row's key as
    /// grouping sees it (`canonical`: floats equal to integers as the integers, boxed values by
    /// class); a row whose key is the row before's (clustered input) takes its number without a
    /// call, and so does a key met earlier in the batch, found in a small direct-mapped cache of
    /// the batch's keys (few distinct keys in random order: years, statuses, labels). `number`
    /// gets the key, the row and the state, and gives a key the same number all batch long.
    @inline(__always)
    private func numberKeys(_ vector: Vector, _ selection: [Int32], into numbers: inout [Int32], _ state: inout State,
                            _ classes: inout [UInt64?], _ graph: Graph, _ number: (Key, Int, inout State) -> Int32) {
        var previous = (key: Key(tag: VectorTag.boxed, payload: .max), number: Int32(-1))
        // The cache: a slot's key and number (-1: empty), by a hash of the key.
        var cachedKeys = [Key](repeating: previous.key, count: Self.cacheSlots)
        var cachedNumbers = [Int32](repeating: -1, count: Self.cacheSlots)
        // Through pointers: a write to an array per row costs a uniqueness check each.
        numbers.withUnsafeMutableBufferPointer { numbers in
            cachedKeys.withUnsafeMutableBufferPointer { cachedKeys in
                cachedNumbers.withUnsafeMutableBufferPointer { cachedNumbers in
                    vector.tags.withUnsafeBufferPointer { tags in
                        vector.payloads.withUnsafeBufferPointer { payloads in
                            for (position, row32) in selection.enumerated() {
                                let row = Int(row32)
                                let tag = tags[row]
                                let key = tag == VectorTag.float || tag == VectorTag.boxed || tag == VectorTag.list
                                    ? canonical(vector, row, &state, &classes, graph)
                                    : Key(tag: tag, payload: payloads[row])
                                if key != previous.key {
                                    let slot = Int(truncatingIfNeeded: ((key.payload ^ UInt64(key.tag) << 56) &* 0x9E37_79B9_7F4A_7C15) >> 58)
                                    if cachedNumbers[slot] >= 0 && cachedKeys[slot] == key {
                                        previous = (key, cachedNumbers[slot])
                                    } else {
                                        previous = (key, number(key, row, &state))
                                        (cachedKeys[slot], cachedNumbers[slot]) = previous
                                    }
                                }
                                numbers[position] = previous.number
                            }
                        }
                    }
                }
            }
        }
    }

    /// Slots of `numberKeys`' cache (a power of two; the hash's top six bits pick one).
    private static let cacheSlots = 64

    /// Folds aggregate `position`'s arguments over the rows into their groups.
    private func fold(_ position: Int, _ arguments: [Vector], _ groups: [Int32], _ selection: [Int32], _ state: inout State,
                      _ graph: Graph) throws {
        guard case .aggregate(let kind, let distinct, _, _) = items[aggregateItems[position]] else { return }
        let perGroup = aggregateItems.count
        if kind == .countStar {
            state.counters.withUnsafeMutableBufferPointer { counters in
                for group in groups { counters[Int(group) * perGroup + position] += 1 }
            }
            return
        }
        let argument = arguments[0]
        switch keepers[position] {
        case .counter where distinct:
            // Each row's (aggregate, group, tag) and payload, as grouping keys them, then all
            // of the batch's pairs into the set at once.
            var argumentClasses: [UInt64?] = []
            var (firsts, payloads) = ([UInt64](), [UInt64]())
            firsts.reserveCapacity(selection.count)
            payloads.reserveCapacity(selection.count)
            for (offset, row32) in selection.enumerated() {
                let row = Int(row32)
                let tag = argument.tags[row]
                if tag == VectorTag.null { continue }
                let key = tag == VectorTag.float || tag == VectorTag.boxed || tag == VectorTag.list
                    ? canonical(argument, row, &state, &argumentClasses, graph) : Key(tag: tag, payload: argument.payloads[row])
                firsts.append(UInt64(position) << 48 | UInt64(groups[offset]) << 8 | UInt64(key.tag))
                payloads.append(key.payload)
            }
            state.distinct.insert(firsts, payloads)
        case .counter:
            for (offset, row32) in selection.enumerated() where argument.tags[Int(row32)] != VectorTag.null {
                state.counters[Int(groups[offset]) * perGroup + position] += 1
            }
        case .columns(let column):
            var keys: [Key] = []
            if distinct {
                var classes: [UInt64?] = []
                keys = selection.map { canonical(argument, Int($0), &state, &classes, graph) }
            }
            try state.columns[column].add(argument, groups, selection, keys: keys, graph)
        case .accumulator(let offset):
            let second = arguments.count > 1 ? arguments[1] : nil
            // Integers into stdev and the percentiles unboxed (`addInteger`), the rest as values.
            let integers = !distinct && [.stdev, .stdevp, .percentilecont, .percentiledisc].contains(kind)
            for (at, row32) in selection.enumerated() {
                let row = Int(row32)
                let slot = Int(groups[at]) * accumulatorCount + offset
                if integers && argument.tags[row] == VectorTag.int
                    && state.accumulators[slot].addInteger(Int64(bitPattern: argument.payloads[row])) { continue }
                try state.accumulators[slot].add(argument.value(at: row, graph), second?.value(at: row, graph))
            }
        }
    }

    /// The group keys' kernels.
    var keyKernels: [VectorExpression] {
        items.compactMap { if case .key(let kernel) = $0 { kernel } else { nil } }
    }

    /// Every kernel the items read.
    var kernels: [VectorExpression] {
        items.flatMap { item -> [VectorExpression] in
            switch item {
            case .key(let kernel): [kernel]
            case .aggregate(_, _, let arguments, _): arguments
            }
        }
    }

    /// True when parts of a scan can each aggregate their rows and `merge` them after: every
    /// accumulator merges (`Accumulator.merges`).
    var merges: Bool {
        items.allSatisfy { item in
            guard case .aggregate(let kind, let distinct, _, let range) = item else { return true }
            return Accumulator(kind: kind, distinct: distinct, range: range).merges
                && AggregateColumns(kind: kind, distinct: distinct, range: range).merges
        }
    }

    /// Folds in what another part of the scan accumulated from the rows after this state's:
    /// its new groups come after this state's, in the order it saw them (the order one scan
    /// would have seen them), counts add, DISTINCT values are counted once, accumulators merge.
    func merge(_ other: State, into state: inout State, _ graph: Graph) throws {
        // The other part's classes of boxed values, as this state numbers them.
        var classes = [UInt64](repeating: 0, count: other.boxedClasses.count)
        for (equivalent, id) in other.boxedClasses {
            let mine = state.boxedClasses[equivalent] ?? UInt64(state.boxedClasses.count)
            state.boxedClasses[equivalent] = mine
            classes[Int(id)] = mine
        }
        func mapped(_ tag: UInt8, _ payload: UInt64) -> UInt64 { tag == VectorTag.boxed ? classes[Int(payload)] : payload }
        let width = keyItems.count, perGroup = aggregateItems.count
        var groups = [Int32](repeating: 0, count: other.groupCount)
        var taken = [Bool](repeating: false, count: other.groupCount)
        for group in 0..<other.groupCount {
            let keys = other.groupKeys[group * width..<(group + 1) * width].map { Key(tag: $0.tag, payload: mapped($0.tag, $0.payload)) }
            var found: Int32?
            switch width {
            case 0: found = state.groupCount == 0 ? nil : 0
            case 1: found = Self.group(of: keys[0], orInsert: Int32(state.groupCount), &state)
            default:
                found = Self.group(of: width, { keys[$0] }, &state)
            }
            if let found {
                groups[group] = found
                continue
            }
            // A group this state has not seen: taken over whole (its DISTINCT counts are
            // still 0: they are counted at the end).
            state.keyValues.append(contentsOf: other.keyValues[group * width..<(group + 1) * width])
            state.groupKeys.append(contentsOf: keys)
            state.counters.append(contentsOf: other.counters[group * perGroup..<(group + 1) * perGroup])
            state.accumulators.append(contentsOf: other.accumulators[group * accumulatorCount..<(group + 1) * accumulatorCount])
            for column in state.columns.indices {
                state.columns[column].addGroup()
                try state.columns[column].merge(other.columns[column], group, into: state.groupCount, graph)
            }
            state.groupCount += 1
            groups[group] = Int32(state.groupCount - 1)
            taken[group] = true
        }
        var distinctCounts = Set<Int>()
        for (position, index) in aggregateItems.enumerated() {
            if case .aggregate(.count, true, _, _) = items[index] { distinctCounts.insert(position) }
        }
        for group in 0..<other.groupCount where !taken[group] {
            let mine = Int(groups[group])
            for position in 0..<perGroup where !distinctCounts.contains(position) {
                state.counters[mine * perGroup + position] += other.counters[group * perGroup + position]
            }
            for offset in 0..<accumulatorCount {
                try state.accumulators[mine * accumulatorCount + offset].merge(other.accumulators[group * accumulatorCount + offset])
            }
            for column in state.columns.indices {
                try state.columns[column].merge(other.columns[column], group, into: mine, graph)
            }
        }
        for partition in other.distinct.partitions {
            for pair in partition {
                let tag = UInt8(truncatingIfNeeded: pair.key)
                let mine = UInt64(groups[Int(pair.key >> 8 & 0xFF_FFFF_FFFF)])
                state.distinct.insert((pair.key >> 48) << 48 | mine << 8 | UInt64(tag), mapped(tag, pair.value))
            }
        }
    }

    /// Adds to each group's DISTINCT counts the distinct values it saw, partitions counted on
    /// `workers` threads.
    private func countDistinct(_ state: inout State, workers: Int) {
        let perGroup = aggregateItems.count
        let tallies = (0..<workers).map { _ in Tally(count: state.counters.count) }
        state.distinct.forEachUnique(workers: workers) { worker, pairs in
            let tally = tallies[worker]
            for pair in pairs {
                tally.counts[Int(pair.key >> 8 & 0xFF_FFFF_FFFF) * perGroup + Int(pair.key >> 48)] += 1
            }
        }
        state.distinct = DistinctPairs()
        for tally in tallies {
            for (index, count) in tally.counts.enumerated() where count != 0 { state.counters[index] += count }
        }
    }

    /// One worker's counts, touched by that worker only.
    private final class Tally: @unchecked Sendable {
        var counts: [Int]
        init(count: Int) { counts = [Int](repeating: 0, count: count) }
    }

    /// Per item, how the results hold it: a key that is a node or relationship variable as
    /// handles (`VectorTag.node`, `.edge`), anything else as values (`.boxed`).
    var outputKinds: [UInt8] {
        items.map { item in
            if case .key(let kernel) = item, let entity = kernel as? EntityKernel { return entity.tag }
            return VectorTag.boxed
        }
    }

    /// The groups, in the order first seen, in batches of up to `size` rows with one slot per
    /// item (as `outputKinds` says); false from `body` stops.
    func forEachResult(_ state: inout State, _ run: VectorRun, workers: Int = 1, size: Int = VectorMatchOperator.batchSize,
                       _ body: (Batch) throws -> Bool) throws {
        countDistinct(&state, workers: workers)
        if state.groupCount == 0 && keyItems.isEmpty {
            _ = newGroup(&state, [], 0, run.graph, canonical: [])
        }
        let kinds = outputKinds
        var start = 0
        while start < state.groupCount {
            let end = min(start + size, state.groupCount)
            var batch = Batch(width: items.count)
            batch.count = end - start
            for (position, index) in keyItems.enumerated() {
                if kinds[index] == VectorTag.boxed {
                    batch.values[index] = keyColumn(position, start..<end, state, run.graph)
                } else {
                    batch.entities[index] = (start..<end).map { group in
                        let key = state.groupKeys[group * keyItems.count + position]
                        return key.tag == VectorTag.null ? Batch.null : UInt32(truncatingIfNeeded: key.payload)
                    }
                }
            }
            for position in aggregateItems.indices {
                batch.values[aggregateItems[position]] = aggregateColumn(position, start..<end, state, run.graph)
            }
            guard try body(batch) else { return }
            start = end
        }
    }

    /// The key at `position` of the groups in `groups`, as values. The table's keys are the
    /// values' own encoding but for numbers (a float equal to an integer is keyed as the
    /// integer) and boxed values (keyed by class): those are taken from the values kept.
    private func keyColumn(_ position: Int, _ groups: Range<Int>, _ state: State, _ graph: Graph) -> Vector {
        var column = Vector(count: groups.count)
        let width = keyItems.count
        for group in groups {
            let key = state.groupKeys[group * width + position]
            switch key.tag {
            case VectorTag.int, VectorTag.float, VectorTag.boxed:
                column.set(group - groups.lowerBound, state.keyValues[group * width + position], graph)
            default:
                column.tags[group - groups.lowerBound] = key.tag
                column.payloads[group - groups.lowerBound] = key.payload
            }
        }
        return column
    }

    /// The aggregate at `position` (among the aggregates) of the groups in `groups`.
    private func aggregateColumn(_ position: Int, _ groups: Range<Int>, _ state: State, _ graph: Graph) -> Vector {
        var column = Vector(count: groups.count)
        switch keepers[position] {
        case .counter: break
        case .columns(let index):
            state.columns[index].write(groups, into: &column, graph)
            return column
        case .accumulator(let offset):
            for group in groups {
                column.set(group - groups.lowerBound, state.accumulators[group * accumulatorCount + offset].result(), graph)
            }
            return column
        }
        let perGroup = aggregateItems.count
        for group in groups {
            column.tags[group - groups.lowerBound] = VectorTag.int
            column.payloads[group - groups.lowerBound] = UInt64(bitPattern: Int64(state.counters[group * perGroup + position]))
        }
        return column
    }
}

private extension Int {
    /// The smallest power of two at least this (1 for 0 and below).
    var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
