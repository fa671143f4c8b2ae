/// The entities holding a key's values in the order of those values: the handles of a column
/// whose values are all integers or all dates, sorted by value (ties by handle). A range of
/// values is a range of positions, found by two binary searches: what a scan asks for when a
/// comparison keeps few of its rows (`p.born.year = 1950`, `h.from >= date('2010')`), and the
/// ends for `min`/`max`.
public struct SortedIndex: Sendable {
    /// Handles of the entities holding a value, by value.
    public let order: [UInt32]
    /// `PropertyColumn.Tag.int` or `.date`: the one kind of value the column holds.
    public let tag: PropertyColumn.Tag

    /// What makes payloads order as unsigned words: the sign bit of integers flipped.
    public var flip: UInt64 { tag == .int ? 1 << 63 : 0 }

    /// The positions of `order` whose values, as ordered words (payload ^ `flip`), lie in
    /// `lower...upper`; `column` is the one the index was built from.
    /// `firstDays`: the dates compared by the first day each covers (`PartialDate.firstDay`),
    /// which orders as the dates do.
    public func positions(_ column: PropertyColumn, from lower: UInt64, through upper: UInt64, firstDays: Bool = false) -> Range<Int> {
        guard lower <= upper else { return 0..<0 }
        let flip = self.flip
        return column.withReader { column in
            order.withUnsafeBufferPointer { order in
                /// The first position whose word is at least `bound` (`above`: greater).
                func search(_ bound: UInt64, above: Bool) -> Int {
                    var (low, high) = (0, order.count)
                    while low < high {
                        let middle = (low + high) / 2
                        let payload = column.payloads[column.slot(of: Int(order[middle]))]
                        let word = firstDays ? UInt64(PartialDate.firstDay(UInt32(truncatingIfNeeded: payload))) : payload ^ flip
                        if above ? word <= bound : word < bound { low = middle + 1 } else { high = middle }
                    }
                    return low
                }
                return search(lower, above: false)..<search(upper, above: true)
            }
        }
    }

    /// The index of `column`, nil unless every value it holds is an integer or a date.
    static func build(_ column: PropertyColumn) -> SortedIndex? {
        guard let tag = column.uniform, tag == .int || tag == .date else { return nil }
        let order = tag == .date ? datesSorted(column) : integersSorted(column)
        return SortedIndex(order: order, tag: tag)
    }

    /// Dates pack into 32 bits: each held date beside its handle in one word (date above,
    /// handle below), read in one pass in handle order, then a stable radix sort on the date
    /// half, three passes of 11 bits over contiguous words, keeps handle order among equal dates.
    private static func datesSorted(_ column: PropertyColumn) -> [UInt32] {
        var current: [UInt64] = []
        current.reserveCapacity(column.count)
        column.forEachHolder { handle, slot in
            if column.slotTags[slot] == PropertyColumn.Tag.date.rawValue {
                current.append(column.slotPayloads[slot] << 32 | UInt64(handle))
            }
        }
        var next = [UInt64](repeating: 0, count: current.count)
        for shift in stride(from: 32, to: 64, by: 11) {
            var counts = [Int](repeating: 0, count: 2049)
            current.withUnsafeBufferPointer { words in
                next.withUnsafeMutableBufferPointer { next in
                    for word in words { counts[Int(word >> UInt64(shift) & 2047) + 1] += 1 }
                    for digit in 0..<2048 { counts[digit + 1] += counts[digit] }
                    for word in words {
                        let digit = Int(word >> UInt64(shift) & 2047)
                        next[counts[digit]] = word
                        counts[digit] += 1
                    }
                }
            }
            swap(&current, &next)
        }
        return current.map { UInt32(truncatingIfNeeded: $0) }
    }

    /// Integers: each held value's ordered word (sign bit flipped) beside its handle, then a
    /// stable radix sort, 11 bits a pass, over the bits where the words differ only (years or
    /// counts take two passes, not six); ties keep handle order.
    private static func integersSorted(_ column: PropertyColumn) -> [UInt32] {
        let flip: UInt64 = 1 << 63
        var keys: [UInt64] = [], handles: [UInt32] = []
        column.forEachHolder { handle, slot in
            if column.slotTags[slot] == PropertyColumn.Tag.int.rawValue {
                keys.append(column.slotPayloads[slot] ^ flip)
                handles.append(UInt32(handle))
            }
        }
        guard let low = keys.min(), let high = keys.max(), low != high else { return handles }
        // Below the lowest key, every key shares its high bits: only the bits up to the highest
        // one where the lowest and highest differ vary (a key between shares them too).
        RadixSort.sort(&keys, &handles, bits: 64 - (low ^ high).leadingZeroBitCount)
        return handles
    }
}

/// A stable least-significant-digit radix sort of keys with a value each, 11 bits a pass.
enum RadixSort {
    /// Sorts `keys` (and `values` along) by their low `bits` bits (higher bits must be equal);
    /// equal keys keep their order.
    static func sort(_ keys: inout [UInt64], _ values: inout [UInt32], bits: Int) {
        precondition(keys.count == values.count)
        guard keys.count > 1, bits > 0 else { return }
        var (nextKeys, nextValues) = ([UInt64](repeating: 0, count: keys.count), [UInt32](repeating: 0, count: keys.count))
        var counts = [Int](repeating: 0, count: 2049)
        for shift in stride(from: 0, to: bits, by: 11) {
            for digit in counts.indices { counts[digit] = 0 }
            keys.withUnsafeBufferPointer { keys in
                values.withUnsafeBufferPointer { values in
                    nextKeys.withUnsafeMutableBufferPointer { nextKeys in
                        nextValues.withUnsafeMutableBufferPointer { nextValues in
                            counts.withUnsafeMutableBufferPointer { counts in
                                for key in keys { counts[Int(key >> UInt64(shift) & 2047) + 1] += 1 }
                                for digit in 0..<2048 { counts[digit + 1] += counts[digit] }
                                for index in keys.indices {
                                    let digit = Int(keys[index] >> UInt64(shift) & 2047)
                                    nextKeys[counts[digit]] = keys[index]
                                    nextValues[counts[digit]] = values[index]
                                    counts[digit] += 1
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &nextKeys)
            swap(&values, &nextValues)
        }
    }
}
