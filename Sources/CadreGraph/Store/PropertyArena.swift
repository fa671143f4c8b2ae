/// One key and its value, as given to the store.
struct PropertySlot: Sendable {
    var key: Symbol
    var value: Value
}

/// Where one node's or edge's properties sit in the arena.
struct PropertyRange: Sendable {
    var start: UInt32
    var count: UInt32
    static let empty = PropertyRange(start: 0, count: 0)
}

/// A stored value in 8 bytes: the key and a tag in one word, four bytes of payload beside it.
/// Strings are indexes into the arena's `StringPool` (each distinct string kept once), dates
/// their packed word, integers themselves when they fit 32 bits; wider integers and floats sit
/// in a side array of 64-bit words, lists and maps (rare in a graph) in a side array of values.
enum StoredTag: UInt32 {
    case bool = 0, int, wideInt, float, string, date, boxed
}

/// All property values of all nodes and edges in two parallel arrays, so no node or edge owns an
/// allocation of its own. Changing a node's properties moves its range to the end (in place when
/// it is already last); the space left behind is counted as garbage and reclaimed by `compacted`.
struct PropertyArena: Sendable {
    /// Key symbol in the low 24 bits, `StoredTag` in the high 8.
    private(set) var keyTags: [UInt32] = []
    private(set) var payloads: [UInt32] = []
    private(set) var wide: [UInt64] = []
    private(set) var strings = StringPool()
    private(set) var boxed: [Value] = []
    private(set) var garbage = 0

    static let keyMask: UInt32 = 0x00FF_FFFF

    init() {}

    /// An arena from its parts (a snapshot), without garbage.
    init(keyTags: [UInt32], payloads: [UInt32], wide: [UInt64], strings: StringPool, boxed: [Value]) {
        self.keyTags = keyTags
        self.payloads = payloads
        self.wide = wide
        self.strings = strings
        self.boxed = boxed
    }

    var count: Int { keyTags.count }

    /// The bytes of the value arrays, by capacity (the string pool apart).
    var memoryBytes: Int {
        keyTags.capacity * 4 + payloads.capacity * 4 + wide.capacity * 8 + boxed.capacity * MemoryLayout<Value>.stride
    }

    // MARK: Encoding

    /// The stored form of a storable, non-null value.
    mutating func encode(_ value: Value) -> (tag: StoredTag, payload: UInt32) {
        switch value {
        case .bool(let flag): return (StoredTag.bool, flag ? 1 : 0)
        case .int(let number):
            if let narrow = Int32(exactly: number) { return (StoredTag.int, UInt32(bitPattern: narrow)) }
            wide.append(UInt64(bitPattern: number))
            return (StoredTag.wideInt, UInt32(wide.count - 1))
        case .float(let number):
            wide.append(number.bitPattern)
            return (StoredTag.float, UInt32(wide.count - 1))
        case .string(let text): return (StoredTag.string, strings.intern(text))
        case .date(let date): return (StoredTag.date, date.raw)
        default:
            boxed.append(value)
            return (.boxed, UInt32(boxed.count - 1))
        }
    }

    func decode(tag: StoredTag, payload: UInt32) -> Value {
        if let value = Self.inlineValue(tag: tag, payload: payload) { return value }
        switch tag {
        case .wideInt: return .int(Int64(bitPattern: wide[Int(payload)]))
        case .float: return .float(Double(bitPattern: wide[Int(payload)]))
        case .string: return .string(strings[payload])
        case .boxed: return boxed[Int(payload)]
        case .bool, .int, .date: preconditionFailure("decoded inline")
        }
    }

    /// The value of a tag and payload that hold all of it (no pool, no side array), else nil.
    @inline(__always)
    static func inlineValue(tag: StoredTag, payload: UInt32) -> Value? {
        switch tag {
        case .bool: .bool(payload != 0)
        case .int: .int(Int64(Int32(bitPattern: payload)))
        case .date: .date(PartialDate(raw: payload))
        case .wideInt, .float, .string, .boxed: nil
        }
    }

    @inline(__always)
    func decode(at index: Int) -> Value {
        decode(tag: StoredTag(rawValue: keyTags[index] >> 24)!, payload: payloads[index])
    }

    @inline(__always)
    static func keyTag(_ key: Symbol, _ tag: StoredTag) -> UInt32 {
        precondition(key.raw <= keyMask, "too many property keys")
        return key.raw | tag.rawValue << 24
    }

    /// Interns a string for a value the caller will append with `appendEncoded`.
    mutating func internString(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        strings.intern(bytes)
    }

    /// Interns a string's bytes for a bulk reader (see `StringPool.intern(_:isNFC:)`).
    mutating func internString(_ bytes: UnsafeRawBufferPointer, isNFC: (UnsafeRawBufferPointer) -> Bool) -> UInt32? {
        strings.intern(bytes, isNFC: isNFC)
    }

    mutating func internString(_ text: String) -> UInt32 { strings.intern(text) }

    func findString(_ text: String) -> UInt32? { strings.find(text) }
    func findString(_ bytes: UnsafeRawBufferPointer) -> UInt32? { strings.find(bytes) }
    func string(_ index: UInt32) -> String { strings[index] }

    // MARK: Reading

    func value(in range: PropertyRange, key: Symbol) -> Value? {
        var index = Int(range.start)
        let end = index + Int(range.count)
        while index < end {
            if keyTags[index] & Self.keyMask == key.raw { return decode(at: index) }
            index += 1
        }
        return nil
    }

    /// Calls `body` with the arena's key-tag, payload and wide-value arrays as buffers (for
    /// building a column in one pass, without a copy of the arena).
    func withColumnReader<R>(_ body: (UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<UInt64>) throws -> R) rethrows -> R {
        try keyTags.withUnsafeBufferPointer { keyTags in
            try payloads.withUnsafeBufferPointer { payloads in
                try wide.withUnsafeBufferPointer { wide in try body(keyTags, payloads, wide) }
            }
        }
    }

    /// Calls `body` with a reader of stored scalars that holds the arena's arrays as buffers,
    /// for loops over many ranges (no copy of the arena, no bounds check per read).
    func withScalarReader<R>(_ body: (ScalarReader) throws -> R) rethrows -> R {
        try keyTags.withUnsafeBufferPointer { keyTags in
            try payloads.withUnsafeBufferPointer { payloads in
                try wide.withUnsafeBufferPointer { wide in
                    try body(ScalarReader(keyTags: keyTags, payloads: payloads, wide: wide))
                }
            }
        }
    }

    /// Reads the integer, date or string index stored under a key without building a `Value`,
    /// over borrowed buffers (see `withScalarReader`).
    struct ScalarReader {
        let keyTags: UnsafeBufferPointer<UInt32>
        let payloads: UnsafeBufferPointer<UInt32>
        let wide: UnsafeBufferPointer<UInt64>

        @inline(__always)
        func scalar(in range: PropertyRange, key: Symbol) -> ScalarProperty {
            var index = Int(range.start)
            let end = index + Int(range.count)
            precondition(end <= keyTags.count)
            while index < end {
                let keyTag = keyTags[index]
                if keyTag & PropertyArena.keyMask == key.raw {
                    switch keyTag >> 24 {
                    case StoredTag.int.rawValue: return .int(Int64(Int32(bitPattern: payloads[index])))
                    case StoredTag.wideInt.rawValue: return .int(Int64(bitPattern: wide[Int(payloads[index])]))
                    case StoredTag.date.rawValue: return .date(PartialDate(raw: payloads[index]))
                    case StoredTag.string.rawValue: return .string(payloads[index])
                    default: return .other
                    }
                }
                index += 1
            }
            return .missing
        }
    }

    /// The string index stored under `key`, when the value there is a string.
    func stringIndex(in range: PropertyRange, key: Symbol) -> UInt32? {
        var index = Int(range.start)
        let end = index + Int(range.count)
        while index < end {
            let keyTag = keyTags[index]
            if keyTag & Self.keyMask == key.raw {
                return keyTag >> 24 == StoredTag.string.rawValue ? payloads[index] : nil
            }
            index += 1
        }
        return nil
    }

    func entries(in range: PropertyRange) -> [(key: Symbol, value: Value)] {
        (Int(range.start)..<Int(range.start + range.count)).map { index in
            (Symbol(keyTags[index] & Self.keyMask), decode(at: index))
        }
    }

    /// The keys of the properties in `range`, in the order `entries(in:)` gives them, no value read.
    func keys(in range: PropertyRange) -> [Symbol] {
        (Int(range.start)..<Int(range.start + range.count)).map { Symbol(keyTags[$0] & Self.keyMask) }
    }

    // MARK: Writing

    mutating func reserve(_ count: Int) {
        keyTags.reserveLargeCapacity(count)
        payloads.reserveLargeCapacity(count)
    }

    mutating func append(_ properties: some Collection<PropertySlot>) -> PropertyRange {
        guard !properties.isEmpty else { return .empty }
        let start = UInt32(keyTags.count)
        for slot in properties {
            let (tag, payload) = encode(slot.value)
            keyTags.append(Self.keyTag(slot.key, tag))
            payloads.append(payload)
        }
        return PropertyRange(start: start, count: UInt32(properties.count))
    }

    /// Gives its string pool away, keeping an empty one (for a bulk reader to grow the pool in
    /// place, without a copy).
    mutating func takeStrings() -> StringPool {
        var taken = StringPool()
        swap(&taken, &strings)
        return taken
    }

    /// Copies the values of `other` (an arena without garbage, filled by a bulk reader) into
    /// `keyTags` and `payloads` (uninitialized room for them), mapping keys (`keys`, by key
    /// symbol there), strings (`strings`, by string index there) and the side arrays' indexes
    /// (`wideBase`, `boxedBase`: where `other`'s side arrays start in the joined arena).
    static func copy(_ other: PropertyArena, keys: [UInt32]?, strings: [UInt32]?, wideBase: UInt32, boxedBase: UInt32,
                     keyTags: UnsafeMutablePointer<UInt32>, payloads: UnsafeMutablePointer<UInt32>) {
        other.keyTags.withUnsafeBufferPointer { sourceKeys in
            other.payloads.withUnsafeBufferPointer { sourcePayloads in
                for index in sourceKeys.indices {
                    let keyTag = sourceKeys[index], tag = keyTag >> 24
                    var payload = sourcePayloads[index]
                    switch tag {
                    case StoredTag.string.rawValue: if let strings { payload = strings[Int(payload)] }
                    case StoredTag.wideInt.rawValue, StoredTag.float.rawValue: payload += wideBase
                    case StoredTag.boxed.rawValue: payload += boxedBase
                    default: break
                    }
                    keyTags[index] = keys.map { $0[Int(keyTag & keyMask)] | tag << 24 } ?? keyTag
                    payloads[index] = payload
                }
            }
        }
    }

    /// Appends values already encoded (strings interned, keys tagged) by a bulk reader.
    mutating func appendEncoded(keyTags newKeys: UnsafeBufferPointer<UInt32>, payloads newPayloads: UnsafeBufferPointer<UInt32>) -> PropertyRange {
        guard !newKeys.isEmpty else { return .empty }
        let start = UInt32(keyTags.count)
        keyTags.append(contentsOf: newKeys)
        payloads.append(contentsOf: newPayloads)
        return PropertyRange(start: start, count: UInt32(newKeys.count))
    }

    /// Sets (or, with nil, removes) `key` in `range`; returns the range's new place.
    mutating func set(_ key: Symbol, to value: Value?, in range: PropertyRange) -> PropertyRange {
        let start = Int(range.start)
        let end = start + Int(range.count)
        var slots = (start..<end).map { PropertySlot(key: Symbol(keyTags[$0] & Self.keyMask), value: decode(at: $0)) }
        if let existing = slots.firstIndex(where: { $0.key == key }) {
            if let value {
                let (tag, payload) = encode(value)
                keyTags[start + existing] = Self.keyTag(key, tag)
                payloads[start + existing] = payload
                return range
            }
            slots.remove(at: existing)
            return replace(range, with: slots)
        }
        guard let value else { return range }
        if end == keyTags.count && range.count > 0 {
            let (tag, payload) = encode(value)
            keyTags.append(Self.keyTag(key, tag))
            payloads.append(payload)
            return PropertyRange(start: range.start, count: range.count + 1)
        }
        slots.append(PropertySlot(key: key, value: value))
        return replace(range, with: slots)
    }

    /// Drops a range's slots (its owner was deleted); they become garbage.
    mutating func release(_ range: PropertyRange) {
        garbage += Int(range.count)
    }

    private mutating func replace(_ range: PropertyRange, with properties: [PropertySlot]) -> PropertyRange {
        garbage += Int(range.count)
        return append(properties)
    }

    /// Copies a range from another arena (compaction): strings and boxed values re-interned.
    mutating func copy(_ range: PropertyRange, from other: PropertyArena) -> PropertyRange {
        guard range.count > 0 else { return .empty }
        let start = UInt32(keyTags.count)
        for index in Int(range.start)..<Int(range.start + range.count) {
            let keyTag = other.keyTags[index]
            let (tag, payload) = encode(other.decode(at: index))
            keyTags.append(Self.keyTag(Symbol(keyTag & Self.keyMask), tag))
            payloads.append(payload)
        }
        return PropertyRange(start: start, count: range.count)
    }

    /// True when more than half the arena is garbage and it is worth rebuilding.
    var wantsCompaction: Bool { garbage > 4096 && garbage * 2 > keyTags.count }
}
