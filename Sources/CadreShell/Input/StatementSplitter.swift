import CadreQuery

/// Finds where statements end in typed text: at a `;` token outside brackets. It reads the
/// text through the query lexer (`Lexer(typed:)`), so strings, comments, backquoted names and
/// escapes are what the parser will see; it also says what is still open, for the
/// continuation prompt.
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
    /// Where lexing resumes (the end of the last token read, or where an open construct
    /// starts), and where the statement being read starts.
    private var index = 0
    private var start = 0
    private var brackets: [UInt8] = []
    private var unclosed = Lexer.Open.nothing

    public init() {}

    /// Complete statements (without their `;`, with the byte offset where each starts) and the
    /// text after the last `;`.
    public static func split(_ text: String) -> (statements: [(text: String, offset: Int)], rest: String, restOffset: Int, open: Open) {
        var splitter = StatementSplitter()
        let statements = splitter.append(text, final: true)
        return (statements, splitter.rest, splitter.restOffset, splitter.open)
    }

    /// Adds text (a line as it is typed) and returns the statements it completes. Lexing
    /// resumes where it stopped (an unclosed string or comment from its start), so a
    /// statement of many lines costs time in proportion to its length. Without `final`, a
    /// `/` at the very end (perhaps the start of a comment) waits for the next byte.
    @discardableResult
    public mutating func append(_ text: String, final: Bool = false) -> [(text: String, offset: Int)] {
        bytes.append(contentsOf: text.utf8)
        var statements: [(String, Int)] = []
        let base = index
        var lexer = Lexer(typed: Array(bytes[base...]))
        while let token = try? lexer.next() {
            let range = (token.range.start + base)..<(token.range.end + base)
            if token.kind == .end {
                // A `//` comment at the end goes on with the rest of its line, if more comes.
                let complete = lexer.open == .nothing || lexer.open == .lineComment && final
                index = complete ? bytes.count : lexer.openStart + base
                unclosed = lexer.open == .lineComment ? .nothing : lexer.open
                break
            }
            if !final && token.isSymbol("/") && range.upperBound == bytes.count {
                index = range.lowerBound
                unclosed = .nothing
                break
            }
            index = range.upperBound
            guard token.kind == .symbol, let symbol = token.text.utf8.first, token.text.utf8.count == 1 else { continue }
            switch symbol {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): brackets.append(symbol)
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): if !brackets.isEmpty { brackets.removeLast() }
            case UInt8(ascii: ";") where brackets.isEmpty:
                statements.append((String(decoding: bytes[start..<range.lowerBound], as: UTF8.self), start))
                start = range.upperBound
            default: break
            }
        }
        return statements
    }

    /// What is still open at the end of the text.
    public var open: Open {
        switch unclosed {
        case .string(let quote): return .string(Character(UnicodeScalar(quote)))
        case .comment: return .comment
        case .backquote: return .backquote
        case .nothing, .lineComment: return brackets.last.map { .bracket(Character(UnicodeScalar($0))) } ?? .nothing
        }
    }

    /// The text after the last complete statement, and where it starts.
    public var rest: String { String(decoding: bytes[min(start, bytes.count)...], as: UTF8.self) }
    public var restOffset: Int { start }

    /// True when `text` holds nothing but white space and comments (closed ones).
    public static func isBlank(_ text: String) -> Bool {
        // The first byte past white space decides, unless it may start a comment.
        let first = text.utf8.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C }
        guard let first else { return true }
        if first != UInt8(ascii: "/") && first != 0xC2 { return false }
        var lexer = Lexer(typed: Array(text.utf8))
        return (try? lexer.next())?.kind == .end && (lexer.open == .nothing || lexer.open == .lineComment)
    }
}
