import CadreGraph
import Testing
@testable import CadreShell

struct InputLoopTests {
    @Test func statementsRunWhenTheirSemicolonArrives() {
        let harness = ShellHarness()
        let reader = ScriptedLineReader(text: "MATCH (p:Person)\nWHERE p.name ~ 'tran'\nRETURN p.id;\nRETURN 1 AS a; RETURN 2 AS b;", interactive: true)
        harness.shell.run(reader, sourceName: "<stdin>")
        #expect(reader.prompts.prefix(3) == ["cadre> ", "  ... ", "  ... "])
        #expect(reader.history == ["MATCH (p:Person)\nWHERE p.name ~ 'tran'\nRETURN p.id;", "RETURN 1 AS a; RETURN 2 AS b;"])
        #expect(harness.output.contains("person:tran-quoc-trung"))
        #expect(harness.output.contains("| 1 |") && harness.output.contains("| 2 |"))
    }

    @Test func continuationPromptsShowWhatIsOpen() {
        let shell = ShellHarness().shell
        #expect(shell.continuationPrompt(for: "MATCH (p") == "  ...( ")
        #expect(shell.continuationPrompt(for: "RETURN 'Trần") == "  ...' ")
        #expect(shell.continuationPrompt(for: "RETURN [1, {a: ") == "  ...{ ")
        #expect(shell.continuationPrompt(for: "RETURN 1 /* note") == "  .../* ")
        #expect(shell.continuationPrompt(for: "MATCH (n)") == "  ... ")
    }

    @Test func semicolonsInsideStringsCommentsAndBracketsDoNotEndStatements() {
        let split = StatementSplitter.split("RETURN ';' AS a, [1, 2] // ;\n; RETURN {k: ';'}")
        #expect(split.statements.map(\.text) == ["RETURN ';' AS a, [1, 2] // ;\n"])
        #expect(split.rest == " RETURN {k: ';'}")
    }

    /// The splitter reads the query lexer's tokens: what the parser takes as a string, a
    /// comment or a backquoted name hides a `;` from it too, whatever the text around it.
    @Test func theSplitterSeesWhatTheLexerSees() {
        let split = StatementSplitter.split("RETURN '\\q;' AS `a;b`, \"x\\\";\" AS c /* ; */; RETURN $; RETURN 1 ¤;RETURN 2")
        #expect(split.statements.map(\.text) == ["RETURN '\\q;' AS `a;b`, \"x\\\";\" AS c /* ; */", " RETURN $", " RETURN 1 ¤"])
        #expect(split.rest == "RETURN 2" && split.open == .nothing)
        #expect(StatementSplitter.split("MATCH (n:`Odd;").open == .backquote)
        #expect(StatementSplitter.split("RETURN \"a").open == .string("\""))
        #expect(StatementSplitter.isBlank(" // only a note\n /* and another */ ") && !StatementSplitter.isBlank("/* open"))
        // A line comment the text ends in goes on with what is appended to its line.
        var splitter = StatementSplitter()
        #expect(splitter.append("RETURN 1 // note").isEmpty)
        #expect(splitter.append(" ; still the note").isEmpty)
        #expect(splitter.append("\n;").map(\.text) == ["RETURN 1 // note ; still the note\n"])
    }

    /// Fed line by line (as the shell feeds it), the splitter finds what it finds in the whole
    /// text, a `/` or `\\` at the end of a line waiting for the next byte.
    @Test func splittingLineByLineAgreesWithSplittingTheWhole() {
        let text = "RETURN 'a;\\\n;b' AS x; /\n/ note ;\nRETURN 1 /\n* c; */ + 2;\nMATCH (n {k: '[;'})\nRETURN n;"
        var splitter = StatementSplitter()
        var found: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            found += splitter.append((index == 0 ? "" : "\n") + line).map(\.text)
        }
        let whole = StatementSplitter.split(text)
        #expect(found == whole.statements.map(\.text))
        #expect(splitter.rest == whole.rest && splitter.open == whole.open)
    }

    /// A statement of 20,000 lines (a pasted list, a script without semicolons) is scanned once,
    /// not once per line (that took minutes).
    @Test func aLongStatementIsScannedInLinearTime() {
        let harness = ShellHarness()
        let lines = ["UNWIND ["] + (0..<20_000).map { "  {i: \($0), note: 'line \($0) of a long list'}," } + ["  {i: -1}", "] AS m", "CREATE (:Probe {i: m.i});"]
        let reader = ScriptedLineReader(text: lines.joined(separator: "\n"), interactive: false)
        let start = ContinuousClock.now
        harness.shell.run(reader, sourceName: "<stdin>")
        #expect(harness.shell.errorCount == 0)
        #expect(harness.shell.graph.nodes(withLabel: "Probe").count == 20_001)
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test func ctrlCDropsThePendingStatement() {
        let harness = ShellHarness()
        let reader = ScriptedLineReader([.line("MATCH (n)"), .cancelled, .line("RETURN 7 AS seven;")], interactive: true)
        harness.shell.run(reader, sourceName: "<stdin>")
        #expect(harness.output.contains("| 7     |") || harness.output.contains("|     7 |"))
        #expect(harness.shell.errorCount == 0)
    }

    @Test func commandsRunAloneOnTheirLine() {
        let harness = ShellHarness()
        #expect(harness.run(":mode csv\nMATCH (p:Person) RETURN p.name ORDER BY p.name;\n:find le tan"))
        #expect(harness.output.hasPrefix("p.name\nLê Tấn Thủ\nTrần Quốc Trung\n"))
        #expect(harness.output.contains("person:le-tan-thu,:Person,Lê Tấn Thủ"))
    }

    @Test func theFirstErrorStopsAScriptUnlessKeepGoing() {
        let harness = ShellHarness()
        #expect(!harness.run("RETURN 1 AS a;\nRETURN nope;\nRETURN 3 AS c;"))
        #expect(!harness.output.contains("| c |"))
        harness.shell.options.keepGoing = true
        #expect(!harness.run("RETURN nope;\nRETURN 3 AS c;"))
        #expect(harness.output.contains("| c |"))
    }

    @Test func aStatementWithoutSemicolonRunsAtTheEndOfAScript() {
        let harness = ShellHarness()
        #expect(harness.run("RETURN 5 AS five"))
        #expect(harness.output.contains("five"))
    }

    @Test func maxRowsAnnouncesWhatItHides() {
        let harness = ShellHarness()
        harness.run(":maxrows 2\nUNWIND range(1, 5) AS x RETURN x;")
        #expect(harness.output.contains("(3 more rows not shown, 5 in all; :maxrows 0 shows every row)"))
    }

    @Test func parametersAreSetFromCypherValues() {
        let harness = ShellHarness()
        #expect(harness.run(":param who 'Lê Tấn Thủ'\n:param n [1, 2]\nMATCH (p {name: $who}) RETURN p.id, size($n) AS n;\n:params"))
        #expect(harness.output.contains("person:le-tan-thu"))
        #expect(harness.output.contains("$who = \"Lê Tấn Thủ\""))
    }

    @Test func unknownCommandsSuggestTheClosest() {
        let harness = ShellHarness()
        #expect(!harness.run(":shwo person:le-tan-thu"))
        #expect(Shell.closestCommand(to: "shwo") == "show")
        #expect(Shell.closestCommand(to: "quti") == "quit")
        #expect(Shell.closestCommand(to: "zzzzzz") == nil)
    }

    @Test func readOnlyRefusesWrites() {
        let harness = ShellHarness()
        harness.shell.options.readOnly = true
        #expect(!harness.run("CREATE (:X);"))
        #expect(harness.shell.graph.nodes(withLabel: "X").isEmpty)
        #expect(!harness.shell.dirty)
    }

    @Test func writesMarkTheGraphDirtyAndSaveIsAtomicAndCanonical() throws {
        let harness = ShellHarness()
        #expect(harness.run("CREATE (:Person {name: 'Phạm Văn A'});"))
        #expect(harness.shell.dirty)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("saved-\(UUID().uuidString).cg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(harness.run(":save \(path)"))
        #expect(!harness.shell.dirty)
        let reloaded = try GraphFileReader.read(path: path)
        #expect(reloaded.node(withID: "person:pham-van-a") != nil)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try GraphFileWriter.write(reloaded) == text)
    }

    @Test func importReplacesTheGraphFromCSV() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let nodes = directory.appendingPathComponent("n.csv").path
        let relationships = directory.appendingPathComponent("r.csv").path
        try "id:ID,name,:LABEL\na,Đặng Thị A,Person\nb,Bùi Văn B,Person\n".write(toFile: nodes, atomically: true, encoding: .utf8)
        try ":START_ID,:END_ID,:TYPE\na,b,SUCCEEDED\n".write(toFile: relationships, atomically: true, encoding: .utf8)
        let harness = ShellHarness()
        #expect(harness.run(":import --nodes \(nodes) --relationships \(relationships)\nMATCH (x)-[:SUCCEEDED]->(y) RETURN x.name, y.name;"))
        #expect(harness.output.contains("Đặng Thị A") && harness.output.contains("Bùi Văn B"))
        #expect(harness.shell.dirty && harness.shell.graphPath == nil)
        #expect(!harness.run(":import --nodes \(directory.path)/missing.csv"))
    }

    @Test func importMergeAddsToTheOpenGraph() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-merge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let nodes = directory.appendingPathComponent("n.csv").path, rejected = directory.appendingPathComponent("bad.txt").path
        try "id:ID,name,born:date,:LABEL\nperson:moi,Nguyễn Văn Mới,1970,Person\nperson:sai,Sai,năm 1970,Person\n"
            .write(toFile: nodes, atomically: true, encoding: .utf8)
        let harness = ShellHarness()
        let before = harness.shell.graph.nodeCount
        #expect(harness.run(":import --merge --nodes \(nodes) --skip-bad-rows \(rejected)\nMATCH (p:Person {id: 'person:moi'}) RETURN p.name;"))
        #expect(harness.shell.graph.nodeCount == before + 1)
        #expect(harness.output.contains("Nguyễn Văn Mới"))
        #expect(try String(contentsOfFile: rejected, encoding: .utf8).contains("n.csv:3:16: `born` must be a date"))
        #expect(harness.shell.dirty)
    }

    @Test func readNestsScriptsButNotForever() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inner = directory.appendingPathComponent("inner.cypher").path
        try "RETURN 'inner' AS x;\n".write(toFile: inner, atomically: true, encoding: .utf8)
        let loop = directory.appendingPathComponent("loop.cypher").path
        try ":read \(loop)\n".write(toFile: loop, atomically: true, encoding: .utf8)
        let harness = ShellHarness()
        #expect(harness.run(":read \(inner)"))
        #expect(harness.output.contains("inner"))
        #expect(!harness.run(":read \(loop)"))
    }
}

import Foundation
