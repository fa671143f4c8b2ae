import CadreGraph
import CadreQuery
import Foundation

/// Starts cadre the way the command line asks: queries from `-c`, a script from `-f`, piped
/// standard input, or the interactive shell on a terminal. Returns the exit status.
public enum Launcher {
    /// Documented exit statuses.
    public enum Status: Int32 {
        case ok = 0, queryError = 1, usage = 2, graphFileError = 3
    }

    public struct Request {
        public var graphPath: String?
        public var commands: [String] = []
        public var file: String?
        public var format: OutputFormat?
        public var echo = false
        public var keepGoing = false
        public var save = false
        public var readOnly = false
        public var noHistory = false
        /// Draw the last result with Graphviz into this file (.svg, .png, .pdf).
        public var render: String?
        public var version = ""

        public init() {}
    }

    /// Set by SIGINT while a query runs; polled by the executor.
    static let interrupt = CancelFlag()

    public static func run(_ request: Request) -> Status {
        let stdinIsTerminal = isatty(0) == 1
        let stdoutIsTerminal = isatty(1) == 1
        var graph = Graph()
        if let path = request.graphPath {
            for stale in AtomicFile.removeStaleTemporaries(of: path) {
                FileHandle.standardError.write(Data("cadre: removed \(stale), left by a save that was interrupted\n".utf8))
            }
            do {
                graph = try GraphFileReader.read(path: path)
            } catch let error as DiagnosticList {
                FileHandle.standardError.write(Data(error.rendered().utf8))
                return .graphFileError
            } catch {
                FileHandle.standardError.write(Data("cadre: \(error)\n".utf8))
                return .graphFileError
            }
        }
        var options = Shell.Options()
        options.format = request.format ?? (stdoutIsTerminal ? .box : .table)
        options.echo = request.echo
        options.keepGoing = request.keepGoing
        options.readOnly = request.readOnly
        options.width = stdoutIsTerminal ? LibEditLineReader.terminalWidth() : nil
        let shell = Shell(graph: graph, path: request.graphPath, options: options, cancel: interrupt)

        let interactive = request.commands.isEmpty && request.file == nil && stdinIsTerminal && stdoutIsTerminal
        if interactive {
            // While the user reads the banner and types, the index behind name searches and the
            // columns of the keys most entities hold are built (`Graph.prepare`).
            graph.prepare()
            return runInteractive(shell, request)
        }
        if let path = request.graphPath, let records = SessionJournal.records(at: SessionJournal.path(for: path)), !records.isEmpty {
            FileHandle.standardError.write(Data("cadre: \(SessionJournal.path(for: path)) holds \(records.count) statement(s) of an interrupted session, not saved; open the graph in the shell to replay them\n".utf8))
        }
        var ok = true
        if !request.commands.isEmpty {
            for (index, command) in request.commands.enumerated() {
                let name = request.commands.count == 1 ? "<query>" : "<query \(index + 1)>"
                let reader = ScriptedLineReader(text: command)
                ok = shell.run(reader, sourceName: name) && ok
                if !ok && !request.keepGoing { break }
            }
        } else if let file = request.file {
            ok = shell.readFile([file])
        } else {
            ok = shell.run(PlainLineReader(descriptor: 0), sourceName: "<stdin>")
        }
        if let file = request.render, ok, !shell.render([file]) { ok = false }
        if request.save && shell.dirty && !shell.save([]) { ok = false }
        return ok && shell.errorCount == 0 ? .ok : .queryError
    }

    private static func runInteractive(_ shell: Shell, _ request: Request) -> Status {
        guard let reader = LibEditLineReader(historyPath: request.noHistory ? nil : historyPath()) else {
            return shell.run(PlainLineReader(descriptor: 0), sourceName: "<stdin>") ? .ok : .queryError
        }
        reader.completer = { Completer(shell: shell).complete($0) }
        signal(SIGINT) { _ in Launcher.interrupt.set() }
        let name = request.graphPath.map { "\($0): \(shell.graph.nodeCount) nodes, \(shell.graph.edgeCount) edges" } ?? "a new, empty graph"
        print("cadre \(request.version) — \(name)")
        print("Type :help for help; end a statement with ; to run it.")
        if let path = request.graphPath, !request.readOnly {
            offerToReplay(shell, reader, SessionJournal(graphPath: path))
        }
        shell.run(reader, sourceName: "<stdin>")
        if !shell.quitRequested { print("") } // after the ^D libedit echoes
        shell.quitRequested = false
        shell.reader = reader
        while !shell.offerToSave() {
            shell.run(reader, sourceName: "<stdin>")
            shell.reader = reader
        }
        return .ok
    }

    /// Replays the journal a session that ended without saving left (when the user agrees),
    /// then keeps this session's changes in it.
    static func offerToReplay(_ shell: Shell, _ reader: LineReader, _ journal: SessionJournal) {
        defer { shell.journal = journal }
        guard let records = SessionJournal.records(at: journal.path), !records.isEmpty else { return }
        let statements = records.count
        print("A session on this graph ended without saving \(statements) statement\(statements == 1 ? "" : "s") (kept in \(journal.path)).")
        var answer = ""
        while true {
            guard case .line(let line) = reader.readLine(prompt: "Replay them now? [Y/n] ") else { return }
            answer = line.trimmingCharacters(in: .whitespaces).lowercased()
            if ["", "y", "yes", "n", "no"].contains(answer) { break }
        }
        if answer.hasPrefix("n") {
            let aside = journal.path + ".declined"
            rename(journal.path, aside)
            print("Not replayed; the statements are in \(aside).")
            return
        }
        // Read whole, then replayed through the shell, which writes them to a fresh journal.
        unlink(journal.path)
        shell.journal = journal
        let before = shell.errorCount
        shell.run(ScriptedLineReader(text: records.joined()), sourceName: journal.path)
        shell.reader = reader
        let failed = shell.errorCount - before
        print("Replayed \(statements) statement\(statements == 1 ? "" : "s")\(failed > 0 ? ", stopped at an error" : ""); :save keeps the result.")
    }

    /// `$CADRE_HISTORY`, else `$XDG_STATE_HOME/cadre/history` (when absolute), else
    /// `~/.local/state/cadre/history`; nil (no history) for /dev/null.
    static func historyPath() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["CADRE_HISTORY"], !path.isEmpty {
            return path == "/dev/null" ? nil : path
        }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/cadre/history"
        }
        return NSHomeDirectory() + "/.local/state/cadre/history"
    }
}
