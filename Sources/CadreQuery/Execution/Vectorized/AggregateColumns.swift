import CadreGraph

/// One aggregate of a `VectorAggregation` over all its groups, its state in columns rather than
/// an `Accumulator` per group: `min` and `max` of integers and dates as the best value's tag and
/// payload, `sum` and `avg` as integer and float sums, `collect` as the values' tags and payloads
/// chained per group (built into lists only for the result). A `min` or `max` group that meets
/// any other value (strings, floats, mixed types) moves to an `Accumulator` seeded with its best
/// so far, so every result is the accumulator's.
struct AggregateColumns {
    let kind: Accumulator.Kind
    let distinct: Bool
    let range: SourceRange

    /// The kinds kept in columns: DISTINCT only for collect (`min` and `max` ignore it anyway).
    static func keeps(_ kind: Accumulator.Kind, distinct: Bool) -> Bool {
        switch kind {
        case .collect, .min, .max: true
        case .sum, .avg: !distinct
        default: false
        }
    }

    /// Marks a `min` or `max` group kept by its accumulator (`fallback`).
    private static let fallbackTag: UInt8 = 255

    /// Per group. min, max: the best value's tag (`VectorTag.null`: none yet) and payload.
    /// sum, avg: tag 1 once a float was added, the integer sum's bits, the float sum, the count.
    private var tags: [UInt8] = []
    private var payloads: [UInt64] = []
    private var floats: [Double] = []
    private var counts: [Int] = []
    /// collect: per group, its first and last item (-1: none); per item, its tag, payload and
    /// the next item of its group; boxed values by index.
    private var heads: [Int32] = []
    private var tails: [Int32] = []
    private var itemTags: [UInt8] = []
    private var itemPayloads: [UInt64] = []
    private var itemNext: [Int32] = []
    private var boxed: [Value] = []
    /// collect(DISTINCT …): the (group << 8 | tag, payload) of each value kept, as grouping keys them.
    private var seen = PairTable()
    /// collect(DISTINCT …): each item's value as grouping keys it.
    private var itemKeyTags: [UInt8] = []
    private var itemKeyPayloads: [UInt64] = []
    private var fallback: [Int: Accumulator] = [:]

    init(kind: Accumulator.Kind, distinct: Bool, range: SourceRange) {
        self.kind = kind
        self.distinct = distinct
        self.range = range
    }

    /// False for collect(DISTINCT …), whose parts cannot be merged (see `VectorAggregation.merges`).
    var merges: Bool { !(kind == .collect && distinct) }

    mutating func addGroup() {
        switch kind {
        case .collect:
            heads.append(-1)
            tails.append(-1)
            if distinct { counts.append(0) }
        default:
            tags.append(VectorTag.null)
            payloads.append(0)
            if kind == .sum || kind == .avg {
                floats.append(0)
                counts.append(0)
            }
        }
    }

    /// Adds the rows of `selection` (row `selection[i]` to group `groups[i]`) of `vector`;
    /// `keys`, for collect(DISTINCT …), are the rows' values as grouping keys them.
    mutating func add(_ vector: Vector, _ groups: [Int32], _ selection: [Int32], keys: [VectorAggregation.Key], _ graph: Graph) throws {
        if kind == .min || kind == .max {
            try addBest(vector, groups, selection, graph)
            return
        }
        if kind == .sum || kind == .avg {
            try addSums(vector, groups, selection, graph)
            return
        }
        for (position, row32) in selection.enumerated() {
            let row = Int(row32)
            let tag = vector.tags[row]
            if tag == VectorTag.null { continue }
            let group = Int(groups[position])
            if kind == .collect {
                if distinct {
                    guard firstSight(keys[position], group) else { continue }
                }
                let kept: Value? = switch tag {
                case VectorTag.boxed: vector.boxed[Int(vector.payloads[row])]
                case VectorTag.list: vector.value(at: row, graph)
                default: nil
                }
                append(group, kept == nil ? tag : VectorTag.boxed, vector.payloads[row], kept)
                continue
            }
            try add(group, tag, vector.payloads[row], vector, row, graph)
        }
    }

    /// min and max: integers and dates compared on their payloads, stored strings by their
    /// bytes in the pool (no `String` made), in one loop over borrowed columns, up to the first
    /// row of any other kind (or of a group kept by its accumulator); from that row on, in
    /// order, `add` (which of two equal values is kept depends on order).
    private mutating func addBest(_ vector: Vector, _ groups: [Int32], _ selection: [Int32], _ graph: Graph) throws {
        let wantsLess = kind == .min
        let stopped = graph.withStringOrder { order in
            tags.withUnsafeMutableBufferPointer { bestTags in
                payloads.withUnsafeMutableBufferPointer { best in
                    Self.forEachValue(vector, groups, selection) { group, tag, payload in
                        let current = bestTags[group]
                        guard (tag == VectorTag.int || tag == VectorTag.date || tag == VectorTag.string)
                                && (current == tag || current == VectorTag.null) else { return false }
                        if current == VectorTag.null {
                            (bestTags[group], best[group]) = (tag, payload)
                        } else if tag == VectorTag.string {
                            let order = order.compare(UInt32(truncatingIfNeeded: payload), UInt32(truncatingIfNeeded: best[group]))
                            if wantsLess ? order < 0 : order > 0 { best[group] = payload }
                        } else {
                            // Integers order as signed words: the sign bit flipped, as unsigned ones.
                            let flip: UInt64 = tag == VectorTag.int ? 1 << 63 : 0
                            let (new, old) = (payload ^ flip, best[group] ^ flip)
                            if wantsLess ? new < old : new > old { best[group] = payload }
                        }
                        return true
                    }
                }
            }
        }
        try addOneByOne(vector, groups, selection, from: stopped, graph)
    }

    /// sum and avg: integers and floats added in one loop over borrowed columns (a group adds
    /// integers until its first float, then floats), up to the first row that is not a number
    /// or whose integer sum overflows; from that row on, in order, `add` (which raises).
    private mutating func addSums(_ vector: Vector, _ groups: [Int32], _ selection: [Int32], _ graph: Graph) throws {
        let stopped = tags.withUnsafeMutableBufferPointer { modes in
            payloads.withUnsafeMutableBufferPointer { totals in
                floats.withUnsafeMutableBufferPointer { floatTotals in
                    counts.withUnsafeMutableBufferPointer { counts in
                        Self.forEachValue(vector, groups, selection) { group, tag, payload in
                            if tag == VectorTag.int {
                                let number = Int64(bitPattern: payload)
                                if modes[group] == 0 {
                                    let (total, overflow) = Int64(bitPattern: totals[group]).addingReportingOverflow(number)
                                    if overflow { return false }
                                    totals[group] = UInt64(bitPattern: total)
                                } else {
                                    floatTotals[group] += Double(number)
                                }
                            } else if tag == VectorTag.float {
                                if modes[group] == 0 {
                                    modes[group] = 1
                                    floatTotals[group] = Double(Int64(bitPattern: totals[group]))
                                }
                                floatTotals[group] += Double(bitPattern: payload)
                            } else {
                                return false
                            }
                            counts[group] += 1
                            return true
                        }
                    }
                }
            }
        }
        try addOneByOne(vector, groups, selection, from: stopped, graph)
    }

    /// Calls `body` with the group, tag and payload of each selected row that is not null, in
    /// order, over the vector's columns borrowed, until it returns false: the position it
    /// stopped at (`selection.count` when it did not).
    @inline(__always)
    private static func forEachValue(_ vector: Vector, _ groups: [Int32], _ selection: [Int32],
                                     _ body: (Int, UInt8, UInt64) -> Bool) -> Int {
        vector.tags.withUnsafeBufferPointer { rowTags in
            vector.payloads.withUnsafeBufferPointer { rowPayloads in
                for position in selection.indices {
                    let row = Int(selection[position])
                    let tag = rowTags[row]
                    if tag == VectorTag.null { continue }
                    if !body(Int(groups[position]), tag, rowPayloads[row]) { return position }
                }
                return selection.count
            }
        }
    }

    /// The rows of `selection` from position `start` on, one by one, in order (after a loop
    /// over borrowed columns stopped at a row it does not take).
    private mutating func addOneByOne(_ vector: Vector, _ groups: [Int32], _ selection: [Int32], from start: Int, _ graph: Graph) throws {
        for position in start..<selection.count {
            let row = Int(selection[position])
            if vector.tags[row] == VectorTag.null { continue }
            try add(Int(groups[position]), vector.tags[row], vector.payloads[row], vector, row, graph)
        }
    }

    /// Groups with more distinct values than this find them in `seen`; smaller ones search
    /// their own few (most groups of a DISTINCT collect are small: a person's kinds of post).
    private static let searched = 16

    /// For collect(DISTINCT …): true, with `key` noted, when group `group` has not kept it yet.
    private mutating func firstSight(_ key: VectorAggregation.Key, _ group: Int) -> Bool {
        let count = counts[group]
        if count < Self.searched {
            var item = heads[group]
            while item >= 0 {
                if itemKeyTags[Int(item)] == key.tag && itemKeyPayloads[Int(item)] == key.payload { return false }
                item = itemNext[Int(item)]
            }
            if count == Self.searched - 1 {
                // Grown past searching: its values move to the table.
                var item = heads[group]
                while item >= 0 {
                    _ = seen.find(UInt64(group) << 8 | UInt64(itemKeyTags[Int(item)]), itemKeyPayloads[Int(item)], orInsert: 0)
                    item = itemNext[Int(item)]
                }
                _ = seen.find(UInt64(group) << 8 | UInt64(key.tag), key.payload, orInsert: 0)
            }
        } else if seen.find(UInt64(group) << 8 | UInt64(key.tag), key.payload, orInsert: 0) != nil {
            return false
        }
        counts[group] += 1
        itemKeyTags.append(key.tag)
        itemKeyPayloads.append(key.payload)
        return true
    }

    private mutating func append(_ group: Int, _ tag: UInt8, _ payload: UInt64, _ value: Value?) {
        let item = Int32(itemTags.count)
        itemTags.append(tag)
        if let value {
            itemPayloads.append(UInt64(boxed.count))
            boxed.append(value)
        } else {
            itemPayloads.append(payload)
        }
        itemNext.append(-1)
        if tails[group] < 0 { heads[group] = item } else { itemNext[Int(tails[group])] = item }
        tails[group] = item
    }

    /// One value (never null) of a min, max, sum or avg: row `row` of `vector`, or with no
    /// vector the value `tag` and `payload` stand for.
    private mutating func add(_ group: Int, _ tag: UInt8, _ payload: UInt64, _ vector: Vector?, _ row: Int, _ graph: Graph) throws {
        func value() -> Value { vector?.value(at: row, graph) ?? Vector.value(tag, payload, [], graph) }
        switch kind {
        case .min, .max:
            let best = tags[group]
            if best == Self.fallbackTag {
                try fallback[group]!.add(value())
                return
            }
            if tag == VectorTag.int || tag == VectorTag.date {
                if best == VectorTag.null {
                    (tags[group], payloads[group]) = (tag, payload)
                    return
                }
                if best == tag {
                    let current = payloads[group]
                    let less = tag == VectorTag.int ? Int64(bitPattern: payload) < Int64(bitPattern: current) : payload < current
                    let greater = tag == VectorTag.int ? Int64(bitPattern: payload) > Int64(bitPattern: current) : payload > current
                    if kind == .min ? less : greater { payloads[group] = payload }
                    return
                }
            }
            if tag == VectorTag.string && (best == tag || best == VectorTag.null) {
                let order = best == VectorTag.null ? 0 : graph.compareStrings(UInt32(truncatingIfNeeded: payload),
                                                                              UInt32(truncatingIfNeeded: payloads[group]))
                if best == VectorTag.null || (kind == .min ? order < 0 : order > 0) { (tags[group], payloads[group]) = (tag, payload) }
                return
            }
            // Any other value: the group goes on in an accumulator, seeded with its best.
            var accumulator = Accumulator(kind: kind, distinct: distinct, range: range)
            if best != VectorTag.null { try accumulator.add(Vector.value(best, payloads[group], [], graph)) }
            try accumulator.add(value())
            fallback[group] = accumulator
            tags[group] = Self.fallbackTag
        default:
            // sum, avg: the accumulator's rules (integers until a float, then floats).
            switch tag {
            case VectorTag.int:
                let number = Int64(bitPattern: payload)
                if tags[group] == 0 {
                    let (total, overflow) = Int64(bitPattern: payloads[group]).addingReportingOverflow(number)
                    if overflow { throw Operations.overflow(range) }
                    payloads[group] = UInt64(bitPattern: total)
                } else {
                    floats[group] += Double(number)
                }
            case VectorTag.float:
                if tags[group] == 0 {
                    tags[group] = 1
                    floats[group] = Double(Int64(bitPattern: payloads[group]))
                }
                floats[group] += Double(bitPattern: payload)
            default:
                // Not a number: the accumulator's error.
                var probe = Accumulator(kind: kind, distinct: distinct, range: range)
                try probe.add(value())
            }
            counts[group] += 1
        }
    }

    /// Folds group `theirs` of `other` (which saw later rows) into group `mine`.
    mutating func merge(_ other: AggregateColumns, _ theirs: Int, into mine: Int, _ graph: Graph) throws {
        switch kind {
        case .collect:
            var item = other.heads[theirs]
            while item >= 0 {
                let tag = other.itemTags[Int(item)], payload = other.itemPayloads[Int(item)]
                append(mine, tag, payload, tag == VectorTag.boxed ? other.boxed[Int(payload)] : nil)
                item = other.itemNext[Int(item)]
            }
        case .min, .max:
            let tag = other.tags[theirs]
            if tag == VectorTag.null { return }
            if tag == Self.fallbackTag {
                let theirAccumulator = other.fallback[theirs]!
                if tags[mine] != Self.fallbackTag {
                    var accumulator = Accumulator(kind: kind, distinct: distinct, range: range)
                    if tags[mine] != VectorTag.null { try accumulator.add(Vector.value(tags[mine], payloads[mine], [], graph)) }
                    fallback[mine] = accumulator
                    tags[mine] = Self.fallbackTag
                }
                try fallback[mine]!.merge(theirAccumulator)
                return
            }
            let payload = other.payloads[theirs]
            try add(mine, tag, payload, nil, 0, graph)
        default:
            counts[mine] += other.counts[theirs]
            if tags[mine] == 0 && other.tags[theirs] == 0 {
                let (total, overflow) = Int64(bitPattern: payloads[mine]).addingReportingOverflow(Int64(bitPattern: other.payloads[theirs]))
                if overflow { throw Operations.overflow(range) }
                payloads[mine] = UInt64(bitPattern: total)
            } else {
                let left = tags[mine] == 1 ? floats[mine] : Double(Int64(bitPattern: payloads[mine]))
                let right = other.tags[theirs] == 1 ? other.floats[theirs] : Double(Int64(bitPattern: other.payloads[theirs]))
                floats[mine] = left + right
                tags[mine] = 1
            }
        }
    }

    /// Writes the results of `groups` into `vector`, from its first row on.
    func write(_ groups: Range<Int>, into vector: inout Vector, _ graph: Graph) {
        for group in groups { write(group, into: &vector, at: group - groups.lowerBound, graph) }
    }

    /// Writes group `group`'s result at `row` of `vector`.
    private func write(_ group: Int, into vector: inout Vector, at row: Int, _ graph: Graph) {
        switch kind {
        case .collect:
            // A list of the vector's own (no value built: `size` counts it, UNWIND reads it).
            var item = heads[group]
            while item >= 0 {
                let tag = itemTags[Int(item)], payload = itemPayloads[Int(item)]
                vector.lists.tags.append(tag)
                if tag == VectorTag.boxed {
                    vector.lists.payloads.append(UInt64(vector.lists.boxed.count))
                    vector.lists.boxed.append(boxed[Int(payload)])
                } else {
                    vector.lists.payloads.append(payload)
                }
                item = itemNext[Int(item)]
            }
            (vector.tags[row], vector.payloads[row]) = (VectorTag.list, UInt64(vector.lists.close()))
        case .min, .max:
            let tag = tags[group]
            if tag == Self.fallbackTag {
                vector.set(row, fallback[group]!.result(), graph)
            } else {
                (vector.tags[row], vector.payloads[row]) = (tag, payloads[group])
            }
        case .sum:
            if tags[group] == 1 {
                (vector.tags[row], vector.payloads[row]) = (VectorTag.float, floats[group].bitPattern)
            } else {
                (vector.tags[row], vector.payloads[row]) = (VectorTag.int, payloads[group])
            }
        default:
            guard counts[group] > 0 else {
                vector.tags[row] = VectorTag.null
                return
            }
            let total = tags[group] == 1 ? floats[group] : Double(Int64(bitPattern: payloads[group]))
            (vector.tags[row], vector.payloads[row]) = (VectorTag.float, (total / Double(counts[group])).bitPattern)
        }
    }
}
