/// A human-facing position: 1-based line, and 1-based column counted in Unicode scalars from the
/// start of the line (so `Trần` is four columns wide whatever its UTF-8 length).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}
