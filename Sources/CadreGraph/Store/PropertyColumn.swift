import Dispatch
import Synchronization

/// One property key's values over the nodes (or the edges) that hold it: which entities hold
/// one, as bits by handle, and their values packed in handle order, a type tag and a 64-bit
/// payload each, read out of the property arena in one pass. An entity's place among the
/// packed values is its rank among the holders: the holders in the words before its own
/// (`ranks`, one count per 64 handles) and the bits below it in its word. A key that few
/// entities hold costs those few values and a bit per entity, not a slot per entity. A key
/// that three in four entities or more hold is kept by handle instead (`dense`: an entity's
/// place is its handle, a tag `missing` where it holds none), which costs little more and
/// is read without counting.
///
/// The payload of an integer or a float is its bit pattern, of a string its index among the
/// graph's strings (equal strings, equal indexes), of a date its packed word, of a boolean 0
/// or 1. Lists and maps are tagged `other` and read from the store when needed. A key that
/// holds different types on different entities is one column all the same: each value keeps
/// its own tag.
public struct PropertyColumn: Sendable {
    public enum Tag: UInt8, Sendable {
        case missing = 0, bool, int, float, string, date, other
    }

    /// Bit `h & 63` of word `h >> 6`: entity `h` holds a value.
    public let present: [UInt64]
    /// The holders in the words before each word of `present`.
    public let ranks: [UInt32]
    /// The holders' values, in handle order (`slot(of:)` is where entity h's are).
    public let slotTags: [UInt8]
    public let slotPayloads: [UInt64]
    /// The values are by handle (`ranks` is empty).
    public let dense: Bool
    /// How many entities hold a value.
    public let count: Int

    /// True when every entity that has the key holds the same kind of value (`tag`).
    public let uniform: Tag?

    /// True when some date in the column is known only to the year or the month: comparisons
    /// of the column must then weigh each date's first and last day (`PartialDate.firstDay`).
    public let partialDates: Bool

    /// A column of the holders `present` with their values packed in handle order, kept by
    /// handle instead when they are three in four or more of `handles`.
    init(present: [UInt64], handles: Int, slotTags: [UInt8], slotPayloads: [UInt64], uniform: Tag?, partialDates: Bool) {
        precondition(slotTags.count == slotPayloads.count && present.count == (handles + 63) >> 6)
        self.present = present
        self.uniform = uniform
        self.partialDates = partialDates
        count = slotTags.count
        dense = count * 4 >= handles * 3 && count > 0
        guard dense else {
            ranks = Self.ranks(present)
            self.slotTags = slotTags
            self.slotPayloads = slotPayloads
            return
        }
        ranks = []
        var tags = [UInt8](repeating: Tag.missing.rawValue, count: handles)
        var payloads = [UInt64](repeating: 0, count: handles)
        Self.forEachBit(present) { handle, slot in
            tags[handle] = slotTags[slot]
            payloads[handle] = slotPayloads[slot]
        }
        self.slotTags = tags
        self.slotPayloads = payloads
    }

    /// A column from values by handle (tag 0: missing).
    public init(tags: [UInt8], payloads: [UInt64], uniform: Tag?, partialDates: Bool) {
        var present = [UInt64](repeating: 0, count: (tags.count + 63) >> 6)
        var slotTags: [UInt8] = [], slotPayloads: [UInt64] = []
        for handle in tags.indices where tags[handle] != Tag.missing.rawValue {
            present[handle >> 6] |= 1 << UInt64(handle & 63)
            slotTags.append(tags[handle])
            slotPayloads.append(payloads[handle])
        }
        self.init(present: present, handles: tags.count, slotTags: slotTags, slotPayloads: slotPayloads,
                  uniform: uniform, partialDates: partialDates)
    }

    /// The running counts of `present`'s bits, word by word.
    static func ranks(_ present: [UInt64]) -> [UInt32] {
        var ranks = [UInt32](repeating: 0, count: present.count)
        var total: UInt32 = 0
        for index in present.indices {
            ranks[index] = total
            total &+= UInt32(present[index].nonzeroBitCount)
        }
        return ranks
    }

    /// Where entity `handle`'s value is among the packed values, nil when it holds none.
    public func slot(of handle: Int) -> Int? {
        withReader { reader in
            let slot = reader.slot(of: handle)
            return slot < 0 ? nil : slot
        }
    }

    /// Entity `handle`'s tag and payload, nil when it holds no value.
    public func value(of handle: Int) -> (tag: UInt8, payload: UInt64)? {
        slot(of: handle).map { (slotTags[$0], slotPayloads[$0]) }
    }

    /// Calls `body` with each holder's handle and place among the values, in handle order.
    public func forEachHolder(_ body: (_ handle: Int, _ slot: Int) throws -> Void) rethrows {
        try Self.forEachBit(present) { handle, rank in try body(handle, dense ? handle : rank) }
    }

    /// Calls `body` with each set bit of `words` and how many come before it.
    private static func forEachBit(_ words: [UInt64], _ body: (_ bit: Int, _ rank: Int) throws -> Void) rethrows {
        var rank = 0
        for (wordIndex, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                try body(wordIndex << 6 | bits.trailingZeroBitCount, rank)
                bits &= bits - 1
                rank += 1
            }
        }
    }

    /// The column borrowed for a loop: reads by handle with nothing retained.
    public struct Reader {
        public let present: UnsafeBufferPointer<UInt64>
        public let ranks: UnsafeBufferPointer<UInt32>
        public let tags: UnsafeBufferPointer<UInt8>
        public let payloads: UnsafeBufferPointer<UInt64>
        public let dense: Bool

        /// Where entity `handle`'s value is among the packed values, -1 when it holds none
        /// (a handle past the column's end, `UInt32.max` for a null entity, holds none).
        @inlinable @inline(__always)
        public func slot(of handle: Int) -> Int {
            if dense { return handle < tags.count && tags[handle] != Tag.missing.rawValue ? handle : -1 }
            let word = handle >> 6
            guard word < present.count else { return -1 }
            let bits = present[word], bit: UInt64 = 1 << UInt64(handle & 63)
            guard bits & bit != 0 else { return -1 }
            return Int(ranks[word]) + (bits & (bit &- 1)).nonzeroBitCount
        }

        /// The value of entity `handle` as `Graph.scalar(of:key:)` reads it from the store.
        @inlinable @inline(__always)
        public func scalar(at handle: Int) -> ScalarProperty {
            let slot = slot(of: handle)
            guard slot >= 0 else { return .missing }
            return switch tags[slot] {
            case Tag.int.rawValue: .int(Int64(bitPattern: payloads[slot]))
            case Tag.date.rawValue: .date(PartialDate(raw: UInt32(truncatingIfNeeded: payloads[slot])))
            case Tag.string.rawValue: .string(UInt32(truncatingIfNeeded: payloads[slot]))
            default: .other
            }
        }
    }

    /// Calls `body` with a reader of the column.
    public func withReader<Result>(_ body: (Reader) throws -> Result) rethrows -> Result {
        try present.withUnsafeBufferPointer { present in
            try ranks.withUnsafeBufferPointer { ranks in
                try slotTags.withUnsafeBufferPointer { tags in
                    try slotPayloads.withUnsafeBufferPointer { payloads in
                        try body(Reader(present: present, ranks: ranks, tags: tags, payloads: payloads, dense: dense))
                    }
                }
            }
        }
    }

    /// Calls `body` with a reader of each column (nil where there is none), all borrowed at once.
    public static func withReaders<Result>(_ columns: [PropertyColumn?],
                                           _ body: ([Reader?]) throws -> Result) rethrows -> Result {
        func borrow(_ index: Int, _ readers: inout [Reader?]) throws -> Result {
            guard index < columns.count else { return try body(readers) }
            guard let column = columns[index] else {
                readers.append(nil)
                return try borrow(index + 1, &readers)
            }
            return try column.withReader { reader in
                readers.append(reader)
                return try borrow(index + 1, &readers)
            }
        }
        var readers: [Reader?] = []
        return try borrow(0, &readers)
    }
}

/// Columns built for one version of the graph, shared by the copies of a `Graph` that hold the
/// same storage. A change to the graph moves its version on, which retires them.
final class ColumnCache: Sendable {
    private struct Entry { var version: UInt64; var column: PropertyColumn }
    private let entries = Mutex<[UInt64: Entry]>([:])
    /// Values read through each key without a column, over every statement so far.
    private let reads = Mutex<[UInt64: Int]>([:])

    /// Adds `rows` to the reads of `id`; returns the total.
    func noteReads(_ id: UInt64, _ rows: Int) -> Int {
        reads.withLock { reads in
            let total = reads[id, default: 0] &+ rows
            reads[id] = total
            return total
        }
    }

    /// The column when it is built for this version, without building it.
    func cached(_ id: UInt64, version: UInt64) -> PropertyColumn? {
        guard let entry = entries.withLock({ $0[id] }), entry.version == version else { return nil }
        return entry.column
    }

    /// One lock per column: a second caller waits for a build under way rather than
    /// building the same column again (`Graph.prepare` builds while statements run).
    private final class Building: Sendable {
        let lock = Mutex<Void>(())
    }
    private let building = Mutex<[UInt64: Building]>([:])

    func column(_ id: UInt64, version: UInt64, build: () -> PropertyColumn) -> PropertyColumn {
        if let column = cached(id, version: version) { return column }
        return turn(id).lock.withLock { _ in
            if let column = cached(id, version: version) { return column }
            let column = build()
            entries.withLock { entries in
                // Columns of an older version are of no use again: dropped, not kept beside.
                entries = entries.filter { $0.value.version == version }
                entries[id] = Entry(version: version, column: column)
            }
            return column
        }
    }

    /// The lock of `id`'s build.
    private func turn(_ id: UInt64) -> Building {
        building.withLock { building in
            if let found = building[id] { return found }
            let made = Building()
            building[id] = made
            return made
        }
    }

    /// Sorted indexes of columns, by the column's id; nil for a column of mixed kinds.
    private let indexes = Mutex<[UInt64: (version: UInt64, index: SortedIndex?)]>([:])

    /// The index of column `id` when built for this version (`.some(nil)`: the column has none).
    func cachedIndex(_ id: UInt64, version: UInt64) -> SortedIndex?? {
        guard let entry = indexes.withLock({ $0[id] }), entry.version == version else { return nil }
        return .some(entry.index)
    }

    func index(_ id: UInt64, version: UInt64, build: () -> SortedIndex?) -> SortedIndex? {
        if let found = cachedIndex(id, version: version) { return found }
        return turn(1 << 40 | id).lock.withLock { _ in
            if let found = cachedIndex(id, version: version) { return found }
            let index = build()
            indexes.withLock { indexes in
                indexes = indexes.filter { $0.value.version == version }
                indexes[id] = (version, index)
            }
            return index
        }
    }
}

extension Graph {
    /// The values of `key` over every node handle (deleted nodes: missing). Built on first use
    /// for this version of the graph: one pass over the nodes' properties.
    public func nodeColumn(_ key: Symbol) -> PropertyColumn {
        let storage = self.storage
        return storage.columns.column(UInt64(key.raw), version: storage.version) {
            Self.buildColumn(storage.nodeProperties, storage.arena, key)
        }
    }

    /// The sorted index of `key`'s column over nodes (or edges), built with the column when
    /// missing; nil when the key holds values of several kinds, or of a kind other than
    /// integers and dates.
    public func sortedIndex(_ key: Symbol, edges: Bool) -> SortedIndex? {
        let storage = self.storage
        return storage.columns.index((edges ? 1 << 32 : 0) | UInt64(key.raw), version: storage.version) {
            SortedIndex.build(edges ? edgeColumn(key) : nodeColumn(key))
        }
    }

    /// The sorted index of `key` when it is built for this version of the graph (see `prepare`).
    public func cachedSortedIndex(_ key: Symbol, edges: Bool) -> SortedIndex? {
        storage.columns.cachedIndex((edges ? 1 << 32 : 0) | UInt64(key.raw), version: storage.version) ?? nil
    }

    /// The values of `key` over every edge handle; see `nodeColumn`.
    public func edgeColumn(_ key: Symbol) -> PropertyColumn {
        let storage = self.storage
        return storage.columns.column(1 << 32 | UInt64(key.raw), version: storage.version) {
            Self.buildColumn(storage.edgeProperties, storage.arena, key)
        }
    }

    private static func buildColumn(_ ranges: [PropertyRange], _ arena: PropertyArena, _ key: Symbol) -> PropertyColumn {
        let count = ranges.count
        var present = [UInt64](repeating: 0, count: (count + 63) >> 6)
        // Large columns in parts on every core, each over whole words of `present` with values
        // of its own, joined in order; each part reports the one tag it saw, 0 for none, 255
        // for several.
        let tasks = count < 1 << 16 ? 1 : 2
        let parts = Mutex<[Int: (tags: [UInt8], payloads: [UInt64], seen: UInt8)]>([:])
        let partial = Atomic<Bool>(false)
        arena.withView { view in
            ranges.withUnsafeBufferPointer { ranges in
                present.withUnsafeMutableBufferPointer { present in
                    let input = SendableBuffer(ranges)
                    let output = SendablePointer(present.baseAddress!)
                    let words = present.count
                    let fill: @Sendable (Int) -> Void = { task in
                        let firstWord = words * task / tasks, endWord = words * (task + 1) / tasks
                        var part = Part()
                        fillColumn(entities: firstWord << 6..<min(count, endWord << 6), key: key, view: view,
                                   ranges: input.buffer, present: output.pointer, into: &part)
                        parts.withLock { $0[task] = (part.tags, part.payloads, part.seen) }
                        if part.partialDates { partial.store(true, ordering: .relaxed) }
                    }
                    if tasks == 1 { fill(0) } else { DispatchQueue.concurrentPerform(iterations: tasks, execute: fill) }
                }
            }
        }
        let done = parts.withLock { $0 }
        var tags = done[0]?.tags ?? [], payloads = done[0]?.payloads ?? []
        for task in 1..<tasks {
            tags.append(contentsOf: done[task]?.tags ?? [])
            payloads.append(contentsOf: done[task]?.payloads ?? [])
        }
        let kinds = Set(done.values.map(\.seen).filter { $0 != 0 })
        let uniform: PropertyColumn.Tag? = kinds.count > 1 || kinds.contains(255) ? nil : PropertyColumn.Tag(rawValue: kinds.first ?? 0)
        return PropertyColumn(present: present, handles: count, slotTags: tags, slotPayloads: payloads,
                              uniform: uniform, partialDates: partial.load(ordering: .relaxed))
    }

    /// What one part of a column's build finds.
    private struct Part {
        var tags: [UInt8] = []
        var payloads: [UInt64] = []
        /// The one tag seen (0 none, 255 several).
        var seen: UInt8 = 0
        /// A date known only to the year or month was seen.
        var partialDates = false
    }

    /// Fills the column for `entities` (whole words of `present`, which the part owns).
    private static func fillColumn(entities: Range<Int>, key: Symbol, view: PropertyArena.View,
                                   ranges: UnsafeBufferPointer<PropertyRange>, present: UnsafeMutablePointer<UInt64>,
                                   into part: inout Part) {
        for entity in entities {
            guard let (index, keyTag) = view.find(key, in: ranges[entity]) else { continue }
            let (tag, payload) = decode(keyTag, view.payloads[index], view.wide)
            present[entity >> 6] |= 1 << UInt64(entity & 63)
            part.tags.append(tag.rawValue)
            part.payloads.append(payload)
            if part.seen == 0 { part.seen = tag.rawValue } else if part.seen != tag.rawValue { part.seen = 255 }
            if tag == .date && payload & 0x1F == 0 { part.partialDates = true }
        }
    }

    /// A stored value in the column encoding.
    @inline(__always)
    private static func decode(_ keyTag: UInt32, _ payload: UInt32, _ wide: UnsafeBufferPointer<UInt64>) -> (PropertyColumn.Tag, UInt64) {
        switch keyTag >> 24 {
        case StoredTag.bool.rawValue: (.bool, UInt64(payload))
        case StoredTag.int.rawValue: (.int, UInt64(bitPattern: Int64(Int32(bitPattern: payload))))
        case StoredTag.wideInt.rawValue: (.int, wide[Int(payload)])
        case StoredTag.float.rawValue: (.float, wide[Int(payload)])
        case StoredTag.string.rawValue: (.string, UInt64(payload))
        case StoredTag.date.rawValue: (.date, UInt64(payload))
        default: (.other, 0)
        }
    }

    /// Adds `rows` values read through `key` without a column (over nodes, or edges) to what
    /// every statement so far read so; returns the total, by which a caller decides a column is
    /// worth building.
    public func noteColumnReads(_ key: Symbol, edges: Bool, rows: Int) -> Int {
        storage.columns.noteReads((edges ? 1 << 32 : 0) | UInt64(key.raw), rows)
    }

    /// The column of `key` over nodes (or edges) when it is built for this version of the
    /// graph; nil when it is not (see `readProperty` for reading without one).
    public func cachedColumn(_ key: Symbol, edges: Bool) -> PropertyColumn? {
        storage.columns.cached((edges ? 1 << 32 : 0) | UInt64(key.raw), version: storage.version)
    }

    /// The values of `key` for the nodes (or edges) `handles[row]`, `row` in `rows`, in the
    /// column encoding, read from the arena: what a column gives, without building one.
    /// `UInt32.max` (a null entity) and handles past the end are missing.
    public func readProperty(_ key: Symbol, edges: Bool, handles: [UInt32], rows: [Int32],
                             tags: inout [UInt8], payloads: inout [UInt64]) {
        let storage = self.storage
        let ranges = edges ? storage.edgeProperties : storage.nodeProperties
        storage.withArenaView { view in
            for row in rows {
                let handle = Int(handles[Int(row)])
                guard handle < ranges.count, let (index, keyTag) = view.find(key, in: ranges[handle]) else { continue }
                let (tag, payload) = Self.decode(keyTag, view.payloads[index], view.wide)
                tags[Int(row)] = tag.rawValue
                payloads[Int(row)] = payload
            }
        }
    }

    /// The words of the label's node set (bit n set: node n is live and has the label).
    public func labelWords(_ label: Symbol) -> [UInt64] {
        label.index < storage.labelIndex.count ? storage.labelIndex[label.index].words : []
    }

    /// The words of the type's edge set (bit e set: edge e is live and of the type).
    public func typeWords(_ type: Symbol) -> [UInt64] {
        type.index < storage.typeIndex.count ? storage.typeIndex[type.index].words : []
    }

    /// The words of the live node set.
    public var liveNodeWords: [UInt64] { storage.liveNodes.words }

    /// The words of the live edge set.
    public var liveEdgeWords: [UInt64] { storage.liveEdges.words }

    /// Every edge's source, by handle.
    public var edgeSources: [NodeID] { storage.edgeSource }

    /// Every edge's target, by handle.
    public var edgeTargets: [NodeID] { storage.edgeTarget }

    /// Every edge's type, by handle.
    public var edgeTypes: [Symbol] { storage.edgeType }

    /// Every node's labels, by handle.
    public var nodeLabelSets: [LabelSet] { storage.nodeLabels }
}
