import CadreGraph
import CadreQuery
import Foundation

/// Tab completion that knows where the cursor is: `:commands` and their arguments, Cypher
/// keywords and functions, labels after `(x:`, edge types after `[r:`, property keys after
/// `var.` (for the labels `var` has in the statement), node ids in quotes after `id: '`, and
/// names, accent-insensitively. Candidates come from the engine and the graph.
struct Completer {
    struct Result: Equatable {
        /// Byte offset (in the text before the cursor) where the word being completed starts.
        var start: Int
        /// Replacements for the word, in order.
        var candidates: [String]
        /// What to list for each candidate when there are several (an id with its name).
        var labels: [String]
    }

    let shell: Shell

    func complete(_ text: String) -> Result {
        let bytes = Array(text.utf8)
        if let command = commandContext(text) { return command }
        let context = CypherContext(bytes)
        let word = context.word
        let start = bytes.count - word.utf8.count
        let graph = shell.graph
        switch context.kind {
        case .label:
            return result(start, matching(word, graph.labels.names.filter { graph.nodeCount(withLabel: graph.labels.lookup($0)!) > 0 }))
        case .relationshipType:
            return result(start, matching(word, graph.types.names.filter { graph.edgeCount(ofType: graph.types.lookup($0)!) > 0 }))
        case .property(let variable):
            let labels = context.labels(of: variable)
            return result(start, matching(word, keys(forLabels: labels)))
        case .parameter:
            return result(start, matching(word, Array(shell.parameters.keys)))
        case .string(let key):
            if key == "id" { return result(start, matching(word, ids())) }
            return names(word, start: start)
        case .code:
            let variables = context.variables
            let words = QueryEngine.keywords + QueryEngine.functionNames.map { $0 + "(" } + variables
            let found = words.filter { $0.lowercased().hasPrefix(word.lowercased()) && !word.isEmpty }
            var unique: [String] = []
            for candidate in found where !unique.contains(candidate) { unique.append(candidate) }
            return result(start, unique)
        }
    }

    private func result(_ start: Int, _ candidates: [String]) -> Result {
        Result(start: start, candidates: candidates, labels: candidates)
    }

    private func matching(_ word: String, _ candidates: [String]) -> [String] {
        let folded = Folding.fold(word)
        return candidates.filter { Folding.fold($0).hasPrefix(folded) }.sorted()
    }

    private func keys(forLabels labels: [String]) -> [String] {
        let graph = shell.graph
        var keys = Set<String>()
        let nodes = labels.isEmpty ? graph.nodes : labels.flatMap { graph.nodes(withLabel: $0) }
        for node in nodes.prefix(10_000) { for (key, _) in graph.properties(of: node) { keys.insert(graph.keys.name(key)) } }
        if labels.isEmpty { for edge in graph.edges.prefix(10_000) { for (key, _) in graph.properties(of: edge) { keys.insert(graph.keys.name(key)) } } }
        return Array(keys)
    }

    private func ids() -> [String] {
        let graph = shell.graph
        return graph.nodes.compactMap { graph.property(of: $0, key: graph.idKey)?.stringValue }
    }

    /// Names inside a string: accent-insensitive, so `tran` offers `Trần Quốc Trung`.
    private func names(_ word: String, start: Int) -> Result {
        guard !word.isEmpty else { return Result(start: start, candidates: [], labels: []) }
        let hits = NodeSearch.find(word, in: shell.graph).filter { !$0.name.isEmpty && $0.rank <= 2 }
        var names: [String] = []
        for hit in hits where !names.contains(hit.name) { names.append(hit.name) }
        return Result(start: start, candidates: names, labels: names)
    }

    /// `:he` → `:help`; `:show tran` → ids of nodes named like it; `:read gr` → files.
    private func commandContext(_ text: String) -> Result? {
        let trimmed = text.drop { $0 == " " }
        guard trimmed.hasPrefix(":") else { return nil }
        let offset = text.utf8.count - trimmed.utf8.count
        guard let space = trimmed.firstIndex(where: { $0 == " " }) else {
            let word = String(trimmed.dropFirst())
            let names = Shell.commands.map(\.name).filter { $0.hasPrefix(word.lowercased()) }.map { ":" + $0 }
            return Result(start: offset, candidates: names, labels: names)
        }
        guard let command = Shell.command(named: String(trimmed[trimmed.index(after: trimmed.startIndex)..<space])) else {
            return Result(start: text.utf8.count, candidates: [], labels: [])
        }
        let arguments = String(trimmed[space...])
        let endsInSpace = arguments.last == " "
        let words = Shell.words(arguments)
        let index = endsInSpace ? words.count : max(0, words.count - 1)
        let word = endsInSpace ? "" : (words.last ?? "")
        let start = text.utf8.count - word.utf8.count
        let kind = index < command.arguments.count ? command.arguments[index] : (command.arguments.last ?? .none)
        switch kind {
        case .file:
            return Result(start: start, candidates: files(word), labels: files(word).map { ($0 as NSString).lastPathComponent + ($0.hasSuffix("/") ? "/" : "") })
        case .choice(let choices):
            let found = choices.filter { $0.hasPrefix(word.lowercased()) }
            return Result(start: start, candidates: found, labels: found)
        case .command:
            let found = Shell.commands.map(\.name).filter { $0.hasPrefix(word.lowercased()) }
            return Result(start: start, candidates: found, labels: found)
        case .node:
            let whole = words.joined(separator: " ")
            let hits = NodeSearch.find(endsInSpace ? whole + " " : whole, in: shell.graph, limit: 40)
            let wholeStart = text.utf8.count - (endsInSpace ? whole.utf8.count + 1 : whole.utf8.count)
            return Result(start: wholeStart, candidates: hits.map(\.id),
                          labels: hits.map { $0.name.isEmpty ? $0.id : "\($0.id)  (\($0.name))" })
        case .text, .none:
            return Result(start: start, candidates: [], labels: [])
        }
    }

    private func files(_ word: String) -> [String] {
        let expanded = word.hasPrefix("~/") ? NSHomeDirectory() + word.dropFirst() : word
        let directory = expanded.contains("/") ? String(expanded[...expanded.lastIndex(of: "/")!]) : ""
        let prefix = expanded.contains("/") ? String(expanded[expanded.index(after: expanded.lastIndex(of: "/")!)...]) : expanded
        let listed = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        return listed.filter { $0.hasPrefix(prefix) && (!$0.hasPrefix(".") || prefix.hasPrefix(".")) }.sorted().map { name in
            var isDirectory: ObjCBool = false
            let path = directory + name
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let shown = word.hasPrefix("~/") ? "~/" + path.dropFirst(NSHomeDirectory().count + 1) : path
            return shown + (isDirectory.boolValue ? "/" : "")
        }
    }
}
