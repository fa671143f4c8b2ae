import CadreExport
import CadreGraph
import CadreQuery
import Foundation

extension Shell {
    func find(_ text: String) -> Bool {
        guard !text.isEmpty else { report(":find needs a text, as in :find tran quoc"); return false }
        let hits = NodeSearch.find(text, in: graph)
        if hits.isEmpty {
            output.write("no node's name or id contains \"\(text)\"\n")
            return true
        }
        let rows: [[Value]] = hits.map { hit in
            [.string(hit.id), .string(graph.labelNames(of: hit.node).map { ":" + $0 }.joined()), .string(hit.name)]
        }
        let result = QueryResult(columns: ["id", "labels", "name"], rows: rows, statistics: UpdateStatistics())
        output.write(options.format.render(result, graph: graph, width: options.width))
        return true
    }

    /// The node an argument names: an id, or else a name or id text matching exactly one node.
    func resolveNode(_ argument: String) -> NodeID? {
        if let node = graph.node(withID: argument) { return node }
        let hits = NodeSearch.find(argument, in: graph)
        if hits.count == 1 || (hits.count > 1 && hits[0].rank == 0 && hits[1].rank > 0) { return hits[0].node }
        if hits.isEmpty {
            report("no node with the id or name \"\(argument)\"")
        } else {
            report("\"\(argument)\" matches \(hits.count) nodes: " + hits.prefix(8).map(\.id).joined(separator: ", ")
                   + (hits.count > 8 ? ", …" : "") + "; give an id")
        }
        return nil
    }

    func show(_ words: [String]) -> Bool {
        guard !words.isEmpty else { report(":show needs an id, as in :show person:tran-quoc-trung"); return false }
        guard let node = resolveNode(words.joined(separator: " ")) else { return false }
        output.write(NodeCard(graph: graph, node: node, at: atDate).text)
        return true
    }

    func readFile(_ words: [String]) -> Bool {
        guard let path = words.first else { report(":read needs a file"); return false }
        guard readDepth < Self.maxReadDepth else {
            report("\(path): :read is nested more than \(Self.maxReadDepth) deep; stopped")
            return false
        }
        let descriptor = Glibc.open(path, O_RDONLY)
        guard descriptor >= 0 else { report("\(path): cannot read: \(String(cString: strerror(errno)))"); return false }
        defer { close(descriptor) }
        readDepth += 1
        defer { readDepth -= 1 }
        return run(PlainLineReader(descriptor: descriptor), sourceName: path)
    }

    func setOutput(_ words: [String]) -> Bool {
        guard let path = words.first else {
            if output.path != nil { try? output.handle.close() }
            output = .standardOutput
            return true
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            report("\(path): cannot write there")
            return false
        }
        if output.path != nil { try? output.handle.close() }
        output = OutputSink(handle: handle, path: path)
        return true
    }

    func setMode(_ words: [String]) -> Bool {
        guard let name = words.first else {
            output.write("mode: \(options.format.rawValue)\n")
            return true
        }
        guard let format = OutputFormat(rawValue: name.lowercased()) else {
            report("unknown mode `\(name)`; choose one of " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
            return false
        }
        options.format = format
        return true
    }

    func setMaxRows(_ words: [String]) -> Bool {
        guard let text = words.first else { output.write("maxrows: \(maxRows)\n"); return true }
        guard let value = Int(text), value >= 0 else { report(":maxrows needs a whole number (0 shows every row)"); return false }
        maxRows = value
        return true
    }

    func setTimer(_ words: [String]) -> Bool {
        switch words.first?.lowercased() {
        case "on": timer = true
        case "off": timer = false
        default: report(":timer needs on or off"); return false
        }
        return true
    }

    /// `:set memory SIZE` (`512MB`, `2GB`, `off`); `:set memory` alone shows the limit.
    func setOption(_ words: [String]) -> Bool {
        guard words.first?.lowercased() == "memory", words.count <= 2 else {
            report(":set needs memory SIZE, as in :set memory 2GB (or off)")
            return false
        }
        guard words.count == 2 else {
            let limit = cancel.memoryLimit
            output.write(limit == 0 ? "memory: no limit\n" : "memory: \(Self.describe(bytes: limit)) per statement\n")
            return true
        }
        guard let bytes = Self.parseSize(words[1]) else {
            report(":set memory needs a size such as 512MB or 2GB, or off")
            return false
        }
        cancel.memoryLimit = bytes
        notice(bytes == 0 ? "no memory limit per statement" : "a statement may take \(Self.describe(bytes: bytes)) of memory")
        return true
    }

    /// `512MB`, `2GB`, `1.5G`, `800k`, a number of bytes, or `off` (0).
    static func parseSize(_ text: String) -> Int? {
        let lowered = text.lowercased()
        if ["off", "none", "0"].contains(lowered) { return 0 }
        let units: [(String, Double)] = [("gb", 1_073_741_824), ("g", 1_073_741_824), ("mb", 1_048_576), ("m", 1_048_576), ("kb", 1024), ("k", 1024), ("b", 1)]
        for (suffix, scale) in units where lowered.hasSuffix(suffix) {
            guard let number = Double(lowered.dropLast(suffix.count)), number > 0, number * scale < 1e18 else { return nil }
            return Int(number * scale)
        }
        return Int(lowered).flatMap { $0 > 0 ? $0 : nil }
    }

    static func describe(bytes: Int) -> String {
        bytes >= 1 << 30 ? "\((Double(bytes) / Double(1 << 30) * 10).rounded() / 10) GB" : "\(bytes >> 20) MB"
    }

    func setParameter(_ words: [String], _ rest: String) -> Bool {
        guard let name = words.first, words.count >= 2 else {
            report(":param needs a name and a value, as in :param who 'Trần Quốc Trung'")
            return false
        }
        let valueText = String(rest.drop { !$0.isWhitespace }).trimmingCharacters(in: .whitespaces)
        let source = SourceText(name: "<param>", text: "RETURN " + valueText + " AS value")
        var scratch = Graph()
        do {
            let statement = try QueryEngine.parse(source)
            let result = try QueryEngine.run(statement[0], source: source, on: &scratch, parameters: parameters)
            parameters[name.hasPrefix("$") ? String(name.dropFirst()) : name] = result.rows[0][0]
            return true
        } catch {
            report(error.rendered(in: source))
            return false
        }
    }

    func listParameters() -> Bool {
        if parameters.isEmpty { output.write("no parameters; set one with :param NAME VALUE\n"); return true }
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            output.write("$\(name) = \(ValueText(graph: graph).literal(value))\n")
        }
        return true
    }

    func open(_ words: [String]) -> Bool {
        guard let path = words.first else { report(":open needs a graph file"); return false }
        guard offerToSave() else { return false }
        do {
            graph = try GraphFileReader.read(path: path)
            graph.prepare()
            graphPath = path
            dirty = false
            if journal != nil { journal = SessionJournal(graphPath: path) }
            notice(summaryLine)
            return true
        } catch let error as DiagnosticList {
            report(error.rendered())
        } catch {
            report("\(error)")
        }
        return false
    }

    /// `:import --nodes a.csv b.csv --relationships r.csv`: the graph becomes what the files hold
    /// (asking first about unsaved changes); `:save FILE` then writes it as a graph file. With
    /// `--merge`, the rows are added to the open graph instead (nodes matched by id);
    /// `--skip-bad-rows FILE` leaves bad rows out and lists them in FILE.
    func importCSV(_ words: [String]) -> Bool {
        var nodes: [String] = [], relationships: [String] = []
        var merge = false, report: String? = nil
        var target: Int? = nil
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            switch word {
            case "--nodes": target = 0
            case "--relationships": target = 1
            case "--merge": merge = true
            case "--skip-bad-rows":
                guard index < words.count else { self.report("--skip-bad-rows needs a file for the rows it leaves out"); return false }
                report = words[index]
                index += 1
            default:
                guard let target else {
                    self.report(":import needs --nodes FILE... and may take --relationships FILE..., --merge, --skip-bad-rows FILE")
                    return false
                }
                if target == 0 { nodes.append(word) } else { relationships.append(word) }
            }
        }
        guard !nodes.isEmpty || (merge && !relationships.isEmpty) else { self.report(":import needs --nodes FILE..."); return false }
        if !merge { guard offerToSave() else { return false } }
        let imported: CSVImporter.Imported
        do {
            imported = try CSVImporter.read(nodes: nodes, relationships: relationships, skippingBadRows: report != nil,
                                            into: merge ? graph : nil)
        } catch {
            self.report("\(error)")
            return false
        }
        for note in imported.notes { notice("note: \(note)") }
        if let report {
            let text = imported.rejected.map { "\($0.error)\n  \($0.row)\n" }.joined()
            do {
                try AtomicFile.write(Array(text.utf8), to: report)
            } catch {
                self.report("cannot write \(report): \(error)")
                return false
            }
            if !imported.rejected.isEmpty { notice("left out \(imported.rejected.count) bad rows; \(report) lists them with their reasons") }
        }
        graph = imported.graph
        dirty = true
        if merge {
            // The journal keeps the command, with whole paths, so a replay merges the same files.
            let absolute = { (path: String) in path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path }
            var line = ":import --merge"
            if !nodes.isEmpty { line += " --nodes " + nodes.map(absolute).joined(separator: " ") }
            if !relationships.isEmpty { line += " --relationships " + relationships.map(absolute).joined(separator: " ") }
            if let journal, !journal.append(line + "\n") { self.report("cannot write the journal \(journal.path)") }
            notice(imported.summary + " (not saved yet: :save)")
            return true
        }
        graphPath = nil
        journal = nil
        notice("imported \(graph.nodeCount) nodes and \(graph.edgeCount) edges; :save FILE writes them as a graph file")
        return true
    }

    func save(_ words: [String]) -> Bool {
        guard let path = words.first ?? graphPath else { report(":save needs a file name for a new graph"); return false }
        return save(to: path)
    }

    /// Writes the graph canonically and atomically; mints ids for nodes made without one.
    func save(to path: String) -> Bool {
        var copy = graph
        copy.mintMissingIDs()
        do {
            try AtomicFile.write(to: path) { try GraphFileWriter.write(copy, to: $0) }
        } catch {
            report("\(error)")
            return false
        }
        graph = copy
        if graphPath == nil { graphPath = path }
        if path == graphPath {
            dirty = false
            journal?.remove()
        }
        notice("saved \(graph.nodeCount) nodes and \(graph.edgeCount) edges to \(path)")
        return true
    }

    func showHistory(_ words: [String]) -> Bool {
        let count = words.first.flatMap(Int.init) ?? history.count
        for (index, entry) in history.enumerated().suffix(count) {
            output.write(String(format: "%5d  ", index + 1) + entry.replacingOccurrences(of: "\n", with: "\n       ") + "\n")
        }
        return true
    }

    func requestQuit() -> Bool {
        guard offerToSave() else { return true }
        quitRequested = true
        return true
    }

    /// On a terminal, asks whether to save unsaved changes; false when the user cancels.
    /// Elsewhere, unsaved changes are left unsaved (batch runs save only with --save).
    func offerToSave() -> Bool {
        guard dirty, let reader, reader.isInteractive else { return true }
        let target = graphPath ?? "a file"
        while true {
            switch reader.readLine(prompt: "The graph has unsaved changes. Save to \(target)? [y/N/c(ancel)] ") {
            case .line(let answer):
                switch answer.trimmingCharacters(in: .whitespaces).lowercased() {
                case "y", "yes":
                    if graphPath == nil {
                        guard case .line(let path) = reader.readLine(prompt: "File: "), !path.isEmpty else { return false }
                        return save(to: path)
                    }
                    return save(to: graphPath!)
                case "", "n", "no":
                    // Dropped on purpose: nothing to offer at the next open, nor to ask again
                    // as the session ends.
                    journal?.remove()
                    dirty = false
                    return true
                case "c", "cancel": return false
                default: continue
                }
            case .endOfInput: return true
            case .cancelled: return false
            case .malformed: continue
            }
        }
    }
}
