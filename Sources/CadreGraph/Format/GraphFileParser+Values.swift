extension GraphFileParser {
    /// `{key: value, ...}`, with the range of each value (same order) for later errors.
    mutating func parseMap() throws(Abort) -> ([(String, Value)], [SourceRange]) {
        try expect(UInt8(ascii: "{"), "expected `{`")
        var entries: [(String, Value)] = []
        var ranges: [SourceRange] = []
        skipTrivia()
        while reader.peek != UInt8(ascii: "}") {
            let keyStart = reader.offset
            let key = try parseName("a property key")
            if entries.contains(where: { $0.0 == key }) {
                throw fail(.semantic, "duplicate key `\(key)` in this map", at: SourceRange(start: keyStart, end: reader.offset))
            }
            skipTrivia()
            try expect(UInt8(ascii: ":"), "expected `:` after the key `\(key)`")
            skipTrivia()
            let valueStart = reader.offset
            let value = try parseValue()
            ranges.append(SourceRange(start: valueStart, end: reader.offset))
            entries.append((key, value))
            skipTrivia()
            if !reader.match(UInt8(ascii: ",")) { break }
            skipTrivia()
        }
        try expect(UInt8(ascii: "}"), "expected `,` or `}` in the map")
        return (entries, ranges)
    }

    mutating func parseValue() throws(Abort) -> Value {
        let byte = reader.peek
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return .string(try parseString())
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            // Lists and maps nest by recursion: refused well before the stack would overflow.
            valueNesting += 1
            defer { valueNesting -= 1 }
            if valueNesting > Self.maximumValueNesting {
                throw fail(.syntax, "a value nested more than \(Self.maximumValueNesting) levels deep", at: .at(reader.offset))
            }
            if byte == UInt8(ascii: "[") { return try parseList() }
            let (entries, _) = try parseMap()
            return .map(ValueMap(entries))
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            guard byte.isIdentifierStart else {
                throw fail(.syntax, "expected a value", at: .at(reader.offset))
            }
            return try parseWordValue()
        }
    }

    private mutating func parseList() throws(Abort) -> Value {
        try expect(UInt8(ascii: "["), "expected `[`")
        var items: [Value] = []
        skipTrivia()
        while reader.peek != UInt8(ascii: "]") {
            items.append(try parseValue())
            skipTrivia()
            if !reader.match(UInt8(ascii: ",")) { break }
            skipTrivia()
        }
        try expect(UInt8(ascii: "]"), "expected `,` or `]` in the list")
        return .list(items)
    }

    /// `true`, `false`, `null` (any case), `NaN`, `Infinity`, or `date("...")`.
    private mutating func parseWordValue() throws(Abort) -> Value {
        let start = reader.offset
        while reader.peek.isIdentifierPart { reader.advance() }
        let word = reader.text(from: start)
        let range = SourceRange(start: start, end: reader.offset)
        switch word.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        case "nan" where word == "NaN": return .float(.nan)
        case "infinity" where word == "Infinity": return .float(.infinity)
        case "date":
            let (text, textStart) = try quotedArgument(of: "date", example: "date(\"2020-10-14\")")
            guard let date = PartialDate(iso: text) else {
                throw fail(.type, "invalid date \"\(text)\": write YYYY, YYYY-MM or YYYY-MM-DD with a real month and day",
                           at: SourceRange(start: textStart, end: reader.offset))
            }
            try closeCall("date")
            return .date(date)
        case "localtime", "time", "localdatetime", "datetime", "duration":
            let name = word.lowercased()
            let (text, textStart) = try quotedArgument(of: name, example: "\(name)(\"…\") in ISO 8601 form")
            guard let value = Value.temporal(type: name, text: text) else {
                throw fail(.type, "invalid \(name) \"\(text)\"", at: SourceRange(start: textStart, end: reader.offset))
            }
            try closeCall(name)
            return value
        default:
            throw fail(.syntax, "unknown value `\(word)`; text values need quotes, as in \"\(word)\"", at: range)
        }
    }

    /// `(` and the quoted string after a value's name (`date("2020")`): the text and where it starts.
    private mutating func quotedArgument(of name: String, example: String) throws(Abort) -> (String, Int) {
        skipTrivia()
        try expect(UInt8(ascii: "("), "expected `(` after `\(name)`, as in \(example)")
        skipTrivia()
        let textStart = reader.offset
        guard reader.peek == UInt8(ascii: "\"") || reader.peek == UInt8(ascii: "'") else {
            throw fail(.syntax, "expected a quoted \(name), as in \(example)", at: .at(reader.offset))
        }
        return (try parseString(), textStart)
    }

    private mutating func closeCall(_ name: String) throws(Abort) {
        skipTrivia()
        try expect(UInt8(ascii: ")"), "expected `)` to close \(name)(...)")
    }

    /// Integers (decimal, `0x` hex, `0o` octal) and floats, with an optional sign.
    private mutating func parseNumber() throws(Abort) -> Value {
        let start = reader.offset
        let negative = reader.peek == UInt8(ascii: "-")
        if reader.peek == UInt8(ascii: "-") || reader.peek == UInt8(ascii: "+") { reader.advance() }
        if reader.match("Infinity") { return .float(negative ? -.infinity : .infinity) }
        if reader.peek == UInt8(ascii: "0") && (reader.peek(1) | 0x20 == UInt8(ascii: "x") || reader.peek(1) | 0x20 == UInt8(ascii: "o")) {
            let radix = reader.peek(1) | 0x20 == UInt8(ascii: "x") ? 16 : 8
            reader.offset += 2
            let digitsStart = reader.offset
            while reader.peek.isIdentifierPart { reader.advance() }
            let digits = reader.text(from: digitsStart)
            let range = SourceRange(start: start, end: reader.offset)
            guard let magnitude = UInt64(digits, radix: radix) else {
                throw fail(.syntax, "invalid base-\(radix) integer", at: range)
            }
            return .int(try checkedInteger(magnitude, negative: negative, range: range))
        }
        let isFloat = reader.scanDecimalNumber()
        let range = SourceRange(start: start, end: reader.offset)
        if reader.peek.isIdentifierPart || reader.peek == UInt8(ascii: ".") {
            while reader.peek.isIdentifierPart || reader.peek == UInt8(ascii: ".") { reader.advance() }
            throw fail(.syntax, "invalid number `\(reader.text(from: start))`", at: SourceRange(start: start, end: reader.offset))
        }
        let text = reader.text(from: start)
        if isFloat {
            guard let number = Double(text) else { throw fail(.syntax, "invalid number `\(text)`", at: range) }
            return .float(number)
        }
        let digits = text.drop { $0 == "-" || $0 == "+" }
        guard !digits.isEmpty, let magnitude = UInt64(digits) else {
            throw fail(.syntax, digits.isEmpty ? "expected digits" : "integer \(text) is too large (64-bit integers only)", at: range)
        }
        return .int(try checkedInteger(magnitude, negative: negative, range: range))
    }

    private mutating func checkedInteger(_ magnitude: UInt64, negative: Bool, range: SourceRange) throws(Abort) -> Int64 {
        if negative && magnitude == UInt64(Int64.max) + 1 { return .min }
        guard magnitude <= UInt64(Int64.max) else {
            throw fail(.syntax, "integer is too large (64-bit integers only)", at: range)
        }
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }

    /// A string in single or double quotes, on one line, with Cypher's escapes.
    mutating func parseString() throws(Abort) -> String {
        let start = reader.offset
        let quote = reader.advance()
        var bytes: [UInt8] = []
        var plainStart = reader.offset
        while true {
            guard !reader.isAtEnd, reader.peek != UInt8(ascii: "\n"), reader.peek != UInt8(ascii: "\r") else {
                throw fail(.syntax, "unterminated string: no closing \(quote == UInt8(ascii: "\"") ? "\"" : "'") on this line",
                           at: SourceRange(start: start, end: reader.offset))
            }
            let byte = reader.peek
            if byte == quote {
                bytes.append(contentsOf: reader.bytes[plainStart..<reader.offset])
                reader.advance()
                return String(decoding: bytes, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: reader.bytes[plainStart..<reader.offset])
                try parseEscape(into: &bytes)
                plainStart = reader.offset
            } else {
                reader.advance()
            }
        }
    }

    private mutating func parseEscape(into bytes: inout [UInt8]) throws(Abort) {
        let start = reader.offset
        switch reader.scanEscape() {
        case .bytes(let decoded): bytes.append(contentsOf: decoded)
        case .badUnicode:
            throw fail(.syntax, "invalid escape: \\u needs 4 (\\U 8) hex digits of a valid code point",
                       at: SourceRange(start: start, end: reader.offset))
        case .unknown:
            throw fail(.syntax, "unknown escape; use \\\\ for a backslash", at: SourceRange(start: start, end: min(start + 2, reader.bytes.count)))
        }
    }

    /// An identifier (a label, a type, a key), plain or in backquotes.
    mutating func parseName(_ what: String) throws(Abort) -> String {
        let start = reader.offset
        if reader.match(UInt8(ascii: "`")) {
            var bytes: [UInt8] = []
            while true {
                guard !reader.isAtEnd, reader.peek != UInt8(ascii: "\n") else {
                    throw fail(.syntax, "unterminated backquoted name", at: SourceRange(start: start, end: reader.offset))
                }
                let byte = reader.advance()
                if byte == UInt8(ascii: "`") {
                    if reader.match(UInt8(ascii: "`")) { bytes.append(byte); continue }
                    break
                }
                bytes.append(byte)
            }
            guard !bytes.isEmpty else { throw fail(.syntax, "empty name", at: SourceRange(start: start, end: reader.offset)) }
            return String(decoding: bytes, as: UTF8.self)
        }
        guard reader.peek.isIdentifierStart else {
            throw fail(.syntax, "expected \(what)", at: .at(reader.offset))
        }
        while reader.peek.isIdentifierPart { reader.advance() }
        return reader.text(from: start)
    }
}
