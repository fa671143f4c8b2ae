import ArgumentParser
import CadreExport
import CadreGraph
import CadreShell
import Foundation

extension OutputFormat: ExpressibleByArgument {}

/// `cadre`: argument parsing only; the work is done by the library modules.
@main
struct Cadre: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "cadre",
        abstract: "A shell for exploring an organization-and-personnel knowledge graph.",
        usage: """
            cadre [GRAPH] [-c QUERY]... [-f FILE] [--format FORMAT] [options]
              cadre check GRAPH | fmt [--check] GRAPH... | import ... | export csv GRAPH --out DIR
            """,
        discussion: """
            Exit codes: 0 success; 1 an error in a query or script, an invalid file for `check`, or \
            a file not in canonical form for `fmt --check`; 2 bad command-line usage; 3 the graph \
            file could not be opened or read.
            """,
        version: version,
        subcommands: [Open.self, Check.self, Format.self, Import.self, Export.self],
        defaultSubcommand: Open.self
    )

    /// Runs the parsed command; usage errors exit 2 (as grep and diff do) rather than 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

extension Cadre {
    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open",
            abstract: "Open a graph in the interactive shell, or run queries on it.",
            discussion: """
                On a terminal, opens the shell. With -c or -f, or with standard input from a pipe, runs the \
                statements and :commands given and exits: 0 if all went well, 1 after an error (the first \
                error stops a script unless --keep-going).
                """)

        @Argument(help: "The graph file (none: a new, empty graph).", completion: .file(extensions: ["cg"]))
        var graph: String?

        @Option(name: .customShort("c"), help: "Run a query and exit (repeatable; statements may be separated by `;`).")
        var commands: [String] = []

        @Option(name: .customShort("f"), help: "Run the statements and :commands in a file and exit.",
                completion: .file())
        var file: String?

        @Option(help: "How results are written: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: box on a terminal, table otherwise).")
        var format: OutputFormat?

        @Flag(help: "Print each statement before its result.")
        var echo = false

        @Flag(help: "Go on after an error in a script (the exit status is still 1).")
        var keepGoing = false

        @Flag(help: "Save changes to the graph file at the end of a batch run (never done otherwise).")
        var save = false

        @Flag(help: "Refuse statements that change the graph.")
        var readOnly = false

        @Flag(help: "Do not read or write the history file.")
        var noHistory = false

        @Option(help: "Draw the last result with Graphviz into this file (.svg, .png or .pdf).", completion: .file())
        var render: String?

        func run() throws {
            var request = Launcher.Request()
            request.graphPath = graph
            request.commands = commands
            request.file = file
            request.format = format
            request.echo = echo
            request.keepGoing = keepGoing
            request.save = save
            request.readOnly = readOnly
            request.noHistory = noHistory
            request.render = render
            request.version = Cadre.version
            let status = Launcher.run(request)
            if status != .ok { throw ExitCode(status.rawValue) }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a graph file and print its counts per label and edge type.")

        @Argument(help: "The graph file.", completion: .file(extensions: ["cg"]))
        var graph: String

        func run() throws {
            // A check always parses the text: a snapshot says only that an earlier cadre read it.
            let loaded = try loadOrExit(graph, cache: false)
            print(GraphSummary(loaded).text, terminator: "")
        }
    }

    struct Format: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fmt", abstract: "Rewrite graph files in canonical form.")

        @Flag(help: "Change nothing; list the files not in canonical form and exit 1 if there are any.")
        var check = false

        @Argument(help: "The graph files.", completion: .file(extensions: ["cg"]))
        var graphs: [String]

        func run() throws {
            var differing = false
            for path in graphs {
                let loaded = try loadOrExit(path)
                if try GraphFileWriter.isCanonical(loaded, at: path) { continue }
                differing = true
                if check {
                    print(path)
                } else {
                    try AtomicFile.write(to: path) { try GraphFileWriter.write(loaded, to: $0) }
                }
            }
            if check && differing { throw ExitCode(1) }
        }
    }
}

extension Cadre {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a graph file from CSV files in the Neo4j admin-import convention, a Cypher script or JSON lines.")

        @Option(parsing: .upToNextOption, help: "Node files (header: id:ID,name,born:date,...,:LABEL).")
        var nodes: [String] = []

        @Option(help: ArgumentHelp("A Cypher script to run on an empty graph instead (what `cadre export cypher` writes).", valueName: "file"))
        var cypher: String?

        @Option(help: ArgumentHelp("JSON lines to read instead (what `cadre export jsonl` and APOC's export.json write).", valueName: "file"))
        var jsonl: String?

        @Option(parsing: .upToNextOption, help: "Relationship files (header: :START_ID,:END_ID,...,:TYPE).")
        var relationships: [String] = []

        @Option(help: "The graph file to write (by default the --into graph).")
        var out: String?

        @Option(help: ArgumentHelp("Add the rows to this graph file (nodes matched by id) instead of starting empty.", valueName: "graph"))
        var into: String?

        @Option(name: .customLong("skip-bad-rows"),
                help: ArgumentHelp("Leave out rows that cannot be imported, listing each with its reason in this file.", valueName: "report"))
        var report: String?

        func validate() throws {
            if out == nil && into == nil { throw ValidationError("Name the graph file to write: --out FILE, or --into GRAPH to add to one.") }
            if (cypher != nil || jsonl != nil) && (into != nil || !nodes.isEmpty || !relationships.isEmpty || (cypher != nil && jsonl != nil)) {
                throw ValidationError("--cypher and --jsonl read a whole graph from one file: use one alone, with --out.")
            }
        }

        func run() throws {
            let out = self.out ?? into!
            if cypher != nil || jsonl != nil {
                do {
                    var graph = try cypher.map { try CypherScriptImporter.read(path: $0) } ?? JSONLinesImporter.read(path: jsonl!)
                    graph.mintMissingIDs()
                    try AtomicFile.write(to: out) { try GraphFileWriter.write(graph, to: $0) }
                    print("\(out): \(graph.nodeCount) nodes, \(graph.edgeCount) edges")
                } catch let error as CypherScriptImporter.ImportError {
                    FileHandle.standardError.write(Data("\(error)\n".utf8))
                    throw ExitCode(1)
                } catch let error as GraphWriteError {
                    FileHandle.standardError.write(Data("\(error)\n".utf8))
                    throw ExitCode(1)
                } catch let error as CSVImporter.ImportFailure {
                    FileHandle.standardError.write(Data("\(error)\n".utf8))
                    throw ExitCode(1)
                }
                return
            }
            do {
                let base = try into.map { try GraphFileReader.read(path: $0) }
                var imported = try CSVImporter.read(nodes: nodes, relationships: relationships, skippingBadRows: report != nil,
                                                    into: base)
                for note in imported.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
                imported.graph.mintMissingIDs()
                try AtomicFile.write(to: out) { try GraphFileWriter.write(imported.graph, to: $0) }
                if let report {
                    let text = imported.rejected.map { "\($0.error)\n  \($0.row)\n" }.joined()
                    try AtomicFile.write(Array(text.utf8), to: report)
                    if !imported.rejected.isEmpty {
                        FileHandle.standardError.write(Data("left out \(imported.rejected.count) bad rows; \(report) lists them with their reasons\n".utf8))
                    }
                }
                if base != nil { print(imported.summary) }
                print("\(out): \(imported.graph.nodeCount) nodes, \(imported.graph.edgeCount) edges")
            } catch let error as CSVImporter.ImportFailure {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(1)
            } catch let error as DiagnosticList {
                FileHandle.standardError.write(Data(error.rendered().utf8))
                throw ExitCode(1)
            } catch let error as GraphFileError {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a graph for other tools: csv (Neo4j admin-import files), cypher (a script for Neo4j or Memgraph), jsonl (one JSON object a line).")

        @Argument(help: "The format: csv, cypher or jsonl.")
        var format: String

        @Argument(help: "The graph file.", completion: .file(extensions: ["cg"]))
        var graph: String

        @Option(help: "The directory for csv files; the file for cypher and jsonl.")
        var out: String

        @Option(help: "For cypher: neo4j (cypher-shell) or memgraph (mgconsole).")
        var dialect: String = "neo4j"

        func validate() throws {
            if !["csv", "cypher", "jsonl"].contains(format) {
                throw ValidationError("The export formats are csv, cypher and jsonl (DOT is in the shell: :dot).")
            }
            if CypherExporter.Dialect(rawValue: dialect) == nil { throw ValidationError("--dialect is neo4j or memgraph.") }
        }

        func run() throws {
            let loaded = try loadOrExit(graph)
            switch format {
            case "cypher":
                let text = try CypherExporter.export(loaded, dialect: CypherExporter.Dialect(rawValue: dialect)!)
                try AtomicFile.write(Array(text.utf8), to: out)
                print("\(out): \(loaded.nodeCount) nodes, \(loaded.edgeCount) edges")
            case "jsonl":
                try AtomicFile.write(Array(try JSONLinesExporter.export(loaded).utf8), to: out)
                print("\(out): \(loaded.nodeCount) nodes, \(loaded.edgeCount) edges")
            default:
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                let files = try CSVExporter.export(loaded)
                for file in files { try AtomicFile.write(Array(file.text.utf8), to: out + "/" + file.name) }
                print("\(files.count) files in \(out)")
            }
        }
    }
}

/// Reads a graph file, or prints why it cannot and exits: 1 for bad content, 3 for no file.
func loadOrExit(_ path: String, cache: Bool = true) throws -> Graph {
    do {
        return try GraphFileReader.read(path: path, cache: cache)
    } catch let error as DiagnosticList {
        FileHandle.standardError.write(Data(error.rendered().utf8))
        throw ExitCode(1)
    } catch let error as GraphFileError {
        FileHandle.standardError.write(Data("cadre: \(error)\n".utf8))
        throw ExitCode(3)
    }
}
