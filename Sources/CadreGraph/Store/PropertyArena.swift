/// One key and its value, as given to the store.
struct PropertySlot: Sendable {
    var key: Symbol
    var value: Value
}

/// Where one node's or edge's properties sit in the arena: its first value, and its shape
/// (which keys it holds, of which stored kinds, in which order), which gives their count.
struct PropertyRange: Sendable, Equatable {
    var start: UInt32
    var shape: UInt32
    static let empty = PropertyRange(start: 0, shape: 0)
}

/// A stored value in 4 bytes of payload, its key and kind given by its entity's shape.
/// Strings are indexes into the arena's `StringPool` (each distinct string kept once), dates
/// their packed word, integers themselves when they fit 32 bits; wider integers and floats sit
/// in a side array of 64-bit words, lists and maps (rare in a graph) in a side array of values.
enum StoredTag: UInt32 {
    case bool = 0, int, wideInt, float, string, date, boxed
}

/// All property values of all nodes and edges in one array of payloads, so no node or edge
/// owns an allocation of its own. What each value is (key and kind) is said once per shape,
/// not once per value: the entities of a graph have few shapes (a person's seven keys, a
/// post's four), each kept once as its key-tags (`keyTag`) and named by its number. Changing
/// a node's properties moves its values to the end (in place when it keeps its count); the
/// space left behind is counted as garbage and reclaimed by `compacted`.
struct PropertyArena: Sendable {
    /// The key-tags of every shape end to end: shape s is `shapeKeyTags[shapeEnds[s - 1] ..<
    /// shapeEnds[s]]` (shape 0, the empty one, ends at 0).
    private(set) var shapeKeyTags: [UInt32] = []
    private(set) var shapeEnds: [UInt32] = [0]
    /// Open addressing over shapes by the hash of their key-tags: shape + 1, 0 for empty.
    private var shapeTable: [UInt32] = [UInt32](repeating: 0, count: 16)
    private(set) var payloads: [UInt32] = []
    private(set) var wide: [UInt64] = []
    private(set) var strings = StringPool()
    private(set) var boxed: [Value] = []
    private(set) var garbage = 0

    static let keyMask: UInt32 = 0x00FF_FFFF

    init() {}

    /// An arena from its parts (a snapshot), without garbage; nil when the shapes do not hold
    /// together.
    init?(shapeKeyTags: [UInt32], shapeEnds: [UInt32], payloads: [UInt32], wide: [UInt64], strings: StringPool, boxed: [Value]) {
        guard shapeEnds.first == 0, zip(shapeEnds, shapeEnds.dropFirst()).allSatisfy({ $0 <= $1 }),
              Int(shapeEnds.last!) == shapeKeyTags.count else { return nil }
        self.shapeKeyTags = shapeKeyTags
        self.shapeEnds = shapeEnds
        self.payloads = payloads
        self.wide = wide
        self.strings = strings
        self.boxed = boxed
        rehashShapes()
    }

    /// How many values the arena holds, garbage included.
    var count: Int { payloads.count }

    /// How many shapes there are (the empty one included).
    var shapeCount: Int { shapeEnds.count }

    /// The bytes of the value arrays, by capacity (the string pool apart).
    var memoryBytes: Int {
        payloads.capacity * 4 + wide.capacity * 8 + boxed.capacity * MemoryLayout<Value>.stride
            + shapeKeyTags.capacity * 4 + shapeEnds.capacity * 4 + shapeTable.capacity * 4
    }

    // MARK: Shapes

    /// The shape of the entity whose key-tags are `keyTags`, added when new.
    mutating func shape(of keyTags: UnsafeBufferPointer<UInt32>) -> UInt32 {
        if keyTags.isEmpty { return 0 }
        let mask = shapeTable.count - 1
        var position = Self.hash(keyTags) & mask
        while shapeTable[position] != 0 {
            let shape = shapeTable[position] - 1
            if sameKeyTags(shape, keyTags) { return shape }
            position = (position + 1) & mask
        }
        let shape = UInt32(shapeEnds.count)
        precondition(shape < UInt32.max, "too many property shapes")
        shapeKeyTags.append(contentsOf: keyTags)
        shapeEnds.append(UInt32(shapeKeyTags.count))
        shapeTable[position] = shape + 1
        if shapeEnds.count * 2 > shapeTable.count { rehashShapes() }
        return shape
    }

    mutating func shape(of keyTags: [UInt32]) -> UInt32 {
        keyTags.withUnsafeBufferPointer { shape(of: $0) }
    }

    private func sameKeyTags(_ shape: UInt32, _ keyTags: UnsafeBufferPointer<UInt32>) -> Bool {
        let start = Int(shapeEnds[Int(shape) - 1]), end = Int(shapeEnds[Int(shape)])
        guard end - start == keyTags.count else { return false }
        for index in 0..<keyTags.count where shapeKeyTags[start + index] != keyTags[index] { return false }
        return true
    }

    private mutating func rehashShapes() {
        var size = 16
        while size < shapeEnds.count * 4 { size *= 2 }
        shapeTable = [UInt32](repeating: 0, count: size)
        for shape in 1..<shapeEnds.count {
            let start = Int(shapeEnds[shape - 1]), end = Int(shapeEnds[shape])
            var position = shapeKeyTags.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[start..<end])) } & (size - 1)
            while shapeTable[position] != 0 { position = (position + 1) & (size - 1) }
            shapeTable[position] = UInt32(shape) + 1
        }
    }

    private static func hash(_ keyTags: UnsafeBufferPointer<UInt32>) -> Int {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(keyTags.count)
        for keyTag in keyTags { state = (state ^ UInt64(keyTag)) &* 0xBF58_476D_1CE4_E5B9 }
        return Int(truncatingIfNeeded: state ^ state >> 29)
    }

    /// Whether every range names a shape of the arena and lies within its values.
    func holds(_ ranges: [PropertyRange]) -> Bool {
        ranges.allSatisfy { range in
            Int(range.shape) < shapeEnds.count && Int(range.start) + count(of: range) <= payloads.count
        }
    }

    /// How many values an entity of this range holds.
    func count(of range: PropertyRange) -> Int {
        range.shape == 0 ? 0 : Int(shapeEnds[Int(range.shape)] - shapeEnds[Int(range.shape) - 1])
    }

    /// The key-tags of `range`'s shape.
    func keyTags(of range: PropertyRange) -> [UInt32] {
        range.shape == 0 ? [] : Array(shapeKeyTags[Int(shapeEnds[Int(range.shape) - 1])..<Int(shapeEnds[Int(range.shape)])])
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
    static func keyTag(_ key: Symbol, _ tag: StoredTag) -> UInt32 {
        precondition(key.raw <= keyMask, "too many property keys")
        return key.raw | tag.rawValue << 24
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

    /// Calls `body` with a view of the arena over borrowed buffers, for loops over many
    /// entities (no copy of the arena, no retain per read).
    func withView<R>(_ body: (View) throws -> R) rethrows -> R {
        try shapeKeyTags.withUnsafeBufferPointer { shapeKeyTags in
            try shapeEnds.withUnsafeBufferPointer { shapeEnds in
                try payloads.withUnsafeBufferPointer { payloads in
                    try wide.withUnsafeBufferPointer { wide in
                        try body(View(shapeKeyTags: shapeKeyTags, shapeEnds: shapeEnds, payloads: payloads, wide: wide))
                    }
                }
            }
        }
    }

    /// The arena's arrays borrowed: an entity's key-tags from its shape, its values from its start.
    /// Sendable to the tasks of one loop that read it while the arena is held.
    struct View: @unchecked Sendable {
        let shapeKeyTags: UnsafeBufferPointer<UInt32>
        let shapeEnds: UnsafeBufferPointer<UInt32>
        let payloads: UnsafeBufferPointer<UInt32>
        let wide: UnsafeBufferPointer<UInt64>

        /// The key-tags of `range`'s values, in their order.
        @inline(__always)
        func keyTags(of range: PropertyRange) -> UnsafeBufferPointer<UInt32> {
            let shape = Int(range.shape)
            guard shape > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
            return UnsafeBufferPointer(rebasing: shapeKeyTags[Int(shapeEnds[shape - 1])..<Int(shapeEnds[shape])])
        }

        /// The place in `payloads` of the value of `key` in `range`, and its key-tag; nil when
        /// the entity holds no such key.
        @inline(__always)
        func find(_ key: Symbol, in range: PropertyRange) -> (index: Int, keyTag: UInt32)? {
            let keyTags = keyTags(of: range)
            for position in 0..<keyTags.count where keyTags[position] & PropertyArena.keyMask == key.raw {
                return (Int(range.start) + position, keyTags[position])
            }
            return nil
        }

        /// The integer, date or string index stored under a key without building a `Value`.
        @inline(__always)
        func scalar(in range: PropertyRange, key: Symbol) -> ScalarProperty {
            guard let (index, keyTag) = find(key, in: range) else { return .missing }
            switch keyTag >> 24 {
            case StoredTag.int.rawValue: return .int(Int64(Int32(bitPattern: payloads[index])))
            case StoredTag.wideInt.rawValue: return .int(Int64(bitPattern: wide[Int(payloads[index])]))
            case StoredTag.date.rawValue: return .date(PartialDate(raw: payloads[index]))
            case StoredTag.string.rawValue: return .string(payloads[index])
            default: return .other
            }
        }
    }

    func value(in range: PropertyRange, key: Symbol) -> Value? {
        withView { view in
            view.find(key, in: range).map { (index, keyTag) in
                (StoredTag(rawValue: keyTag >> 24)!, payloads[index])
            }
        }.map { decode(tag: $0.0, payload: $0.1) }
    }

    /// The string index stored under `key`, when the value there is a string.
    func stringIndex(in range: PropertyRange, key: Symbol) -> UInt32? {
        withView { view in
            guard let (index, keyTag) = view.find(key, in: range), keyTag >> 24 == StoredTag.string.rawValue else { return nil }
            return view.payloads[index]
        }
    }

    func entries(in range: PropertyRange) -> [(key: Symbol, value: Value)] {
        keyTags(of: range).enumerated().map { position, keyTag in
            (Symbol(keyTag & Self.keyMask), decode(tag: StoredTag(rawValue: keyTag >> 24)!, payload: payloads[Int(range.start) + position]))
        }
    }

    /// The keys of the properties in `range`, in the order `entries(in:)` gives them, no value read.
    func keys(in range: PropertyRange) -> [Symbol] {
        keyTags(of: range).map { Symbol($0 & Self.keyMask) }
    }

    // MARK: Writing

    mutating func reserve(_ count: Int) {
        payloads.reserveLargeCapacity(count)
    }

    mutating func append(_ properties: some Collection<PropertySlot>) -> PropertyRange {
        guard !properties.isEmpty else { return .empty }
        let start = UInt32(payloads.count)
        var keyTags: [UInt32] = []
        keyTags.reserveCapacity(properties.count)
        for slot in properties {
            let (tag, payload) = encode(slot.value)
            keyTags.append(Self.keyTag(slot.key, tag))
            payloads.append(payload)
        }
        return PropertyRange(start: start, shape: shape(of: keyTags))
    }

    /// Gives its string pool away, keeping an empty one (for a bulk reader to grow the pool in
    /// place, without a copy).
    mutating func takeStrings() -> StringPool {
        var taken = StringPool()
        swap(&taken, &strings)
        return taken
    }

    /// The shape in this arena of each of `other`'s shapes, its keys mapped by `keys` (by key
    /// symbol there; nil: the same), added when new.
    mutating func adoptShapes(of other: PropertyArena, keys: [UInt32]?) -> [UInt32] {
        (0..<other.shapeEnds.count).map { shape in
            guard shape > 0 else { return 0 }
            let keyTags = other.shapeKeyTags[Int(other.shapeEnds[shape - 1])..<Int(other.shapeEnds[shape])].map { keyTag in
                keys.map { $0[Int(keyTag & Self.keyMask)] | keyTag & ~Self.keyMask } ?? keyTag
            }
            return self.shape(of: keyTags)
        }
    }

    /// Copies the values of `other` (an arena without garbage, filled by a bulk reader; its
    /// entities' `ranges`) into `payloads` (uninitialized room for them), mapping strings
    /// (`strings`, by string index there) and the side arrays' indexes (`wideBase`,
    /// `boxedBase`: where `other`'s side arrays start in the joined arena).
    static func copy(_ other: PropertyArena, ranges: [[PropertyRange]], strings: [UInt32]?, wideBase: UInt32, boxedBase: UInt32,
                     payloads: UnsafeMutablePointer<UInt32>) {
        other.withView { view in
            let source = view.payloads
            if let first = source.baseAddress { payloads.initialize(from: first, count: source.count) }
            if strings == nil && wideBase == 0 && boxedBase == 0 { return }
            for list in ranges {
                for range in list {
                    let keyTags = view.keyTags(of: range)
                    for position in 0..<keyTags.count {
                        let index = Int(range.start) + position
                        let payload = source[index]
                        switch keyTags[position] >> 24 {
                        case StoredTag.string.rawValue: if let strings { payloads[index] = strings[Int(payload)] }
                        case StoredTag.wideInt.rawValue, StoredTag.float.rawValue: payloads[index] = payload + wideBase
                        case StoredTag.boxed.rawValue: payloads[index] = payload + boxedBase
                        default: break
                        }
                    }
                }
            }
        }
    }

    /// Appends values already encoded (strings interned, keys tagged) by a bulk reader.
    mutating func appendEncoded(keyTags newKeys: UnsafeBufferPointer<UInt32>, payloads newPayloads: UnsafeBufferPointer<UInt32>) -> PropertyRange {
        guard !newKeys.isEmpty else { return .empty }
        let start = UInt32(payloads.count)
        payloads.append(contentsOf: newPayloads)
        return PropertyRange(start: start, shape: shape(of: newKeys))
    }

    /// Sets (or, with nil, removes) `key` in `range`; returns the range's new place.
    mutating func set(_ key: Symbol, to value: Value?, in range: PropertyRange) -> PropertyRange {
        var keyTags = keyTags(of: range)
        let start = Int(range.start)
        if let existing = keyTags.firstIndex(where: { $0 & Self.keyMask == key.raw }) {
            if let value {
                let (tag, payload) = encode(value)
                keyTags[existing] = Self.keyTag(key, tag)
                payloads[start + existing] = payload
                return PropertyRange(start: range.start, shape: shape(of: keyTags))
            }
            var slots = entries(in: range).map { PropertySlot(key: $0.key, value: $0.value) }
            slots.remove(at: existing)
            return replace(range, with: slots)
        }
        guard let value else { return range }
        if start + keyTags.count == payloads.count && range.shape != 0 {
            let (tag, payload) = encode(value)
            keyTags.append(Self.keyTag(key, tag))
            payloads.append(payload)
            return PropertyRange(start: range.start, shape: shape(of: keyTags))
        }
        var slots = entries(in: range).map { PropertySlot(key: $0.key, value: $0.value) }
        slots.append(PropertySlot(key: key, value: value))
        return replace(range, with: slots)
    }

    /// Drops a range's values (its owner was deleted); they become garbage.
    mutating func release(_ range: PropertyRange) {
        garbage += count(of: range)
    }

    private mutating func replace(_ range: PropertyRange, with properties: [PropertySlot]) -> PropertyRange {
        garbage += count(of: range)
        return append(properties)
    }

    /// Copies a range from another arena (compaction): strings and boxed values re-interned.
    mutating func copy(_ range: PropertyRange, from other: PropertyArena) -> PropertyRange {
        guard range.shape != 0 else { return .empty }
        return append(other.entries(in: range).map { PropertySlot(key: $0.key, value: $0.value) })
    }

    /// True when more than half the arena is garbage and it is worth rebuilding.
    var wantsCompaction: Bool { garbage > 4096 && garbage * 2 > payloads.count }
}
