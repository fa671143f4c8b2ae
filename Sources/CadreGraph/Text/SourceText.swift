/// The bytes of a file or a typed statement, with a name to show in diagnostics.
///
/// Line starts are computed lazily, only when a location is asked for: lexers and readers keep
/// plain byte offsets and pay for lines and columns only when an error is shown.
public struct SourceText: Sendable {
    /// What diagnostics call the text: a file path, or a label such as `<query>`.
    public var name: String
    public let bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// The offset of the first byte of the line holding `offset`.
    public func lineStart(of offset: Int) -> Int {
        var index = min(offset, bytes.count)
        while index > 0 && bytes[index - 1] != UInt8(ascii: "\n") { index -= 1 }
        return index
    }

    /// The offset of the newline ending the line holding `offset` (or the end of the text).
    public func lineEnd(of offset: Int) -> Int {
        var index = min(offset, bytes.count)
        while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
        return index
    }

    /// Line and scalar column of a byte offset. An offset inside an invalid or partial UTF-8
    /// sequence counts each byte before it as one column.
    public func location(of offset: Int) -> SourceLocation {
        let clamped = min(max(offset, 0), bytes.count)
        var line = 1
        for index in 0..<clamped where bytes[index] == UInt8(ascii: "\n") { line += 1 }
        let start = lineStart(of: clamped)
        var column = 1
        for index in start..<clamped where bytes[index] & 0xC0 != 0x80 { column += 1 }
        return SourceLocation(line: line, column: column)
    }

    /// The text of the line holding `offset`, without its newline (a trailing `\r` is dropped).
    public func lineText(of offset: Int) -> String {
        var end = lineEnd(of: offset)
        let start = lineStart(of: offset)
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The exact source text of a range.
    public func text(in range: SourceRange) -> String {
        String(decoding: bytes[range.start..<min(range.end, bytes.count)], as: UTF8.self)
    }
}
