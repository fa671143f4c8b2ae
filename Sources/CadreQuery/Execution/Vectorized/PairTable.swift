/// A hash table from a pair of words to an `Int32`, open addressing with linear probing: the
/// groups of an aggregation and the values a DISTINCT aggregate has seen, without hashing a
/// `Value` or calling SipHash per row.
struct PairTable {
    private var first: [UInt64]
    private var second: [UInt64]
    /// -1: empty.
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        first = [UInt64](repeating: 0, count: size)
        second = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
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
        if (count + 1) * 2 > values.count { grow() }
        var slot = Self.hash(a, b) & mask
        while true {
            let stored = values[slot]
            if stored < 0 {
                first[slot] = a
                second[slot] = b
                values[slot] = value
                count += 1
                return nil
            }
            if first[slot] == a && second[slot] == b { return stored }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        var bigger = PairTable(capacity: values.count)
        for slot in values.indices where values[slot] >= 0 {
            _ = bigger.find(first[slot], second[slot], orInsert: values[slot])
        }
        self = bigger
    }
}
