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

    /// The text so far, as bytes.
    private var bytes: [UInt8] = []
    /// Where scanning resumes, and where the statement being read starts.
    private var index = 0
    private var start = 0
    private var brackets: [UInt8] = []
    private var quote: UInt8? = nil
    private var inLineComment = false
    private var inBlockComment = false
    private var inBackquote = false

    public init() {}

    /// Complete statements (without their `;`, with the byte offset where each starts) and the
    /// text after the last `;`.
    public static func split(_ text: String) -> (statements: [(text: String, offset: Int)], rest: String, restOffset: Int, open: Open) {
        var splitter = StatementSplitter()
        let statements = splitter.append(text, final: true)
        return (statements, splitter.rest, splitter.restOffset, splitter.open)
    }

    /// Adds text (a line as it is typed) and returns the statements it completes. Only the new
    /// bytes are scanned, so a statement of many lines costs time in proportion to its length.
    /// Without `final`, a last byte that may pair with the next (`/`, `*`, `\`) waits for it.
    @discardableResult
    public mutating func append(_ text: String, final: Bool = false) -> [(text: String, offset: Int)] {
        bytes.append(contentsOf: text.utf8)
        var statements: [(String, Int)] = []
        while index < bytes.count {
            let byte = bytes[index]
            if index + 1 == bytes.count && !final && (byte == UInt8(ascii: "/") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "\\")) {
                break
            }
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
        return statements
    }

    /// What is still open at the end of the text.
    public var open: Open {
        if let quote { return .string(Character(UnicodeScalar(quote))) }
        if inBlockComment { return .comment }
        if inBackquote { return .backquote }
        if let last = brackets.last { return .bracket(Character(UnicodeScalar(last))) }
        return .nothing
    }

    /// The text after the last complete statement, and where it starts.
    public var rest: String { String(decoding: bytes[min(start, bytes.count)...], as: UTF8.self) }
    public var restOffset: Int { start }

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
