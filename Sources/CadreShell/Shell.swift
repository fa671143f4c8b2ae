import CadreGraph
import CadreQuery
import Foundation

/// The session: the open graph and everything the user has set, and the input loop that serves
/// the terminal, `:read FILE`, `-f FILE` and piped scripts alike.
public final class Shell {
    public struct Options {
        public var format: OutputFormat = .table
        /// Print each statement before its result.
        public var echo = false
        /// Go on after an error in a script (the exit status still says there was one).
        public var keepGoing = false
        public var readOnly = false
        public var color = false
        /// Terminal width for tables; nil when not on a terminal.
        public var width: Int? = nil

        public init() {}
    }

    public internal(set) var graph: Graph
    /// The file the graph came from and `:save` writes to; nil for a new graph.
    public internal(set) var graphPath: String?
    /// True when the graph has changes not yet saved.
    public internal(set) var dirty = false
    public var options: Options
    var parameters: [String: Value] = [:]
    var maxRows = 1_000
    var timer = false
    var output = OutputSink.standardOutput
    /// Set by Ctrl-C (the SIGINT handler) while a query runs.
    public let cancel: CancelFlag
    /// Errors reported so far; a script run fails when this grows.
    public internal(set) var errorCount = 0
    var readDepth = 0
    var reader: LineReader?
    var history: [String] = []
    var quitRequested = false
    /// The last query result, for `:dot`.
    var lastResult: QueryResult?
    /// The last DOT `:dot` produced, for `:render`.
    var lastDOT: String?
    /// Where each statement that changes the graph goes until it is saved (interactive
    /// sessions on a graph file; see `SessionJournal`).
    var journal: SessionJournal?
    var journalFailed = false

    static let maxReadDepth = 16

    public init(graph: Graph, path: String?, options: Options, cancel: CancelFlag = CancelFlag()) {
        self.graph = graph
        graphPath = path
        self.options = options
        self.cancel = cancel
    }

    /// Reads and runs everything `reader` gives. Returns false when an error stopped it (or
    /// happened, with `keepGoing`).
    @discardableResult
    public func run(_ reader: LineReader, sourceName: String) -> Bool {
        let previousReader = self.reader
        self.reader = reader
        defer { self.reader = previousReader }
        let errorsBefore = errorCount
        var pending = ""
        // Scans `pending` as lines come: only the new line is read each time.
        var splitter = StatementSplitter()
        var pendingLine = 1
        var lineNumber = 0
        while !quitRequested {
            let prompt = pending.isEmpty ? "cadre> " : continuationPrompt(for: splitter.open)
            // Cleared before each prompt, not when a query starts: a Ctrl-C pressed as the query
            // begins must still count.
            cancel.clear()
            let input = reader.readLine(prompt: prompt)
            switch input {
            case .endOfInput:
                if !StatementSplitter.isBlank(pending) {
                    if reader.isInteractive {
                        pending = ""
                    } else {
                        let stop = !runStatements(pending, sourceName: sourceName, line: pendingLine, interactive: false)
                        pending = ""
                        if stop { return false }
                    }
                }
                return errorCount == errorsBefore
            case .cancelled:
                pending = ""
                splitter = StatementSplitter()
                continue
            case .malformed(let offset):
                // Never decoded into U+FFFD and run: the statement it belongs to is dropped.
                lineNumber += 1
                report("\(sourceName):\(lineNumber):\(offset + 1): error: the line is not valid UTF-8 (the statement it is part of is not run)")
                pending = ""
                splitter = StatementSplitter()
                if !reader.isInteractive && !options.keepGoing { return false }
                continue
            case .line(let line):
                lineNumber += 1
                if pending.isEmpty && StatementSplitter.isBlank(line) { continue }
                if StatementSplitter.isBlank(pending) && line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(":") {
                    pending = ""
                    splitter = StatementSplitter()
                    reader.addHistory(line)
                    remember(line)
                    let ok = runCommand(String(line.drop(while: { $0 == " " || $0 == "\t" })), sourceName: sourceName, line: lineNumber)
                    if !ok && !reader.isInteractive && !options.keepGoing { return false }
                    continue
                }
                if pending.isEmpty { pendingLine = lineNumber }
                let added = pending.isEmpty ? line : "\n" + line
                pending += added
                guard !splitter.append(added).isEmpty else { continue }
                let complete = String(pending.utf8.prefix(splitter.restOffset))!
                let rest = splitter.rest
                pending = StatementSplitter.isBlank(rest) ? "" : String(rest.drop { $0 == " " })
                splitter = StatementSplitter()
                splitter.append(pending)
                let entry = complete.trimmingCharacters(in: .whitespacesAndNewlines)
                reader.addHistory(entry)
                remember(entry)
                let ok = runStatements(complete, sourceName: sourceName, line: pendingLine, interactive: reader.isInteractive)
                pendingLine = lineNumber
                if !ok && !reader.isInteractive && !options.keepGoing { return false }
            }
        }
        return errorCount == errorsBefore
    }

    /// `  ...( ` for an open bracket, `  ...' ` for an open string, `  ... ` otherwise.
    func continuationPrompt(for pending: String) -> String {
        continuationPrompt(for: StatementSplitter.split(pending).open)
    }

    func continuationPrompt(for open: StatementSplitter.Open) -> String {
        switch open {
        case .bracket(let c): "  ...\(c) "
        case .string(let c): "  ...\(c) "
        case .comment: "  .../* "
        case .backquote: "  ...` "
        case .nothing: "  ... "
        }
    }

    func remember(_ entry: String) {
        if history.last != entry { history.append(entry) }
    }

    /// Prints an error to standard error and counts it; `error:` is red on a terminal unless
    /// NO_COLOR is set.
    func report(_ message: String) {
        errorCount += 1
        var text = message.hasSuffix("\n") ? message : message + "\n"
        if Self.colorErrors, let range = text.range(of: "error:") {
            text.replaceSubrange(range, with: "\u{1B}[1;31merror:\u{1B}[0m")
        }
        FileHandle.standardError.write(Data(text.utf8))
    }

    static let colorErrors = isatty(2) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    /// Prints a notice (not an error) to standard error.
    func notice(_ message: String) {
        FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
    }

    /// A one-line summary of the graph for the banner and `:open`.
    var summaryLine: String {
        "\(graphPath ?? "(new graph)"): \(graph.nodeCount) nodes, \(graph.edgeCount) edges"
    }
}

/// Where results go: standard output, or a file chosen with `:output`.
final class OutputSink {
    let handle: FileHandle
    let path: String?

    init(handle: FileHandle, path: String?) {
        self.handle = handle
        self.path = path
    }

    static var standardOutput: OutputSink { OutputSink(handle: .standardOutput, path: nil) }

    func write(_ text: String) {
        handle.write(Data(text.utf8))
    }
}
