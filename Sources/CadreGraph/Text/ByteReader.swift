/// A cursor over UTF-8 bytes, in the vocabulary of jlox's scanner: `peek` looks, `advance`
/// moves, `match` moves only when the byte is the one expected. Backtracking is a value copy.
///
/// The bytes sit in a `ByteBuffer` (an array's copy, or a mapped file) and are read through a
/// pointer: no bounds-checked array access, no retain per read.
public struct ByteReader: @unchecked Sendable {
    public let bytes: UnsafeBufferPointer<UInt8>
    /// Keeps `bytes` alive.
    public let buffer: ByteBuffer
    /// Offset of the next byte to read.
    public var offset: Int

    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.init(ByteBuffer(copying: bytes), offset: offset)
    }

    public init(_ buffer: ByteBuffer, offset: Int = 0) {
        self.buffer = buffer
        self.bytes = buffer.bytes
        self.offset = offset
    }

    public var isAtEnd: Bool { offset >= bytes.count }

    /// The next byte, or 0 at the end.
    public var peek: UInt8 { offset < bytes.count ? bytes[offset] : 0 }

    /// The byte `distance` after the next one, or 0 past the end.
    public func peek(_ distance: Int) -> UInt8 {
        offset + distance < bytes.count ? bytes[offset + distance] : 0
    }

    @discardableResult
    public mutating func advance() -> UInt8 {
        let byte = peek
        offset += 1
        return byte
    }

    /// Consumes `byte` if it is next.
    public mutating func match(_ byte: UInt8) -> Bool {
        guard peek == byte, !isAtEnd else { return false }
        offset += 1
        return true
    }

    /// Consumes `word` if the next bytes spell it.
    @inline(__always)
    public mutating func match(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let expected = word.utf8Start
        for index in 0..<count where bytes[offset + index] != expected[index] { return false }
        offset += count
        return true
    }

    /// Skips spaces and tabs (and, when asked, newlines and carriage returns).
    public mutating func skipBlanks(newlines: Bool = false) {
        let bytes = self.bytes
        while offset < bytes.count {
            switch bytes[offset] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"): offset += 1
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                guard newlines else { return }
                offset += 1
            default: return
            }
        }
    }

    /// Consumes a decimal number as Cypher writes it: digits, then an optional `.digits`
    /// fraction and an optional exponent (`e`, a sign, digits). Returns true when the number has
    /// a fraction or an exponent, so it is a float. A sign before it is the caller's.
    public mutating func scanDecimalNumber() -> Bool {
        var isFloat = false
        while peek.isASCIIDigit { advance() }
        if peek == UInt8(ascii: ".") && peek(1).isASCIIDigit {
            isFloat = true
            advance()
            while peek.isASCIIDigit { advance() }
        }
        if peek | 0x20 == UInt8(ascii: "e") {
            let save = offset
            advance()
            if peek == UInt8(ascii: "-") || peek == UInt8(ascii: "+") { advance() }
            if peek.isASCIIDigit {
                isFloat = true
                while peek.isASCIIDigit { advance() }
            } else {
                offset = save
            }
        }
        return isFloat
    }

    /// What `scanEscape` found.
    public enum Escape: Equatable, Sendable {
        /// The bytes the escape stands for.
        case bytes([UInt8])
        /// `\u` or `\U` without 4 or 8 hex digits of a valid code point.
        case badUnicode
        /// A backslash before a letter that is no escape; the reader is left after the backslash.
        case unknown
    }

    /// Consumes one of Cypher's string escapes, the reader standing on its backslash:
    /// `\\ \' \" \n \r \t \b \f \uXXXX \UXXXXXXXX`.
    public mutating func scanEscape() -> Escape {
        let start = offset
        advance()
        let letter = advance()
        switch letter {
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): return .bytes([letter])
        case UInt8(ascii: "n"): return .bytes([0x0A])
        case UInt8(ascii: "r"): return .bytes([0x0D])
        case UInt8(ascii: "t"): return .bytes([0x09])
        case UInt8(ascii: "b"): return .bytes([0x08])
        case UInt8(ascii: "f"): return .bytes([0x0C])
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = letter == UInt8(ascii: "u") ? 4 : 8
            let digitsStart = offset
            while offset - digitsStart < count && peek.isASCIIHexDigit { advance() }
            guard offset - digitsStart == count, let value = UInt32(text(from: digitsStart), radix: 16),
                  let scalar = Unicode.Scalar(value) else { return .badUnicode }
            return .bytes(Array(String(scalar).utf8))
        default:
            offset = start + 1
            return .unknown
        }
    }

    /// The bytes of `range`, as raw memory.
    public func raw(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// The text of `start ..< offset`.
    public func text(from start: Int) -> String {
        String(decoding: bytes[start..<offset], as: UTF8.self)
    }
}

extension UInt8 {
    var isASCIIDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    var isASCIIHexDigit: Bool { isASCIIDigit || ((self | 0x20) >= UInt8(ascii: "a") && (self | 0x20) <= UInt8(ascii: "f")) }
    var isASCIILetter: Bool { (self | 0x20) >= UInt8(ascii: "a") && (self | 0x20) <= UInt8(ascii: "z") }
    /// A byte that may start a Cypher identifier: a letter, `_`, or any non-ASCII byte.
    var isIdentifierStart: Bool { isASCIILetter || self == UInt8(ascii: "_") || self >= 0x80 }
    var isIdentifierPart: Bool { isIdentifierStart || isASCIIDigit }
}
