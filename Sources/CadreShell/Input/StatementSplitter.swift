/// Finds where statements end in typed text: at a `;` outside strings, comments, backquotes
/// and brackets. Also says what is still open, for the continuation prompt.
public struct StatementSplitter {
    /// What keeps a statement from being complete at the end of the text.
    public enum Open: Equatable, Sendable {
        case nothing
        case bracket(Character)
        case string(Character)
        case comment
        case backquote
    }

    /// Complete statements (without their `;`, with the byte offset where each starts) and the
    /// text after the last `;`.
    public static func split(_ text: String) -> (statements: [(text: String, offset: Int)], rest: String, restOffset: Int, open: Open) {
        let bytes = Array(text.utf8)
        var statements: [(String, Int)] = []
        var start = 0
        var index = 0
        var brackets: [UInt8] = []
        var quote: UInt8? = nil
        var inLineComment = false
        var inBlockComment = false
        var inBackquote = false
        while index < bytes.count {
            let byte = bytes[index]
            let next: UInt8 = index + 1 < bytes.count ? bytes[index + 1] : 0
            if inLineComment {
                if byte == 0x0A { inLineComment = false }
            } else if inBlockComment {
                if byte == UInt8(ascii: "*") && next == UInt8(ascii: "/") { inBlockComment = false; index += 1 }
            } else if let open = quote {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == open { quote = nil }
            } else if inBackquote {
                if byte == UInt8(ascii: "`") { inBackquote = false }
            } else {
                switch byte {
                case UInt8(ascii: "'"), UInt8(ascii: "\""): quote = byte
                case UInt8(ascii: "`"): inBackquote = true
                case UInt8(ascii: "/") where next == UInt8(ascii: "/"): inLineComment = true; index += 1
                case UInt8(ascii: "/") where next == UInt8(ascii: "*"): inBlockComment = true; index += 1
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): brackets.append(byte)
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): if !brackets.isEmpty { brackets.removeLast() }
                case UInt8(ascii: ";") where brackets.isEmpty:
                    statements.append((String(decoding: bytes[start..<index], as: UTF8.self), start))
                    start = index + 1
                default: break
                }
            }
            index += 1
        }
        let open: Open
        if let quote { open = .string(Character(UnicodeScalar(quote))) }
        else if inBlockComment { open = .comment }
        else if inBackquote { open = .backquote }
        else if let last = brackets.last { open = .bracket(Character(UnicodeScalar(last))) }
        else { open = .nothing }
        let rest = String(decoding: bytes[min(start, bytes.count)...], as: UTF8.self)
        return (statements, rest, start, open)
    }

    /// True when `text` holds nothing but white space and comments.
    public static func isBlank(_ text: String) -> Bool {
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.hasPrefix("//") {
                rest = rest.drop { $0 != "\n" }
            } else if rest.hasPrefix("/*"), let end = rest.range(of: "*/") {
                rest = rest[end.upperBound...]
            } else {
                return rest.isEmpty
            }
        }
    }
}
