import Dispatch
import Glibc

/// Interned strings: each distinct string is kept once and named by a dense `UInt32` index.
///
/// Lookups hash UTF-8 bytes directly (no `String` needs to exist for a lookup, which is how the
/// graph file reader finds node ids without allocating), in an open-addressing table whose
/// entries keep 32 bits of the hash beside the index, so growing never rehashes a string.
///
/// Only the bytes are kept: a `String` is made when one is read (`subscript`), and the
/// operations that can work on bytes (comparisons, prefixes, substrings) read them in place
/// (`withOrder`), so a graph of a million names holds no million `String` objects.
struct StringPool: Sendable {
    /// Every string's UTF-8 bytes end to end (`ends[i]` is where string i ends), compared by
    /// lookups without making a `String`.
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [UInt32] = []
    /// The open-addressing table. A slot holds what a lookup needs in one cache line: 32 bits of
    /// the hash, the index, and where the bytes are.
    private(set) var table: [Slot] = []

    struct Slot {
        /// The hash's high half.
        var tag: UInt32
        /// The string's index + 1; 0 for an empty slot.
        var entry: UInt32
        var offset: UInt32
        var length: UInt32
        static let empty = Slot(tag: 0, entry: 0, offset: 0, length: 0)
    }

    init() {}

    /// A pool from its parts (a snapshot).
    init(bytes: [UInt8], ends: [UInt32], table: [Slot]) {
        self.bytes = bytes
        self.ends = ends
        self.table = table
    }

    var count: Int { ends.count }

    subscript(index: UInt32) -> String {
        withOrder { $0.string(index) }
    }

    /// The order of strings `a` and `b` by their UTF-8 bytes (then the shorter first), read
    /// in place: negative when `a` comes first.
    func compare(_ a: UInt32, _ b: UInt32) -> Int {
        a == b ? 0 : withOrder { $0.compare(a, b) }
    }

    /// Calls `body` with the pool's bytes borrowed, to compare many pairs of strings without a
    /// retain per comparison.
    func withOrder<R>(_ body: (StringOrder) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { bytes in
            try ends.withUnsafeBufferPointer { ends in try body(StringOrder(bytes: bytes, ends: ends)) }
        }
    }

    /// The index of `text`, added when new.
    mutating func intern(_ text: String) -> UInt32 {
        var bytes = text
        return bytes.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    /// The index of the string spelled by `bytes` (valid UTF-8), added when new.
    mutating func intern(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        let hash = Self.hash(bytes)
        if let found = find(bytes, hash: hash) { return found }
        return add(bytes, hash: hash)
    }

    /// The index of the string spelled by `bytes` (valid UTF-8, in NFC when `isNFC` says so for
    /// a new string), added when new. Nil when new and not in NFC.
    mutating func intern(_ bytes: UnsafeRawBufferPointer, isNFC: (UnsafeRawBufferPointer) -> Bool) -> UInt32? {
        let hash = Self.hash(bytes)
        if let found = find(bytes, hash: hash) { return found }
        guard isNFC(bytes) else { return nil }
        return add(bytes, hash: hash)
    }

    /// Adds a new string.
    private mutating func add(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> UInt32 {
        if (ends.count + 1) * 4 > table.count * 3 { grow() }
        let index = UInt32(ends.count)
        let offset = UInt32(self.bytes.count)
        self.bytes.append(contentsOf: bytes)
        ends.append(UInt32(self.bytes.count))
        insert(Slot(tag: UInt32(truncatingIfNeeded: hash >> 32), entry: index + 1, offset: offset, length: UInt32(bytes.count)),
               start: Int(truncatingIfNeeded: hash))
        return index
    }

    /// Interns every string of `other`, in its order: the index each has here, by its index there.
    mutating func intern(contentsOf other: StringPool) -> [UInt32] {
        other.bytes.withUnsafeBytes { all in
            var start = 0
            return other.ends.map { end in
                defer { start = Int(end) }
                return intern(UnsafeRawBufferPointer(rebasing: all[start..<Int(end)]))
            }
        }
    }

    /// The index of `text`, or nil when it was never interned.
    func find(_ text: String) -> UInt32? {
        var text = text
        return text.withUTF8 { find(UnsafeRawBufferPointer($0)) }
    }

    func find(_ bytes: UnsafeRawBufferPointer) -> UInt32? {
        find(bytes, hash: Self.hash(bytes))
    }

    private func find(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> UInt32? {
        withLookup { $0.find(bytes, hash: hash) }
    }

    /// Calls `body` with lookups over borrowed buffers, for loops of many lookups.
    func withLookup<R>(_ body: (Lookup) throws -> R) rethrows -> R {
        try table.withUnsafeBufferPointer { table in
            try bytes.withUnsafeBufferPointer { stored in
                try body(Lookup(table: table, stored: stored))
            }
        }
    }

    /// `find` over borrowed buffers (see `withLookup`).
    struct Lookup {
        let table: UnsafeBufferPointer<Slot>
        let stored: UnsafeBufferPointer<UInt8>

        /// The index of the string spelled by `bytes`, whose hash is `hash`.
        @inline(__always)
        func find(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> UInt32? {
            guard !table.isEmpty else { return nil }
            let mask = table.count - 1
            let tag = UInt32(truncatingIfNeeded: hash >> 32)
            let length = UInt32(bytes.count)
            var position = Int(truncatingIfNeeded: hash) & mask
            while true {
                let slot = table[position]
                if slot.entry == 0 { return nil }
                if slot.tag == tag && slot.length == length
                    && StringPool.equal(UnsafeRawPointer(stored.baseAddress! + Int(slot.offset)), bytes.baseAddress, bytes.count) {
                    return slot.entry - 1
                }
                position = (position + 1) & mask
            }
        }

        /// Reads the first byte of the string the first slot of `hash` points at, when its tag
        /// and length match (see `touch`).
        @inline(__always)
        func touchBytes(_ hash: UInt64, count: Int) -> UInt32 {
            guard !table.isEmpty else { return 0 }
            let slot = table[Int(truncatingIfNeeded: hash) & (table.count - 1)]
            guard slot.tag == UInt32(truncatingIfNeeded: hash >> 32), slot.length == UInt32(count), count > 0 else { return 0 }
            return UInt32(stored[Int(slot.offset)])
        }

        /// Reads the first slot a lookup of `hash` reads, so that it is in the cache when the
        /// lookup comes (the value itself means nothing).
        @inline(__always)
        func touch(_ hash: UInt64) -> UInt32 {
            table.isEmpty ? 0 : table[Int(truncatingIfNeeded: hash) & (table.count - 1)].offset
        }
    }

    private mutating func insert(_ slot: Slot, start: Int) {
        let mask = table.count - 1
        var position = start & mask
        while table[position].entry != 0 { position = (position + 1) & mask }
        table[position] = slot
    }

    private mutating func grow() {
        let old = table
        table = [Slot](repeating: .empty, count: max(64, old.count * 2))
        for slot in old where slot.entry != 0 {
            // The low half of the hash is not kept: it is recomputed from the high half (see `hash`).
            insert(slot, start: Int(Self.slot(tag: UInt64(slot.tag))))
        }
    }

    /// Byte equality, eight bytes at a time (ids and names are short: a call to `memcmp`
    /// costs more than the comparison).
    @inline(__always)
    static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer?, _ count: Int) -> Bool {
        guard let b else { return count == 0 }
        var offset = 0
        while offset + 8 <= count {
            if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                return false
            }
            offset += 8
        }
        while offset < count {
            if a.load(fromByteOffset: offset, as: UInt8.self) != b.load(fromByteOffset: offset, as: UInt8.self) { return false }
            offset += 1
        }
        return true
    }

    /// The slot a hash starts probing from, from its high half only (see `grow`).
    private static func slot(tag: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: (tag &* 0x9E37_79B9_7F4A_7C15) >> 16) }

    /// A fast 64-bit hash of bytes, eight at a time (not for untrusted adversarial input; the
    /// table degrades to linear probing, never to a wrong answer). The low half is the high
    /// half mixed again, so a slot can be recomputed from the kept high half alone.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var state: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(bytes.count)
        var offset = 0
        let count = bytes.count
        while offset + 8 <= count {
            state = (state ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            state ^= state >> 31
            offset += 8
        }
        var tail: UInt64 = 0
        if count >= 8 {
            // The last 1–7 bytes, as the high bytes of the last eight (the same value as below).
            let remaining = count - offset
            if remaining > 0 {
                tail = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) >> (64 - 8 * remaining)
            }
        } else {
            var shift: UInt64 = 0
            while offset < count {
                tail |= UInt64(bytes[offset]) << shift
                shift += 8
                offset += 1
            }
        }
        state = (state ^ tail) &* 0x94D0_49BB_1331_11EB
        state ^= state >> 29
        let high = state >> 32
        return high << 32 | UInt64(slot(tag: high))
    }
}

/// Pooled strings compared in place, by their UTF-8 bytes (then the shorter first), over the
/// pool's borrowed buffers (`StringPool.withOrder`, `Graph.withStringOrder`).
/// A graph's stored strings, borrowed (`Graph.withStoredStrings`): `string(_:)` and
/// `index(of:)` as `Graph.string(at:)` and `Graph.stringIndex(of:)` give them.
public struct StoredStrings {
    let order: StringOrder
    let lookup: StringPool.Lookup

    /// String `index`, made from its bytes.
    @inline(__always)
    public func string(_ index: UInt32) -> String { order.string(index) }

    /// The UTF-8 bytes of string `index`, in place.
    @inline(__always)
    public func bytes(_ index: UInt32) -> UnsafeBufferPointer<UInt8> { order.bytes(index) }

    /// The index of the stored string spelled by `bytes` (valid UTF-8), or nil.
    @inline(__always)
    public func index(of bytes: UnsafeRawBufferPointer) -> UInt32? {
        lookup.find(bytes, hash: StringPool.hash(bytes))
    }

    /// The index of `text` among the stored strings, or nil when no property holds it.
    @inline(__always)
    public func index(of text: String) -> UInt32? {
        var text = text
        return text.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            return lookup.find(raw, hash: StringPool.hash(raw))
        }
    }
}

public struct StringOrder {
    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline let ends: UnsafeBufferPointer<UInt32>

    /// The UTF-8 bytes of string `index`, in place.
    @inlinable
    public func bytes(_ index: UInt32) -> UnsafeBufferPointer<UInt8> {
        let start = index == 0 ? 0 : Int(ends[Int(index) - 1])
        return UnsafeBufferPointer(rebasing: bytes[start..<Int(ends[Int(index)])])
    }

    /// String `index`, made from its bytes.
    public func string(_ index: UInt32) -> String {
        String(decoding: bytes(index), as: UTF8.self)
    }

    /// Negative when string `a` comes before string `b`, zero when they are the same.
    @inlinable
    public func compare(_ a: UInt32, _ b: UInt32) -> Int {
        a == b ? 0 : Self.compare(bytes(a), bytes(b))
    }

    /// Code point order of two UTF-8 texts (their byte order, then the shorter first): -1, 0 or 1.
    @inlinable
    public static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        if common <= 32 {
            // Short texts (names, most keys) differ in their first bytes: no call.
            for index in 0..<common where a[index] != b[index] { return a[index] < b[index] ? -1 : 1 }
        } else {
            let order = memcmp(a.baseAddress!, b.baseAddress!, common)
            if order != 0 { return order < 0 ? -1 : 1 }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
