import CadreGraph

/// Splits a query into tokens, working on UTF-8 bytes.
///
/// Comments (`//` to the end of the line, `/* ... */`) and white space are skipped. Errors
/// (an unterminated string or comment, a bad escape, a stray character) are `QueryError`s with
/// the offending range.
public struct Lexer {
    private var reader: ByteReader
    /// Reading typed text (see `init(typed:)`): nothing is an error.
    private let typed: Bool

    /// What typed text leaves open at its end.
    public enum Open: Equatable, Sendable {
        case nothing
        /// A string, by its quote (`'` or `"`).
        case string(UInt8)
        case comment
        case backquote
        /// A `//` comment the text ends in, before its line ends: more of the line may follow
        /// (and be part of it). Nothing is unclosed once the text is complete.
        case lineComment
    }

    /// What the text read so far leaves open, and where that starts (typed text only).
    public private(set) var open = Open.nothing
    public private(set) var openStart = 0

    public init(_ source: SourceText) {
        reader = ByteReader(source.bytes)
        typed = false
    }

    /// A lexer of text as it is typed, which may stop anywhere: a string, comment or backquoted
    /// name the text leaves unclosed ends the tokens and is `open` (from `openStart`); what
    /// `next` refuses in a query (a stray character, a bad escape, a number run into letters,
    /// `$` without a name) is a token all the same. The shell reads statements' ends and the
    /// context of a completion through it: the same tokens the parser reads.
    public init(typed bytes: [UInt8]) {
        reader = ByteReader(bytes)
        typed = true
    }

    /// The tokens of typed text (without the end), and what it leaves open.
    public static func typedTokens(_ bytes: [UInt8]) -> (tokens: [Token], open: Open, openStart: Int) {
        var lexer = Lexer(typed: bytes)
        var tokens: [Token] = []
        while let token = try? lexer.next(), token.kind != .end { tokens.append(token) }
        return (tokens, lexer.open, lexer.openStart)
    }

    /// Ends typed text at an unclosed construct starting at `start`: nothing after it is read.
    private mutating func leaveOpen(_ what: Open, at start: Int) -> Token {
        open = what
        openStart = start
        reader.offset = reader.bytes.count
        return Token(kind: .end, range: .at(start), text: "")
    }

    public static func tokenize(_ source: SourceText) throws(QueryError) -> [Token] {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private static let twoByteSymbols: Set<String> = ["<=", ">=", "<>", "!=", "=~", "..", "+="]

    public mutating func next() throws(QueryError) -> Token {
        if open != .nothing { return Token(kind: .end, range: .at(openStart), text: "") }
        if let (what, start) = try skipTrivia() { return leaveOpen(what, at: start) }
        let start = reader.offset
        guard !reader.isAtEnd else { return Token(kind: .end, range: .at(start), text: "") }
        let byte = reader.peek
        if byte.isIdentifierStartByte {
            while reader.peek.isIdentifierPartByte { reader.advance() }
            return token(.identifier, from: start, text: reader.text(from: start))
        }
        if byte.isDigit || (byte == UInt8(ascii: ".") && reader.peek(1).isDigit) {
            return try number(from: start)
        }
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return try string(from: start)
        case UInt8(ascii: "`"):
            return try quotedIdentifier(from: start)
        case UInt8(ascii: "$"):
            reader.advance()
            let nameStart = reader.offset
            if reader.peek == UInt8(ascii: "`") {
                let quoted = try quotedIdentifier(from: nameStart)
                return token(.parameter, from: start, text: quoted.text)
            }
            while reader.peek.isIdentifierPartByte { reader.advance() }
            guard reader.offset > nameStart || typed else {
                throw QueryError(.syntax, "expected a parameter name after `$`", at: SourceRange(start: start, end: reader.offset))
            }
            return token(.parameter, from: start, text: reader.text(from: nameStart))
        default:
            break
        }
        if reader.offset + 1 < reader.bytes.count {
            let pair = String(decoding: reader.bytes[reader.offset..<reader.offset + 2], as: UTF8.self)
            if Self.twoByteSymbols.contains(pair) {
                reader.offset += 2
                return token(.symbol, from: start, text: pair)
            }
        }
        if "()[]{},.:;|+-*/%^=<>~".utf8.contains(byte) {
            reader.advance()
            return token(.symbol, from: start, text: String(UnicodeScalar(byte)))
        }
        let length = max(1, utf8Length(of: byte))
        reader.offset = min(reader.bytes.count, start + length)
        if typed { return token(.symbol, from: start, text: reader.text(from: start)) }
        throw QueryError(.syntax, "unexpected character `\(reader.text(from: start))`", at: SourceRange(start: start, end: reader.offset))
    }

    private func token(_ kind: Token.Kind, from start: Int, text: String) -> Token {
        Token(kind: kind, range: SourceRange(start: start, end: reader.offset), text: text)
    }

    /// Skips white space and comments; in typed text, returns a comment the text ends in
    /// (unclosed, or a `//` comment before its newline) and where it starts.
    private mutating func skipTrivia() throws(QueryError) -> (Open, Int)? {
        while !reader.isAtEnd {
            let byte = reader.peek
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                reader.advance()
            } else if byte == 0xC2 && reader.peek(1) == 0xA0 {
                reader.offset += 2 // no-break space, common in pasted text
            } else if byte == UInt8(ascii: "/") && reader.peek(1) == UInt8(ascii: "/") {
                let start = reader.offset
                while !reader.isAtEnd && reader.peek != 0x0A { reader.advance() }
                if typed && reader.isAtEnd { return (.lineComment, start) }
            } else if byte == UInt8(ascii: "/") && reader.peek(1) == UInt8(ascii: "*") {
                let start = reader.offset
                reader.offset += 2
                while !(reader.peek == UInt8(ascii: "*") && reader.peek(1) == UInt8(ascii: "/")) {
                    guard !reader.isAtEnd else {
                        if typed { return (.comment, start) }
                        throw QueryError(.syntax, "unterminated comment: no closing */", at: SourceRange(start: start, end: start + 2))
                    }
                    reader.advance()
                }
                reader.offset += 2
            } else {
                return nil
            }
        }
        return nil
    }

    private mutating func number(from start: Int) throws(QueryError) -> Token {
        if reader.peek == UInt8(ascii: "0") && (reader.peek(1) | 0x20 == UInt8(ascii: "x") || reader.peek(1) | 0x20 == UInt8(ascii: "o")) {
            reader.offset += 2
            while reader.peek.isIdentifierPartByte { reader.advance() }
            return token(.integer, from: start, text: reader.text(from: start))
        }
        let isFloat = reader.scanDecimalNumber()
        if reader.peek.isIdentifierStartByte && !typed {
            while reader.peek.isIdentifierPartByte { reader.advance() }
            throw QueryError(.syntax, "invalid number `\(reader.text(from: start))`", at: SourceRange(start: start, end: reader.offset))
        }
        return token(isFloat ? .float : .integer, from: start, text: reader.text(from: start))
    }

    private mutating func string(from start: Int) throws(QueryError) -> Token {
        let quote = reader.advance()
        var bytes: [UInt8] = []
        while true {
            guard !reader.isAtEnd else {
                if typed { return leaveOpen(.string(quote), at: start) }
                throw QueryError(.syntax, "unterminated string: no closing \(quote == UInt8(ascii: "'") ? "'" : "\"")",
                                 at: SourceRange(start: start, end: start + 1))
            }
            let byte = reader.advance()
            if byte == quote { break }
            guard byte == UInt8(ascii: "\\") else { bytes.append(byte); continue }
            let escapeStart = reader.offset - 1
            reader.offset = escapeStart
            switch reader.scanEscape() {
            case .bytes(let decoded): bytes.append(contentsOf: decoded)
            case .badUnicode where typed, .unknown where typed: break
            case .badUnicode:
                throw QueryError(.syntax, "invalid unicode escape", at: SourceRange(start: escapeStart, end: reader.offset))
            case .unknown:
                throw QueryError(.syntax, "invalid escape sequence", at: SourceRange(start: escapeStart, end: min(escapeStart + 2, reader.bytes.count)))
            }
        }
        return token(.string, from: start, text: Normalization.nfc(String(decoding: bytes, as: UTF8.self)))
    }

    private mutating func quotedIdentifier(from start: Int) throws(QueryError) -> Token {
        reader.advance()
        var bytes: [UInt8] = []
        while true {
            guard !reader.isAtEnd else {
                if typed { return leaveOpen(.backquote, at: start) }
                throw QueryError(.syntax, "unterminated backquoted name", at: SourceRange(start: start, end: start + 1))
            }
            let byte = reader.advance()
            if byte == UInt8(ascii: "`") {
                if reader.peek == UInt8(ascii: "`") { reader.advance(); bytes.append(byte); continue }
                break
            }
            bytes.append(byte)
        }
        return token(.quotedIdentifier, from: start, text: Normalization.nfc(String(decoding: bytes, as: UTF8.self)))
    }

    private func utf8Length(of lead: UInt8) -> Int {
        switch lead {
        case 0xC0...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF7: 4
        default: 1
        }
    }
}

extension UInt8 {
    var isDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isIdentifierStartByte: Bool {
        ((self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A) || self == UInt8(ascii: "_") || self >= 0x80
    }
    var isIdentifierPartByte: Bool { isIdentifierStartByte || isDigit }
}
