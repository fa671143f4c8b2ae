/// The graph file writer's output: UTF-8 bytes appended without a `String` per statement.
struct ByteOutput {
    private(set) var bytes: [UInt8] = []
    /// One statement's `key: value` entries, end to end, and where each ends (reused).
    private var entries: [UInt8] = []
    private var entryEnds: [Int] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A statement whose properties are read straight from the store: strings copied from the
    /// pool's bytes, integers and dates written digit by digit; nothing decoded into a `Value`
    /// but what is rare (floats, lists).
    mutating func statement(open: [UInt8], range: PropertyRange, arena: PropertyArena, keyOrder: [Int32],
                            keyLiterals: [[UInt8]], close: [UInt8]) {
        var order = Array(Int(range.start)..<Int(range.start + range.count))
        let keyTags = arena.keyTags
        order.sort { keyOrder[Int(keyTags[$0] & PropertyArena.keyMask)] < keyOrder[Int(keyTags[$1] & PropertyArena.keyMask)] }
        bytes += open
        guard !order.isEmpty else {
            bytes += close
            bytes.append(0x0A)
            return
        }
        entries.removeAll(keepingCapacity: true)
        entryEnds.removeAll(keepingCapacity: true)
        for index in order {
            let keyTag = keyTags[index], payload = arena.payloads[index]
            entries += keyLiterals[Int(keyTag & PropertyArena.keyMask)]
            entries.append(UInt8(ascii: ":"))
            entries.append(UInt8(ascii: " "))
            switch StoredTag(rawValue: keyTag >> 24)! {
            case .string: Self.appendPooled(payload, arena.strings, to: &entries)
            case .int: Self.appendDecimal(Int64(Int32(bitPattern: payload)), to: &entries)
            case .date:
                entries += Array("date(\"".utf8)
                Self.appendDate(PartialDate(raw: payload), to: &entries)
                entries += [UInt8(ascii: "\""), UInt8(ascii: ")")]
            default: Self.appendLiteral(arena.decode(at: index), to: &entries)
            }
            entryEnds.append(entries.count)
        }
        finishStatement(open: open, close: close)
    }

    private mutating func finishStatement(open: [UInt8], close: [UInt8]) {
        let brace: [UInt8] = open.last == UInt8(ascii: "(") ? [UInt8(ascii: "{")] : [UInt8(ascii: " "), UInt8(ascii: "{")]
        let scalars = Self.scalars(open) + Self.scalars(entries) + 2 * (entryEnds.count - 1) + brace.count + 1 + Self.scalars(close)
        bytes += brace
        var start = 0
        if scalars <= GraphFileWriter.lineLimit {
            for (index, end) in entryEnds.enumerated() {
                if index > 0 { bytes += [UInt8(ascii: ","), UInt8(ascii: " ")] }
                bytes += entries[start..<end]
                start = end
            }
        } else {
            bytes.append(0x0A)
            for (index, end) in entryEnds.enumerated() {
                bytes += [UInt8(ascii: " "), UInt8(ascii: " ")]
                bytes += entries[start..<end]
                bytes.append(contentsOf: index == entryEnds.count - 1 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
                start = end
            }
        }
        bytes.append(UInt8(ascii: "}"))
        bytes += close
        bytes.append(0x0A)
    }

    /// A pooled string, quoted: its bytes copied when nothing in them needs an escape.
    static func appendPooled(_ index: UInt32, _ pool: StringPool, to out: inout [UInt8]) {
        let start = index == 0 ? 0 : Int(pool.ends[Int(index) - 1]), end = Int(pool.ends[Int(index)])
        let plain = pool.bytes.withUnsafeBufferPointer { buffer in
            !buffer[start..<end].contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 || $0 == 0x7F }
        }
        if plain {
            out.append(UInt8(ascii: "\""))
            out += pool.bytes[start..<end]
            out.append(UInt8(ascii: "\""))
        } else {
            appendQuoted(pool[index], to: &out)
        }
    }

    static func appendDecimal(_ number: Int64, to out: inout [UInt8]) {
        if number < 0 {
            if number == .min {
                out += Array(String(number).utf8)
                return
            }
            out.append(UInt8(ascii: "-"))
        }
        var magnitude = number.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out += buffer[(20 - count)...]
        }
    }

    /// `2020`, `2020-10` or `2020-10-14`, as `PartialDate.description` writes it.
    static func appendDate(_ date: PartialDate, to out: inout [UInt8]) {
        guard (0...9999).contains(date.year) else {
            out += Array(date.description.utf8)
            return
        }
        func pair(_ value: Int) { out += [UInt8(ascii: "0") + UInt8(value / 10), UInt8(ascii: "0") + UInt8(value % 10)] }
        pair(date.year / 100)
        pair(date.year % 100)
        if let month = date.month {
            out.append(UInt8(ascii: "-"))
            pair(month)
        }
        if let day = date.day {
            out.append(UInt8(ascii: "-"))
            pair(day)
        }
    }

    private static func scalars(_ bytes: [UInt8]) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// `Value.literal`'s text, as bytes.
    static func appendLiteral(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .string(let text): appendQuoted(text, to: &out)
        case .int(let number): out += Array(String(number).utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .date(let date): out += Array("date(\"\(date)\")".utf8)
        case .list(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out += [UInt8(ascii: ","), UInt8(ascii: " ")] }
                appendLiteral(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        default: out += Array(value.literal.utf8)
        }
    }

    /// `Value.writeQuoted`, as bytes: a string with nothing to escape is copied as it is.
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        var text = text
        let plain = text.withUTF8 { buffer in
            !buffer.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 || $0 == 0x7F }
        }
        if plain {
            out.append(UInt8(ascii: "\""))
            text.withUTF8 { out.append(contentsOf: $0) }
            out.append(UInt8(ascii: "\""))
        } else {
            var quoted = ""
            Value.writeQuoted(text, to: &quoted)
            out += Array(quoted.utf8)
        }
    }
}
