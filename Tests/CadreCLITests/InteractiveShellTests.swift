import Foundation
import Testing

/// The real binary in a pseudo-terminal: editing, completion, history, Ctrl-C and Ctrl-D.
@Suite(.serialized)
struct InteractiveShellTests {
    typealias Key = PseudoTerminal.Key
    let graph = "graph/cantho-2020.cg"

    func historyFile() throws -> String {
        try CLIRunner.temporaryDirectory().appendingPathComponent("history").path
    }

    @Test func editsVietnameseTextCharacterByCharacter() throws {
        let terminal = try PseudoTerminal([graph], environment: ["CADRE_HISTORY": try historyFile()])
        #expect(terminal.waitForPrompt())
        #expect(terminal.text.contains("64 nodes, 118 edges") && terminal.text.contains(":help"))
        terminal.send("RETURN 'Trần Quốc Trung' AS x")
        terminal.send(String(repeating: Key.left, count: 12) + String(repeating: Key.backspace, count: 4) + "Văn")
        terminal.send("\u{05};" + Key.enter)
        #expect(terminal.waitFor("│ Trần Văn Trung │"))
        #expect(terminal.quit() == 0)
    }

    /// `:quit` asks once about unsaved changes; "n" leaves without asking again.
    @Test func quitAsksOnceAboutUnsavedChanges() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let copy = directory.appendingPathComponent("g.cg").path
        try FileManager.default.copyItem(atPath: CLIRunner.root.appendingPathComponent(graph).path, toPath: copy)
        let terminal = try PseudoTerminal([copy], environment: ["CADRE_HISTORY": try historyFile()])
        #expect(terminal.waitForPrompt())
        terminal.send("CREATE (:Widget {id: 'w:1'});" + Key.enter)
        #expect(terminal.waitFor("not saved yet"))
        #expect(terminal.waitForRawMode())
        terminal.send(":quit" + Key.enter)
        #expect(terminal.waitFor("Save to \(copy)?"))
        #expect(terminal.waitForRawMode())
        terminal.send("n" + Key.enter)
        #expect(terminal.waitForExit() == 0)
        #expect(String(decoding: terminal.output, as: UTF8.self).components(separatedBy: "unsaved changes").count == 2)
        #expect(try String(contentsOfFile: copy, encoding: .utf8) == String(contentsOfFile: CLIRunner.root.appendingPathComponent(graph).path, encoding: .utf8))
    }

    @Test func completesLabelsTypesAndNames() throws {
        let terminal = try PseudoTerminal([graph], environment: ["CADRE_HISTORY": try historyFile()])
        #expect(terminal.waitForPrompt())
        // The query finds the role only if Tab completed `Pers` to `Person` and `HE` to `HELD`.
        var mark = terminal.output.count
        terminal.send("MATCH (p:Pers" + Key.tab)
        #expect(terminal.waitFor("on", after: mark))
        mark = terminal.output.count
        terminal.send(")-[:HE" + Key.tab)
        #expect(terminal.waitFor("LD", after: mark))
        terminal.send("]->(r) RETURN DISTINCT r.name;" + Key.enter)
        #expect(terminal.waitFor("│ Bí thư Thành ủy Cần Thơ │"))
        #expect(terminal.waitForRawMode())
        mark = terminal.output.count
        terminal.send(":show tran" + Key.tab)
        #expect(terminal.waitFor("person:tran-quoc-trung", after: mark))
        terminal.send(Key.enter)
        #expect(terminal.waitFor("→ HELD (1)", after: mark))
        #expect(terminal.quit() == 0)
    }

    /// `:at` binds `$at` and marks `:show`; `:timeline` (its id completed by Tab) draws the
    /// holders of a post on the terminal's width.
    @Test func atAndTimelineAnswerInTime() throws {
        let terminal = try PseudoTerminal([graph], environment: ["CADRE_HISTORY": try historyFile()])
        #expect(terminal.waitForPrompt())
        var mark = terminal.output.count
        terminal.send(":at 2018-06-01" + Key.enter)
        #expect(terminal.waitForRawMode())
        terminal.send("MATCH (p:Person)-[h:HELD]->() WHERE during($at, h.from, h.to) RETURN p.name;" + Key.enter)
        #expect(terminal.waitFor("│ Trần Quốc Trung │", after: mark))
        #expect(terminal.waitForRawMode())
        mark = terminal.output.count
        terminal.send(":show role:bi-thu-thanh-uy-can-tho" + Key.enter)
        #expect(terminal.waitFor("✓ person:tran-quoc-trung", after: mark))
        #expect(terminal.waitForRawMode())
        mark = terminal.output.count
        terminal.send(":timeline role:bi-thu-th" + Key.tab)
        #expect(terminal.waitFor("anh-uy-can-tho", after: mark))
        terminal.send(Key.enter)
        #expect(terminal.waitFor("┊ at 2018-06-01", after: mark))
        #expect(String(decoding: terminal.output[mark...], as: UTF8.self).contains("HELD  Lê Quang Mạnh"))
        #expect(terminal.quit() == 0)
    }

    @Test func aMultiLineStatementComesBackWholeAfterARestart() throws {
        let history = try historyFile()
        do {
            let terminal = try PseudoTerminal([graph], environment: ["CADRE_HISTORY": history])
            #expect(terminal.waitForPrompt())
            var mark = terminal.output.count
            terminal.send("MATCH (p:Person)" + Key.enter)
            #expect(terminal.waitForPrompt("  ... ", after: mark))
            mark = terminal.output.count
            terminal.send("WHERE p.name ~ 'le tan'" + Key.enter)
            #expect(terminal.waitForPrompt("  ... ", after: mark))
            terminal.send("RETURN p.id;" + Key.enter)
            #expect(terminal.waitFor("person:le-tan-thu"))
            #expect(terminal.quit() == 0)
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: history)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let terminal = try PseudoTerminal([graph], environment: ["CADRE_HISTORY": history])
        #expect(terminal.waitForPrompt())
        let mark = terminal.output.count
        terminal.send(Key.up)
        #expect(terminal.waitFor("RETURN p.id;", after: mark))
        terminal.send(Key.enter)
        #expect(terminal.waitFor("│ person:le-tan-thu │", after: mark))
        #expect(terminal.quit() == 0)
    }

    @Test func editsSurviveAKillAndComeBackFromTheJournal() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let copy = directory.appendingPathComponent("g.cg")
        try FileManager.default.copyItem(at: CLIRunner.root.appendingPathComponent(graph), to: copy)
        let original = try Data(contentsOf: copy)
        let journal = directory.appendingPathComponent(".g.cg.journal").path
        let environment = ["CADRE_HISTORY": try historyFile()]
        do {
            let terminal = try PseudoTerminal([copy.path], environment: environment)
            #expect(terminal.waitForPrompt())
            var mark = terminal.output.count
            terminal.send(":param who 'Người Mới'" + Key.enter)
            #expect(terminal.waitForPrompt(after: mark))
            mark = terminal.output.count
            terminal.send("CREATE (:Person {id: 'person:nguoi-moi', name: $who});" + Key.enter)
            #expect(terminal.waitFor("not saved yet", after: mark))
            #expect(terminal.waitForPrompt(after: mark))
            #expect(terminal.kill() != nil)
        }
        // Nothing was saved; the journal holds the statement, with its parameter.
        #expect(try Data(contentsOf: copy) == original)
        #expect(FileManager.default.fileExists(atPath: journal))
        let terminal = try PseudoTerminal([copy.path], environment: environment)
        #expect(terminal.waitFor("Replay them now? [Y/n]"))
        var mark = terminal.output.count
        terminal.send("y" + Key.enter)
        #expect(terminal.waitFor("Replayed 1 statement", after: mark))
        #expect(terminal.waitForPrompt(after: mark))
        mark = terminal.output.count
        terminal.send("MATCH (p:Person {id: 'person:nguoi-moi'}) RETURN p.name;" + Key.enter)
        #expect(terminal.waitFor("Người Mới", after: mark))
        #expect(terminal.waitForPrompt(after: mark))
        mark = terminal.output.count
        terminal.send(":save" + Key.enter)
        #expect(terminal.waitFor("saved", after: mark))
        #expect(terminal.quit() == 0)
        // Saved: the journal is gone, the graph file has the node.
        #expect(!FileManager.default.fileExists(atPath: journal))
        #expect(try String(contentsOf: copy, encoding: .utf8).contains("person:nguoi-moi"))
    }

    @Test func ctrlCCancelsTheLineAndTheShellGoesOn() throws {
        let terminal = try PseudoTerminal([graph], environment: ["CADRE_HISTORY": try historyFile()])
        #expect(terminal.waitForPrompt())
        terminal.send("MATCH (n) RETURN n")
        terminal.send(Key.ctrlC)
        #expect(terminal.waitForRawMode())
        let mark = terminal.output.count
        terminal.send("RETURN 40 + 2 AS answer;" + Key.enter)
        #expect(terminal.waitFor("│     42 │", after: mark))
        #expect(terminal.quit() == 0)
    }

    @Test func ctrlCInterruptsARunningQuery() throws {
        let terminal = try PseudoTerminal([graph], environment: ["CADRE_HISTORY": try historyFile()])
        #expect(terminal.waitForPrompt())
        terminal.send("MATCH (a), (b), (c), (d), (e) RETURN count(*);" + Key.enter)
        usleep(300_000)
        terminal.send(Key.ctrlC)
        #expect(terminal.waitFor("Interrupted; the graph is unchanged."))
        #expect(terminal.quit() == 0)
    }
}
