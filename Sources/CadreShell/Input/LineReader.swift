import CadreGraph
/// One line typed or read, or why there is none.
public enum LineInput: Equatable, Sendable {
    case line(String)
    /// Ctrl-D on an empty line, or the end of a file or pipe.
    case endOfInput
    /// Ctrl-C while typing: the line is dropped.
    case cancelled
    /// A line that is not valid UTF-8: the byte offset of its first bad byte. Never run: a
    /// query is text.
    case malformed(offset: Int)

    /// The input for a line's bytes: `.line`, or `.malformed` when they are not UTF-8.
    static func decoding(_ bytes: some Collection<UInt8>) -> LineInput {
        let array = Array(bytes)
        if let bad = array.withUnsafeBufferPointer({ UTF8Validation.firstInvalidOffset(in: $0) }) { return .malformed(offset: bad) }
        return .line(String(decoding: array, as: UTF8.self))
    }
}

/// Where the input loop gets its lines: libedit on a terminal, plain reads from a file or a
/// pipe, or a script in tests.
public protocol LineReader: AnyObject {
    func readLine(prompt: String) -> LineInput
    /// Records a complete statement or command in the history (where there is one).
    func addHistory(_ entry: String)
    /// True when a person is typing: prompts, banner and questions make sense.
    var isInteractive: Bool { get }
}

/// Reads lines from a file descriptor without prompts, in large blocks (libedit reads a pipe
/// one byte per call).
public final class PlainLineReader: LineReader {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var position = 0
    private var ended = false

    public init(descriptor: Int32 = 0) {
        self.descriptor = descriptor
    }

    public var isInteractive: Bool { false }

    public func addHistory(_ entry: String) {}

    public func readLine(prompt: String) -> LineInput {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                var end = newline
                if end > position && buffer[end - 1] == 0x0D { end -= 1 }
                let line = LineInput.decoding(buffer[position..<end])
                position = newline + 1
                return line
            }
            if ended {
                guard position < buffer.count else { return .endOfInput }
                let line = LineInput.decoding(buffer[position...])
                position = buffer.count
                return line
            }
            if position > 0 {
                buffer.removeFirst(position)
                position = 0
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 {
                if count < 0 && errno == EINTR { continue }
                ended = true
            } else {
                buffer.append(contentsOf: chunk[0..<count])
            }
        }
    }
}

/// Lines given in advance, for tests of the input loop.
public final class ScriptedLineReader: LineReader {
    private var lines: [LineInput]
    public private(set) var prompts: [String] = []
    public private(set) var history: [String] = []
    public let isInteractive: Bool

    public init(_ lines: [LineInput], interactive: Bool = false) {
        self.lines = lines
        isInteractive = interactive
    }

    public convenience init(text: String, interactive: Bool = false) {
        self.init(text.split(separator: "\n", omittingEmptySubsequences: false).map { .line(String($0)) }, interactive: interactive)
    }

    public func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        return lines.isEmpty ? .endOfInput : lines.removeFirst()
    }

    public func addHistory(_ entry: String) { history.append(entry) }
}

#if canImport(Glibc)
import Glibc
#endif
