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

    mutating func statement(open: String, properties: [(key: Symbol, value: Value)], graph: Graph, close: String) {
        statement(open: Array(open.utf8), properties: properties, graph: graph, close: Array(close.utf8))
    }

    /// One statement: on one line when it fits in `GraphFileWriter.lineLimit` scalars, else one
    /// property a line.
    mutating func statement(open: [UInt8], properties: [(key: Symbol, value: Value)], graph: Graph, close: [UInt8]) {
        bytes += open
        guard !properties.isEmpty else {
            bytes += close
            bytes.append(0x0A)
            return
        }
        entries.removeAll(keepingCapacity: true)
        entryEnds.removeAll(keepingCapacity: true)
        for (key, value) in properties {
            var name = Value.keyLiteral(graph.keys.name(key))
            name.withUTF8 { entries.append(contentsOf: $0) }
            entries.append(UInt8(ascii: ":"))
            entries.append(UInt8(ascii: " "))
            Self.appendLiteral(value, to: &entries)
            entryEnds.append(entries.count)
        }
        let brace: [UInt8] = open.last == UInt8(ascii: "(") ? [UInt8(ascii: "{")] : [UInt8(ascii: " "), UInt8(ascii: "{")]
        let scalars = Self.scalars(open) + Self.scalars(entries) + 2 * (entryEnds.count - 1) + brace.count + 1 + Self.scalars(close)
        bytes += brace
        if scalars <= GraphFileWriter.lineLimit {
            var start = 0
            for (index, end) in entryEnds.enumerated() {
                if index > 0 { bytes += [UInt8(ascii: ","), UInt8(ascii: " ")] }
                bytes += entries[start..<end]
                start = end
            }
            bytes.append(UInt8(ascii: "}"))
        } else {
            bytes.append(0x0A)
            var start = 0
            for (index, end) in entryEnds.enumerated() {
                bytes += [UInt8(ascii: " "), UInt8(ascii: " ")]
                bytes += entries[start..<end]
                bytes.append(contentsOf: index == entryEnds.count - 1 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
                start = end
            }
            bytes.append(UInt8(ascii: "}"))
        }
        bytes += close
        bytes.append(0x0A)
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
