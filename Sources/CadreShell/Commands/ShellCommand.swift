/// One `:command`: the single table that drives dispatch, `:help`, completion and "did you mean".
struct ShellCommand: Sendable {
    /// What an argument is, for completion.
    enum Argument: Sendable {
        case file, node, command, choice([String]), text, none
    }

    let name: String
    let aliases: [String]
    let usage: String
    let summary: String
    let arguments: [Argument]
    /// More than the summary, for `:help NAME`.
    let details: String?
    /// Runs with the words after the name and the raw text after it; returns false on error.
    let run: @Sendable (Shell, [String], String) -> Bool

    init(_ name: String, aliases: [String] = [], usage: String = "", _ summary: String, details: String? = nil,
         arguments: [Argument] = [], run: @escaping @Sendable (Shell, [String], String) -> Bool) {
        self.details = details
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.arguments = arguments
        self.run = run
    }
}

extension Shell {
    static let commands: [ShellCommand] = [
        ShellCommand("help", usage: "[COMMAND]", "list the commands, or explain one",
                     arguments: [.command]) { shell, words, _ in shell.help(words) },
        ShellCommand("quit", aliases: ["exit", "q"], "leave cadre (asks before losing unsaved changes)") { shell, _, _ in
            shell.requestQuit()
        },
        ShellCommand("schema", "labels with counts, edge types with the labels they connect, keys per label") { shell, _, _ in
            shell.output.write(Schema(shell.graph).text)
            return true
        },
        ShellCommand("find", usage: "TEXT", "find nodes by name or id, ignoring accents and case",
                     arguments: [.node]) { shell, _, rest in shell.find(rest) },
        ShellCommand("show", usage: "ID", "a node's labels, properties, edges and sources",
                     arguments: [.node]) { shell, words, _ in shell.show(words) },
        ShellCommand("at", usage: "[DATE|off]", "set a date for the session: $at is bound to it, :show and :timeline mark it",
                     details: """
                         :at 2018-06-01     $at is that day; :show marks each dated edge ✓ (valid then), ? (unknown), · (not)
                         :at 2018           a year (or 2018-06, a month): an uncertain date, compared as the days it covers
                         :at off            forget it
                         Ask with it: MATCH (p)-[h:HELD]->(r) WHERE during($at, h.from, h.to) RETURN p.name, r.name
                         """,
                     arguments: [.choice(["off"])]) { shell, words, _ in shell.setAt(words) },
        ShellCommand("timeline", usage: "ID [FILE.svg]", "a node's dated edges as bars on a time axis, in the terminal or as SVG",
                     details: """
                         :timeline person:tran-quoc-trung         a person's posts, memberships, awards
                         :timeline role:bi-thu-thanh-uy-can-tho    the holders of a post
                         :timeline org:thanh-uy-can-tho            the terms of a body
                         :timeline ID tenure.svg                  the same as an SVG picture
                         █ known  ░ a date known only to the year or month  ▸ not ended  ◆ one day
                         """,
                     arguments: [.node, .file]) { shell, words, _ in shell.timeline(words) },
        ShellCommand("read", usage: "FILE", "run the statements and commands in a file",
                     arguments: [.file]) { shell, words, _ in shell.readFile(words) },
        ShellCommand("output", usage: "[FILE]", "send results to FILE; without FILE, back to the screen",
                     arguments: [.file]) { shell, words, _ in shell.setOutput(words) },
        ShellCommand("mode", usage: "MODE", "result format: " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "),
                     arguments: [.choice(OutputFormat.allCases.map(\.rawValue))]) { shell, words, _ in shell.setMode(words) },
        ShellCommand("maxrows", usage: "N", "show at most N rows of a result (0: all); the rest are counted",
                     arguments: [.text]) { shell, words, _ in shell.setMaxRows(words) },
        ShellCommand("timer", usage: "on|off", "print how long each statement took",
                     arguments: [.choice(["on", "off"])]) { shell, words, _ in shell.setTimer(words) },
        ShellCommand("param", usage: "NAME VALUE", "set $NAME to a Cypher value, such as 'Trần' or [1, 2]",
                     arguments: [.text, .text]) { shell, words, rest in shell.setParameter(words, rest) },
        ShellCommand("params", "list the parameters") { shell, _, _ in shell.listParameters() },
        ShellCommand("set", usage: "memory [SIZE]",
                     "the memory one statement may take (512MB, 2GB, off); by default half the machine's",
                     arguments: [.choice(["memory"]), .text]) { shell, words, _ in shell.setOption(words) },
        ShellCommand("open", usage: "FILE", "open another graph file",
                     arguments: [.file]) { shell, words, _ in shell.open(words) },
        ShellCommand("import", usage: "[--merge] --nodes FILE... [--relationships FILE...] [--skip-bad-rows FILE]",
                     "replace the graph with one read from CSV files (Neo4j admin-import convention); --merge adds to it",
                     arguments: [.file]) { shell, words, _ in shell.importCSV(words) },
        ShellCommand("save", usage: "[FILE]", "write the graph in canonical form (atomically)",
                     arguments: [.file]) { shell, words, _ in shell.save(words) },
        ShellCommand("dot", usage: "[ego ID [N] | path A B] [FILE] [options]",
                     "the last result, a node's neighbourhood, or the paths between two nodes, as Graphviz DOT",
                     details: """
                         :dot [FILE]                 every node, relationship and path in the last result
                         :dot ego ID [DEPTH] [FILE]  the nodes within DEPTH hops of ID (default 1)
                         :dot path ID1 ID2 [FILE]    the shortest paths between two nodes
                         Without FILE the DOT goes to the current output. Options:
                           --closed                  add the edges among the exported nodes
                           --types HELD,RECEIVED     follow only these edge types (ego)
                           --labels Person,Role      keep only nodes with these labels (ego)
                           --max N                   refuse exports of more than N nodes (default 500)
                           --rankdir LR|TB|RL|BT     the direction of the drawing (default LR)
                           --cluster-by organization group roles and terms inside their organization
                           --no-legend               leave out the legend
                         """,
                     arguments: [.node, .node, .file]) { shell, words, _ in shell.dot(words) },
        ShellCommand("render", usage: "FILE.svg|.png|.pdf [what :dot takes]", "draw the last :dot export (or what follows) with Graphviz",
                     arguments: [.file]) { shell, words, _ in shell.render(words) },
        ShellCommand("history", usage: "[N]", "the last N statements and commands (all by default)",
                     arguments: [.text]) { shell, words, _ in shell.showHistory(words) },
    ]

    static func command(named name: String) -> ShellCommand? {
        let lowered = name.lowercased()
        return commands.first { $0.name == lowered || $0.aliases.contains(lowered) }
    }

    /// Runs a `:command` line. Returns false on error.
    func runCommand(_ line: String, sourceName: String, line lineNumber: Int) -> Bool {
        let body = String(line.dropFirst()).trimmingCharacters(in: .whitespaces)
        let name = String(body.prefix { !$0.isWhitespace })
        let rest = String(body.dropFirst(name.count)).trimmingCharacters(in: .whitespaces)
        guard let command = Self.command(named: name) else {
            var message = "\(sourceName):\(lineNumber): error: unknown command `:\(name)`"
            if let guess = Self.closestCommand(to: name) { message += "; did you mean `:\(guess)`?" }
            report(message + " (:help lists the commands)")
            return false
        }
        return command.run(self, Self.words(rest), rest)
    }

    /// Splits arguments on white space; quotes group words.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character? = nil
        var started = false
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                started = true
            } else if character.isWhitespace {
                if started || !current.isEmpty { words.append(current) }
                current = ""
                started = false
            } else {
                current.append(character)
            }
        }
        if started || !current.isEmpty { words.append(current) }
        return words
    }

    static func closestCommand(to name: String) -> String? {
        let candidates = commands.flatMap { [$0.name] + $0.aliases }
        let scored = candidates.map { ($0, editDistance($0, name.lowercased())) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= max(1, best.count / 2) else { return nil }
        return commands.first { $0.name == best || $0.aliases.contains(best) }?.name
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }

    func help(_ words: [String]) -> Bool {
        if let name = words.first {
            guard let command = Self.command(named: name.hasPrefix(":") ? String(name.dropFirst()) : name) else {
                report("no command `:\(name)`; :help lists them")
                return false
            }
            var text = ":\(command.name) \(command.usage)".trimmingCharacters(in: .whitespaces) + "\n    \(command.summary)\n"
            if !command.aliases.isEmpty { text += "    also: " + command.aliases.map { ":" + $0 }.joined(separator: ", ") + "\n" }
            if let details = command.details { text += details.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n" }
            output.write(text)
            return true
        }
        let rows = Self.commands.map { (":\($0.name) \($0.usage)".trimmingCharacters(in: .whitespaces), $0.summary) }
        let width = rows.map { $0.0.count }.max() ?? 0
        var text = "Statements are Cypher, ended by `;` (they may span lines). Commands start with `:`.\n"
        for (usage, summary) in rows {
            text += "  " + usage + String(repeating: " ", count: width - usage.count + 2) + summary + "\n"
        }
        text += "Tab completes keywords, labels, types, keys, ids and names; Ctrl-C cancels; Ctrl-D leaves.\n"
        output.write(text)
        return true
    }
}

import Foundation
