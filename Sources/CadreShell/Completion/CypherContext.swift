/// Where the cursor stands in a partly typed statement: the word under it, and what may go there.
struct CypherContext {
    enum Kind: Equatable {
        case code
        case label
        case relationshipType
        case property(variable: String)
        case parameter
        /// Inside a quoted string; the key before it, as in `{id: '` or `n.name ~ '`.
        case string(key: String?)
    }

    let text: String
    let kind: Kind
    let word: String

    init(_ bytes: [UInt8]) {
        text = String(decoding: bytes, as: UTF8.self)
        // Scan to the cursor, tracking strings and brackets.
        var brackets: [UInt8] = []
        var quote: UInt8? = nil
        var quoteStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
                quoteStart = index
            } else if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                brackets.append(byte)
            } else if (byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")) && !brackets.isEmpty {
                brackets.removeLast()
            }
            index += 1
        }
        if quote != nil {
            word = String(decoding: bytes[(quoteStart + 1)...], as: UTF8.self)
            let before = String(decoding: bytes[..<quoteStart], as: UTF8.self)
            kind = .string(key: CypherContext.keyBefore(before))
            return
        }
        var start = bytes.count
        while start > 0 && (bytes[start - 1].isWordByte) { start -= 1 }
        word = String(decoding: bytes[start...], as: UTF8.self)
        let previous = start > 0 ? bytes[start - 1] : 0
        switch previous {
        case UInt8(ascii: ":"), UInt8(ascii: "|"):
            kind = brackets.last == UInt8(ascii: "[") ? .relationshipType : (brackets.last == UInt8(ascii: "(") ? .label : .code)
        case UInt8(ascii: "."):
            var variableStart = start - 1
            while variableStart > 0 && bytes[variableStart - 1].isWordByte { variableStart -= 1 }
            kind = .property(variable: String(decoding: bytes[variableStart..<(start - 1)], as: UTF8.self))
        case UInt8(ascii: "$"):
            kind = .parameter
        default:
            kind = .code
        }
    }

    /// `id` in `{id: '`, `name` in `n.name ~ '`.
    private static func keyBefore(_ text: String) -> String? {
        var rest = Substring(text)
        while let last = rest.last, last == " " || last == ":" || last == "=" || last == "~" { rest.removeLast() }
        let key = rest.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return key.isEmpty ? nil : String(key.reversed())
    }

    /// Labels given to `variable` anywhere in the statement: `(p:Person)`.
    func labels(of variable: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let range = rest.range(of: "(" + variable + ":") {
            rest = rest[range.upperBound...]
            let label = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !label.isEmpty { found.append(String(label)) }
        }
        return found
    }

    /// Variables declared so far: names right after `(` or `[`, and after AS.
    var variables: [String] {
        var names: [String] = []
        let scalars = Array(text)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "(" || scalars[index] == "[" {
                var end = index + 1
                while end < scalars.count && (scalars[end].isLetter || scalars[end].isNumber || scalars[end] == "_") { end += 1 }
                if end > index + 1 { names.append(String(scalars[(index + 1)..<end])) }
            }
            index += 1
        }
        return names
    }
}

extension UInt8 {
    var isWordByte: Bool {
        (self | 0x20 >= UInt8(ascii: "a") && self | 0x20 <= UInt8(ascii: "z")) || (self >= 0x30 && self <= 0x39)
            || self == UInt8(ascii: "_") || self >= 0x80
    }
}
