import Dispatch

/// The (key, value) pairs `count(DISTINCT …)` saw, kept in partitions by hash instead of one
/// large hash table: a row appends its pair to its partition's end (a write to one of 256
/// cache lines, where probing a table of millions misses the cache), and each partition is
/// made unique on its own, in a table that fits in the cache, when it grows large and at the
/// end (as DuckDB's radix-partitioned aggregation does). A small direct-mapped filter drops a
/// pair seen just before, so a few distinct values over many rows stay few. Partitions are
/// independent: parts of a scan merge by appending, and the end can run on several cores.
struct DistinctPairs {
    struct Pair: Equatable {
        var key: UInt64
        var value: UInt64
    }

    static let partitionBits = 8
    private static let filterSize = 4096
    private static let firstLimit = 1 << 14

    private(set) var partitions = [[Pair]](repeating: [], count: 1 << partitionBits)
    /// Per partition, the size past which it is made unique again.
    private var limits = [Int](repeating: firstLimit, count: 1 << partitionBits)
    private var filter = [Pair](repeating: Pair(key: .max, value: .max), count: filterSize)

    @inline(__always)
    private static func hash(_ pair: Pair) -> UInt64 {
        var h = pair.key &* 0x9E37_79B9_7F4A_7C15 ^ pair.value
        h ^= h >> 32
        h = h &* 0xD6E8_FEB8_6659_FD93
        h ^= h >> 29
        return h
    }

    @inline(__always)
    mutating func insert(_ key: UInt64, _ value: UInt64) {
        let pair = Pair(key: key, value: value)
        let hash = Self.hash(pair)
        let slot = Int(truncatingIfNeeded: hash) & (Self.filterSize - 1)
        if filter[slot] == pair { return }
        filter[slot] = pair
        append(pair)
    }

    /// Inserts `(keys[i], values[i])` for each i: the filter read through one borrow, so that
    /// a few distinct values over many rows cost a hash and a compare each.
    mutating func insert(_ keys: [UInt64], _ values: [UInt64]) {
        var passed: [Pair] = []
        filter.withUnsafeMutableBufferPointer { filter in
            for index in keys.indices {
                let pair = Pair(key: keys[index], value: values[index])
                let slot = Int(truncatingIfNeeded: Self.hash(pair)) & (Self.filterSize - 1)
                if filter[slot] == pair { continue }
                filter[slot] = pair
                passed.append(pair)
            }
        }
        for pair in passed { append(pair) }
    }

    @inline(__always)
    private mutating func append(_ pair: Pair) {
        let partition = Int(truncatingIfNeeded: Self.hash(pair) >> UInt64(64 - Self.partitionBits))
        partitions[partition].append(pair)
        if partitions[partition].count > limits[partition] {
            partitions[partition] = Self.unique(partitions[partition])
            limits[partition] = max(Self.firstLimit, partitions[partition].count * 2)
        }
    }

    /// The pairs of `pairs` once each, in the order first seen.
    static func unique(_ pairs: [Pair]) -> [Pair] {
        var table = PairTable(capacity: pairs.count)
        var kept: [Pair] = []
        kept.reserveCapacity(pairs.count)
        for pair in pairs where table.find(pair.key, pair.value, orInsert: 0) == nil { kept.append(pair) }
        return kept
    }

    /// Calls `body` with each partition's pairs, each distinct pair once; partitions are
    /// independent, so the calls may run at once on `workers` threads (`body` gets the worker).
    func forEachUnique(workers: Int, _ body: @escaping @Sendable (Int, [Pair]) -> Void) {
        let shared = SharedPartitions(partitions: partitions)
        let count = max(1, min(workers, partitions.count))
        let work: @Sendable (Int) -> Void = { worker in
            var index = worker
            while index < shared.partitions.count {
                if !shared.partitions[index].isEmpty { body(worker, Self.unique(shared.partitions[index])) }
                index += count
            }
        }
        if count == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: count, execute: work) }
    }

    private struct SharedPartitions: @unchecked Sendable {
        let partitions: [[Pair]]
    }
}
