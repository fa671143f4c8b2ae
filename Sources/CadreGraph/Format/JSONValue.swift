/// A JSON value, read from UTF-8 bytes (RFC 8259), for the JSON-lines importer. Numbers keep
/// whether they were written as integers.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.float(let x), .float(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        default: false
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    var string: String? { if case .string(let text) = self { text } else { nil } }

    struct ParseError: Error {
        var offset: Int
        var message: String
    }

    /// Parses one JSON text that fills `bytes` (white space around it allowed).
    static func parse(_ bytes: ArraySlice<UInt8>) throws(ParseError) -> JSONValue {
        var parser = Parser(bytes: bytes, offset: bytes.startIndex)
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.offset == bytes.endIndex else { throw ParseError(offset: parser.offset, message: "unexpected text after the JSON value") }
        return value
    }

    private struct Parser {
        let bytes: ArraySlice<UInt8>
        var offset: Int

        var peek: UInt8? { offset < bytes.endIndex ? bytes[offset] : nil }

        mutating func skipSpace() {
            while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { offset += 1 }
        }

        func fail(_ message: String) -> ParseError { ParseError(offset: offset, message: message) }

        mutating func value(depth: Int) throws(ParseError) -> JSONValue {
            guard depth < Value.maximumNesting else { throw fail("nested more than \(Value.maximumNesting) levels deep") }
            skipSpace()
            guard let byte = peek else { throw fail("expected a value") }
            switch byte {
            case UInt8(ascii: "{"):
                offset += 1
                var members: [(String, JSONValue)] = []
                skipSpace()
                if peek == UInt8(ascii: "}") { offset += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard peek == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                    let key = try string()
                    skipSpace()
                    guard peek == UInt8(ascii: ":") else { throw fail("expected `:` after a key") }
                    offset += 1
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    if peek == UInt8(ascii: ",") { offset += 1; continue }
                    guard peek == UInt8(ascii: "}") else { throw fail("expected `,` or `}`") }
                    offset += 1
                    return .object(members)
                }
            case UInt8(ascii: "["):
                offset += 1
                var items: [JSONValue] = []
                skipSpace()
                if peek == UInt8(ascii: "]") { offset += 1; return .array(items) }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    if peek == UInt8(ascii: ",") { offset += 1; continue }
                    guard peek == UInt8(ascii: "]") else { throw fail("expected `,` or `]`") }
                    offset += 1
                    return .array(items)
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try word("true", .bool(true))
            case UInt8(ascii: "f"): return try word("false", .bool(false))
            case UInt8(ascii: "n"): return try word("null", .null)
            default: return try number()
            }
        }

        mutating func word(_ text: StaticString, _ value: JSONValue) throws(ParseError) -> JSONValue {
            let count = text.utf8CodeUnitCount
            guard offset + count <= bytes.endIndex,
                  bytes[offset..<offset + count].elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: count)) else {
                throw fail("expected a value")
            }
            offset += count
            return value
        }

        mutating func number() throws(ParseError) -> JSONValue {
            let start = offset
            var integer = true
            if peek == UInt8(ascii: "-") { offset += 1 }
            while let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "+-.eE".utf8.contains(byte) {
                if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { integer = false }
                offset += 1
            }
            let text = String(decoding: bytes[start..<offset], as: UTF8.self)
            if integer, let value = Int64(text) { return .int(value) }
            guard !text.isEmpty, let value = Double(text), value.isFinite else {
                offset = start
                throw fail("expected a value")
            }
            return .float(value)
        }

        mutating func string() throws(ParseError) -> String {
            offset += 1
            var out: [UInt8] = []
            while true {
                guard let byte = peek else { throw fail("unterminated string") }
                offset += 1
                switch byte {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let escaped = peek else { throw fail("unterminated string") }
                    offset += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code), peek == UInt8(ascii: "\\"), offset + 1 < bytes.endIndex, bytes[offset + 1] == UInt8(ascii: "u") {
                            offset += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw fail("a lone surrogate in \\u escapes") }
                            code = 0x10000 + (code - 0xD800) << 10 + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw fail("a lone surrogate in \\u escapes") }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: throw fail("unknown escape")
                    }
                default:
                    guard byte >= 0x20 else { throw fail("a control character inside a string") }
                    out.append(byte)
                }
            }
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard offset + 4 <= bytes.endIndex, let value = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16) else {
                throw fail("`\\u` needs four hexadecimal digits")
            }
            offset += 4
            return value
        }
    }
}
