import Glibc

/// The graph file writer's output: UTF-8 bytes written through a pointer into memory it owns
/// (grown by doubling), without a `String` or an array per statement.
struct ByteOutput: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written so far (valid until the next write).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Room for `extra` more bytes.
    @inline(__always) mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        var size = capacity
        while size < needed { size *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        larger.update(from: base, count: count)
        base.deallocate()
        base = larger
        capacity = size
    }

    @inline(__always) mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always) mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        let length = bytes.count
        reserve(length)
        let target = UnsafeMutableRawPointer(base + count)
        if length <= 16 {
            // The short pieces a statement is made of (keys, ids, dates) in two overlapping
            // words, or byte by byte, where a call to `memcpy` would cost more than the copy.
            if length >= 8 {
                target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
                (target + length - 8).storeBytes(of: source.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self), as: UInt64.self)
            } else {
                for offset in 0..<length { target.storeBytes(of: source.load(fromByteOffset: offset, as: UInt8.self), toByteOffset: offset, as: UInt8.self) }
            }
        } else {
            memcpy(target, source, length)
        }
        count += length
    }

    @inline(__always) mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A `String`'s bytes (literals take the `StaticString` overload, with no copy to make).
    mutating func append(string text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Drops every byte from `offset` on.
    mutating func truncate(to offset: Int) { count = min(count, offset) }

    /// The bytes in `range` of what is written (valid until the next write).
    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// How many scalars `bytes` hold (bytes that do not continue a sequence).
    static func scalars(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        // Eight bytes a step: a continuation byte (10xxxxxx) has its top bit set and the next
        // clear, so `word & ~(word << 1)` keeps its top bit and no other byte's.
        // Each byte lane counts its continuations (a lane holds up to 31 before the lanes are
        // summed by one multiplication: no population count, which baseline x86-64 lacks).
        var continuations = 0, offset = 0
        // ASCII all through (ids, keys, dates, most values): as many scalars as bytes.
        var high: UInt64 = 0
        while offset + 8 <= bytes.count {
            high |= base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        while offset < bytes.count {
            high |= UInt64(base.load(fromByteOffset: offset, as: UInt8.self))
            offset += 1
        }
        if high & 0x8080_8080_8080_8080 == 0 { return bytes.count }
        offset = 0
        while offset + 8 <= bytes.count {
            var lanes: UInt64 = 0
            var words = 0
            while offset + 8 <= bytes.count && words < 31 {
                let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                lanes &+= (word & ~(word << 1) & 0x8080_8080_8080_8080) >> 7
                offset += 8
                words += 1
            }
            continuations += Int(truncatingIfNeeded: (lanes &* 0x0101_0101_0101_0101) >> 56)
        }
        while offset < bytes.count {
            if base.load(fromByteOffset: offset, as: UInt8.self) & 0xC0 == 0x80 { continuations += 1 }
            offset += 1
        }
        return bytes.count - continuations
    }

    // MARK: Values

    /// True when no byte of `bytes` needs an escape in a string literal (`"`, `\\`, controls).
    static func isPlain(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        // Eight bytes a step: a byte equal to `b` is a zero byte of `word ^ b…b`, found by the
        // usual carry test; bytes under 0x20 are those whose top three bits are clear.
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        @inline(__always) func zeroBytes(_ word: UInt64) -> UInt64 { ~(((word & low) &+ low) | word) & ~low }
        @inline(__always) func special(_ word: UInt64) -> Bool {
            zeroBytes(word ^ 0x2222_2222_2222_2222) | zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)
                | zeroBytes(word ^ 0x7F7F_7F7F_7F7F_7F7F) | zeroBytes(word & 0xE0E0_E0E0_E0E0_E0E0) != 0
        }
        var offset = 0
        if bytes.count >= 8 {
            while offset + 8 <= bytes.count {
                if special(base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) { return false }
                offset += 8
            }
            // The last bytes in a word that overlaps the ones already tested.
            return offset == bytes.count || !special(base.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self))
        }
        while offset < bytes.count {
            let byte = base.load(fromByteOffset: offset, as: UInt8.self)
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte == 0x7F { return false }
            offset += 1
        }
        return true
    }

    /// `bytes` as a quoted string literal: copied as they are when nothing in them needs an escape.
    mutating func appendQuoted(_ bytes: UnsafeRawBufferPointer) {
        if Self.isPlain(bytes) {
            reserve(bytes.count + 2)
            append(UInt8(ascii: "\""))
            append(bytes)
            append(UInt8(ascii: "\""))
        } else {
            var quoted = ""
            Value.writeQuoted(String(decoding: bytes, as: UTF8.self), to: &quoted)
            append(string: quoted)
        }
    }

    mutating func appendQuoted(_ text: String) {
        var text = text
        text.withUTF8 { appendQuoted(UnsafeRawBufferPointer($0)) }
    }

    mutating func appendDecimal(_ number: Int64) {
        if number < 0 {
            if number == .min {
                append(string: String(number))
                return
            }
            append(UInt8(ascii: "-"))
        }
        var magnitude = number.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var used = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - used] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                used += 1
            } while magnitude > 0
            append(UnsafeRawBufferPointer(rebasing: buffer[(24 - used)...]))
        }
    }

    /// `2020`, `2020-10` or `2020-10-14`, as `PartialDate.description` writes it.
    mutating func appendDate(_ date: PartialDate) {
        guard (0...9999).contains(date.year) else {
            append(string: date.description)
            return
        }
        reserve(10)
        let year = date.year, target = base + count
        target[0] = UInt8(ascii: "0") + UInt8(year / 1000)
        target[1] = UInt8(ascii: "0") + UInt8(year / 100 % 10)
        target[2] = UInt8(ascii: "0") + UInt8(year / 10 % 10)
        target[3] = UInt8(ascii: "0") + UInt8(year % 10)
        count += 4
        if let month = date.month {
            target[4] = UInt8(ascii: "-")
            target[5] = UInt8(ascii: "0") + UInt8(month / 10)
            target[6] = UInt8(ascii: "0") + UInt8(month % 10)
            count += 3
            if let day = date.day {
                target[7] = UInt8(ascii: "-")
                target[8] = UInt8(ascii: "0") + UInt8(day / 10)
                target[9] = UInt8(ascii: "0") + UInt8(day % 10)
                count += 3
            }
        }
    }

    /// `Value.literal`'s text.
    mutating func appendLiteral(_ value: Value) {
        switch value {
        case .string(let text): appendQuoted(text)
        case .int(let number): appendDecimal(number)
        case .bool(let flag): append(flag ? "true" : "false")
        case .date(let date):
            append("date(\"")
            appendDate(date)
            append("\")")
        case .list(let items):
            append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { append(", ") }
                appendLiteral(item)
            }
            append(UInt8(ascii: "]"))
        default: append(string: value.literal)
        }
    }
}

/// Writes statements whose properties are read straight from the store: strings copied from
/// the pool's bytes, integers and dates written digit by digit, nothing decoded into a `Value`
/// but what is rare (floats, lists). Holds pointers into the arena for as long as it lives
/// (see `GraphFileWriter.Layout.format`).
struct StatementFormatter: ~Copyable {
    let arena: PropertyArena
    let view: PropertyArena.View
    let poolBytes: UnsafeRawBufferPointer
    let poolEnds: UnsafeBufferPointer<UInt32>
    let keyOrder: UnsafeBufferPointer<Int32>
    /// Each key's literal and `: `, end to end; key i's ends at `keyEnds[i]`.
    let keyText: UnsafeRawBufferPointer
    let keyEnds: UnsafeBufferPointer<Int>
    /// One statement's `key: value` entries, end to end, and where each ends.
    private var entries = ByteOutput(capacity: 1024)
    /// Where each entry ends, and the entries' places in key order, for up to `slots` entries
    /// (grown when a statement has more): no array to empty and check per statement.
    private var entryEnds: UnsafeMutablePointer<Int>
    private var order: UnsafeMutablePointer<Int>
    private var slots = 16

    init(arena: PropertyArena, view: PropertyArena.View,
         poolBytes: UnsafeRawBufferPointer, poolEnds: UnsafeBufferPointer<UInt32>, keyOrder: UnsafeBufferPointer<Int32>,
         keyText: UnsafeRawBufferPointer, keyEnds: UnsafeBufferPointer<Int>) {
        self.arena = arena
        self.view = view
        self.poolBytes = poolBytes
        self.poolEnds = poolEnds
        self.keyOrder = keyOrder
        self.keyText = keyText
        self.keyEnds = keyEnds
        entryEnds = .allocate(capacity: slots)
        order = .allocate(capacity: slots)
    }

    deinit {
        entryEnds.deallocate()
        order.deallocate()
    }

    /// Each key's literal and `: `, end to end, and where each ends (`keyText`, `keyEnds`).
    static func keyTexts(_ graph: Graph) -> (text: [UInt8], ends: [Int]) {
        var keys = ByteOutput(capacity: 1024)
        let ends = (0..<graph.keys.count).map { key in
            keys.append(string: Value.keyLiteral(graph.keys.name(Symbol(UInt32(key)))))
            keys.append(": ")
            return keys.count
        }
        return (Array(keys.bytes), ends)
    }

    /// Calls `body` with a formatter of `graph`'s properties, its buffers borrowed for the call.
    static func with<R>(_ graph: Graph, _ keyOrder: [Int32], _ keyText: [UInt8], _ keyEnds: [Int],
                        _ body: (inout StatementFormatter) -> R) -> R {
        let arena = graph.storage.arena
        return arena.withView { view in
            arena.strings.bytes.withUnsafeBytes { poolBytes in
                arena.strings.ends.withUnsafeBufferPointer { poolEnds in
                    keyOrder.withUnsafeBufferPointer { keyOrder in
                        keyText.withUnsafeBytes { keyText in
                            keyEnds.withUnsafeBufferPointer { keyEnds in
                                var formatter = StatementFormatter(arena: arena, view: view, poolBytes: poolBytes, poolEnds: poolEnds,
                                                                   keyOrder: keyOrder, keyText: keyText, keyEnds: keyEnds)
                                return body(&formatter)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The bytes of pooled string `index`.
    func pooled(_ index: UInt32) -> UnsafeRawBufferPointer {
        let start = index == 0 ? 0 : Int(poolEnds[Int(index) - 1]), end = Int(poolEnds[Int(index)])
        return UnsafeRawBufferPointer(rebasing: poolBytes[start..<end])
    }

    /// `open`, the properties in `range` in canonical key order (on one line when the
    /// statement's scalars fit `GraphFileWriter.lineLimit`, else one a line), `close`, a line break.
    mutating func statement(open: UnsafeRawBufferPointer, range: PropertyRange, close: UnsafeRawBufferPointer,
                            to out: inout ByteOutput, oneLineAlways: Bool = false) {
        out.append(open)
        let keyTags = view.keyTags(of: range)
        guard keyTags.count > 0 else {
            out.append(close)
            out.append(0x0A)
            return
        }
        let count = keyTags.count
        if count > slots {
            entryEnds.deallocate()
            order.deallocate()
            slots = count
            entryEnds = .allocate(capacity: slots)
            order = .allocate(capacity: slots)
        }
        for index in 0..<count {
            // Insertion by key order: a statement has a handful of properties.
            let rank = keyOrder[Int(keyTags[index] & PropertyArena.keyMask)]
            var place = index
            while place > 0 && keyOrder[Int(keyTags[order[place - 1]] & PropertyArena.keyMask)] > rank {
                order[place] = order[place - 1]
                place -= 1
            }
            order[place] = index
        }
        entries.truncate(to: 0)
        for place in 0..<count {
            let index = order[place]
            let keyTag = keyTags[index], payload = view.payloads[Int(range.start) + index]
            let key = Int(keyTag & PropertyArena.keyMask)
            entries.append(UnsafeRawBufferPointer(rebasing: keyText[(key == 0 ? 0 : keyEnds[key - 1])..<keyEnds[key]]))
            switch StoredTag(rawValue: keyTag >> 24)! {
            case .string: entries.appendQuoted(pooled(payload))
            case .int: entries.appendDecimal(Int64(Int32(bitPattern: payload)))
            case .date:
                entries.append("date(\"")
                entries.appendDate(PartialDate(raw: payload))
                entries.append("\")")
            case .bool: entries.append(payload != 0 ? "true" : "false")
            default: entries.appendLiteral(arena.decode(tag: StoredTag(rawValue: keyTag >> 24)!, payload: payload))
            }
            entryEnds[place] = entries.count
        }
        let spaced = open.last != UInt8(ascii: "(")
        let length = open.count + entries.count + 2 * (count - 1) + (spaced ? 2 : 1) + 1 + close.count
        // Scalars are counted only when the bytes do not settle it.
        let oneLine = oneLineAlways || length <= GraphFileWriter.lineLimit
            || ByteOutput.scalars(open) + ByteOutput.scalars(entries.bytes) + ByteOutput.scalars(close)
                + 2 * (count - 1) + (spaced ? 2 : 1) + 1 <= GraphFileWriter.lineLimit
        out.reserve(entries.count + 4 * count + close.count + 4)
        out.append(spaced ? " {" : "{")
        var start = 0
        for index in 0..<count {
            let end = entryEnds[index]
            if oneLine {
                if index > 0 { out.append(", ") }
            } else {
                out.append(index == 0 ? "\n  " : ",\n  ")
            }
            out.append(entries.slice(start..<end))
            start = end
        }
        if !oneLine { out.append(0x0A) }
        out.append(UInt8(ascii: "}"))
        out.append(close)
        out.append(0x0A)
    }
}
