/// A hash table from a pair of words to an `Int32`, open addressing with linear probing: the
/// groups of an aggregation and the values a DISTINCT aggregate has seen, without hashing a
/// `Value` or calling SipHash per row. Each slot keeps its key and value together, so a probe
/// touches one cache line.
struct PairTable {
    private struct Slot {
        var first: UInt64
        var second: UInt64
        /// -1: empty.
        var value: Int32
    }

    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(first: 0, second: 0, value: -1), count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func hash(_ a: UInt64, _ b: UInt64) -> Int {
        var h = a &* 0x9E37_79B9_7F4A_7C15 ^ b
        h ^= h >> 32
        h = h &* 0xD6E8_FEB8_6659_FD93
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    /// The value stored for (a, b); when absent, stores `value` and returns nil.
    @inline(__always)
    mutating func find(_ a: UInt64, _ b: UInt64, orInsert value: Int32) -> Int32? {
        if (count + 1) * 2 > slots.count { grow() }
        let mask = self.mask
        var index = Self.hash(a, b) & mask
        return slots.withUnsafeMutableBufferPointer { slots in
            while true {
                let slot = slots[index]
                if slot.value < 0 {
                    slots[index] = Slot(first: a, second: b, value: value)
                    count += 1
                    return nil
                }
                if slot.first == a && slot.second == b { return slot.value }
                index = (index + 1) & mask
            }
        }
    }

    /// The value stored for (a, b), without storing anything.
    func value(_ a: UInt64, _ b: UInt64) -> Int32? {
        guard !slots.isEmpty else { return nil }
        var index = Self.hash(a, b) & mask
        while true {
            let slot = slots[index]
            if slot.value < 0 { return nil }
            if slot.first == a && slot.second == b { return slot.value }
            index = (index + 1) & mask
        }
    }

    /// Calls `body` with each key and its value, in no particular order.
    func forEachEntry(_ body: (UInt64, UInt64, Int32) -> Void) {
        for slot in slots where slot.value >= 0 { body(slot.first, slot.second, slot.value) }
    }

    private mutating func grow() {
        // Four times larger while small, twice after: fewer rebuilds for the common large case.
        var bigger = PairTable(capacity: slots.count < 1 << 16 ? slots.count * 2 : slots.count)
        for slot in slots where slot.value >= 0 {
            _ = bigger.find(slot.first, slot.second, orInsert: slot.value)
        }
        self = bigger
    }
}
