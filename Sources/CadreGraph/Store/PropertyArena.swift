/// One key and its value, as stored.
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

/// All property slots of all nodes and edges in one array, so no node or edge owns an
/// allocation of its own. Changing a node's properties moves its range to the end (in place when
/// it is already last); the space left behind is counted as garbage and reclaimed by `compacted`.
struct PropertyArena: Sendable {
    private(set) var slots: [PropertySlot] = []
    private(set) var garbage = 0

    func slice(_ range: PropertyRange) -> ArraySlice<PropertySlot> {
        slots[Int(range.start)..<Int(range.start + range.count)]
    }

    func value(in range: PropertyRange, key: Symbol) -> Value? {
        var index = Int(range.start)
        let end = index + Int(range.count)
        while index < end {
            if slots[index].key == key { return slots[index].value }
            index += 1
        }
        return nil
    }

    mutating func append(_ properties: some Collection<PropertySlot>) -> PropertyRange {
        guard !properties.isEmpty else { return .empty }
        let start = UInt32(slots.count)
        slots.append(contentsOf: properties)
        return PropertyRange(start: start, count: UInt32(properties.count))
    }

    /// Sets (or, with nil, removes) `key` in `range`; returns the range's new place.
    mutating func set(_ key: Symbol, to value: Value?, in range: PropertyRange) -> PropertyRange {
        let start = Int(range.start)
        let end = start + Int(range.count)
        if let existing = (start..<end).first(where: { slots[$0].key == key }) {
            if let value {
                slots[existing].value = value
                return range
            }
            var kept = Array(slots[start..<end])
            kept.remove(at: existing - start)
            return replace(range, with: kept)
        }
        guard let value else { return range }
        if end == slots.count && range.count > 0 {
            slots.append(PropertySlot(key: key, value: value))
            return PropertyRange(start: range.start, count: range.count + 1)
        }
        var grown = Array(slots[start..<end])
        grown.append(PropertySlot(key: key, value: value))
        return replace(range, with: grown)
    }

    /// Drops a range's slots (its owner was deleted); they become garbage.
    mutating func release(_ range: PropertyRange) {
        garbage += Int(range.count)
    }

    private mutating func replace(_ range: PropertyRange, with properties: [PropertySlot]) -> PropertyRange {
        garbage += Int(range.count)
        return append(properties)
    }

    /// True when more than half the arena is garbage and it is worth rebuilding.
    var wantsCompaction: Bool { garbage > 4096 && garbage * 2 > slots.count }
}
