import CadreExport
import CadreGraph
import CadreQuery
import Foundation

extension Shell {
    /// Options shared by `:dot` and `:render`, taken out of the words.
    struct DOTOptions {
        var closed = false
        var types: [String] = []
        var labels: [String] = []
        var limit = 500
        var writer = DOTWriter()
        var rest: [String] = []
    }

    func parseDOTOptions(_ words: [String]) -> DOTOptions? {
        var options = DOTOptions()
        var index = 0
        func value() -> String? {
            index += 1
            return index < words.count ? words[index] : nil
        }
        while index < words.count {
            let word = words[index]
            switch word {
            case "--closed": options.closed = true
            case "--types": options.types = (value() ?? "").split(separator: ",").map(String.init)
            case "--labels": options.labels = (value() ?? "").split(separator: ",").map(String.init)
            case "--max":
                guard let limit = value().flatMap(Int.init), limit > 0 else { report("--max needs a positive number"); return nil }
                options.limit = limit
            case "--rankdir":
                guard let direction = value().flatMap({ DOTWriter.Direction(rawValue: $0.uppercased()) }) else {
                    report("--rankdir is one of LR, TB, RL, BT"); return nil
                }
                options.writer.rankdir = direction
            case "--cluster-by":
                guard value() == "organization" else { report("--cluster-by takes `organization`"); return nil }
                options.writer.clusterByOrganization = true
            case "--no-legend": options.writer.legend = false
            default:
                if word.hasPrefix("--") { report("unknown option \(word) for :dot"); return nil }
                options.rest.append(word)
            }
            index += 1
        }
        return options
    }

    /// `:dot [FILE]`, `:dot ego ID [DEPTH] [FILE]`, `:dot path ID1 ID2 [FILE]`: DOT to FILE or to
    /// the current output.
    func dot(_ words: [String]) -> Bool {
        guard let options = parseDOTOptions(words), let (text, file) = dotText(options) else { return false }
        lastDOT = text
        guard let file else {
            output.write(text)
            return true
        }
        do {
            try AtomicFile.write(Array(text.utf8), to: file)
        } catch {
            report("\(error)")
            return false
        }
        notice("wrote \(file)")
        return true
    }

    /// The DOT for the options, and the file named in them.
    private func dotText(_ options: DOTOptions) -> (String, String?)? {
        var rest = options.rest
        var subgraph: Subgraph
        switch rest.first {
        case "ego":
            rest.removeFirst()
            guard let id = rest.first, let center = resolveNode(id) else {
                if rest.isEmpty { report(":dot ego needs a node id") }
                return nil
            }
            rest.removeFirst()
            var depth = 1
            if let first = rest.first, let number = Int(first) { depth = number; rest.removeFirst() }
            switch Subgraph.ego(center, depth: depth, types: options.types, labels: options.labels, limit: options.limit, in: graph) {
            case .success(let found): subgraph = found
            case .failure(let error):
                report("the neighbourhood within \(depth) hops has more than \(error.limit) nodes (\(error.nodes) reached); raise --max or narrow --types")
                return nil
            }
        case "path":
            rest.removeFirst()
            guard rest.count >= 2, let source = resolveNode(rest[0]), let target = resolveNode(rest[1]) else {
                if rest.count < 2 { report(":dot path needs two node ids") }
                return nil
            }
            rest.removeFirst(2)
            guard let found = Subgraph.shortestPaths(from: source, to: target, in: graph) else {
                report("no path joins \(options.rest[1]) and \(options.rest[2])")
                return nil
            }
            subgraph = found
        default:
            guard let lastResult else { report("no result to export yet: run a query first, or use :dot ego ID"); return nil }
            subgraph = Subgraph(values: lastResult.rows.flatMap { $0 }, in: graph)
            if subgraph.nodes.isEmpty { report("the last result holds no nodes, relationships or paths to draw"); return nil }
        }
        if options.closed { subgraph.close(in: graph) }
        guard subgraph.nodes.count <= options.limit else {
            report("the export has \(subgraph.nodes.count) nodes, more than \(options.limit); raise --max")
            return nil
        }
        if rest.count > 1 { report("unexpected words: \(rest.dropFirst().joined(separator: " "))"); return nil }
        return (options.writer.write(subgraph, of: graph), rest.first)
    }

    /// `:render FILE.svg|.png [what :dot takes]`: the picture through Graphviz's `dot`.
    func render(_ words: [String]) -> Bool {
        guard let file = words.first, let format = Renderer.format(of: file) else {
            report(":render needs a file ending in .svg, .png or .pdf")
            return false
        }
        var text = lastDOT
        if words.count > 1 || text == nil {
            guard let options = parseDOTOptions(Array(words.dropFirst())), let (produced, _) = dotText(options) else { return false }
            text = produced
        }
        switch Renderer.render(text!, format: format, to: file) {
        case .success:
            notice("wrote \(file)")
            return true
        case .failure(let error):
            report(error.description)
            return false
        }
    }
}

/// Runs Graphviz's `dot` on DOT text, with a time limit.
public enum Renderer {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static let timeout: Double = 30

    static func format(of file: String) -> String? {
        let lowered = file.lowercased()
        for format in ["svg", "png", "pdf"] where lowered.hasSuffix("." + format) { return format }
        return nil
    }

    public static func dotExecutable() -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = directory + "/dot"
            if FileManager.default.isExecutableFile(atPath: String(path)) { return String(path) }
        }
        return nil
    }

    public static func render(_ dot: String, format: String, to file: String) -> Result<Void, Failure> {
        guard let executable = dotExecutable() else {
            return .failure(Failure(description: "Graphviz is not installed: `apt-get install graphviz` provides `dot`"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-T\(format)", "-o", file]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { return .failure(Failure(description: "cannot run \(executable): \(error)")) }
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        // dot may exit before reading everything (a bad option, a crash): the write then
        // fails with EPIPE instead of killing cadre with SIGPIPE, and dot's status says why.
        let previous = signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: Data(dot.utf8))
        try? input.fileHandleForWriting.close()
        signal(SIGPIPE, previous)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        timer.cancel()
        if process.terminationReason == .uncaughtSignal {
            return .failure(Failure(description: "dot took more than \(Int(timeout)) s and was stopped; export fewer nodes"))
        }
        guard process.terminationStatus == 0 else {
            return .failure(Failure(description: "dot failed: " + message.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        return .success(())
    }
}
