import Foundation
import Testing

/// What cadre does with input that is not what it expects (issue 15): refuse it clearly, run
/// nothing of it, and never flood the terminal.
struct HostileFilesTests {
    let graph = "graph/cantho-2020.cg"

    @Test func aLineThatIsNotUTF8IsRefusedNotRun() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let script = directory.appendingPathComponent("bad.cypher")
        try Data("RETURN 1 AS one;\nRETURN '\u{FF}'".utf8.map { $0 == 0xC3 ? 0xFF : $0 } + Array(" AS two;\nRETURN 3 AS three;\n".utf8))
            .write(to: script)
        let result = try CLIRunner.run([graph, "-f", script.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("\(script.path):2:"))
        #expect(result.stderr.contains("not valid UTF-8"))
        #expect(result.stdout.contains("one") && !result.stdout.contains("two") && !result.stdout.contains("three"))
    }

    @Test func aSaveThatCannotBeWrittenListsTwentyProblemsThenACount() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let copy = directory.appendingPathComponent("g.cg")
        try FileManager.default.copyItem(at: CLIRunner.root.appendingPathComponent(graph), to: copy)
        let before = try Data(contentsOf: copy)
        // Forty nodes share each id: the save lists twenty of the duplicates, then a count.
        let result = try CLIRunner.run([copy.path, "--save"], stdin: "MATCH (n) SET n.id = 'same:' + toString(id(n) % 40);\n")
        #expect(result.status != 0)
        #expect(result.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("  - ") }.count == 20)
        #expect(result.stderr.contains("more like them"))
        #expect(try Data(contentsOf: copy) == before)
    }

    /// A `dot` that exits before reading its input (here a stand-in that reads nothing) must not
    /// kill cadre with SIGPIPE: the render fails with dot's message, a script stops with status 1.
    @Test func renderSurvivesDotExitingEarly() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let dot = directory.appendingPathComponent("dot")
        try "#!/bin/sh\necho 'dot: gave up early' >&2\nexit 3\n".write(to: dot, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dot.path)
        let picture = directory.appendingPathComponent("all.svg").path
        // Far more DOT than a pipe holds, so the write meets a closed pipe.
        let script = "UNWIND range(1, 3000) AS i CREATE (:Probe {id: 'probe:' + i, name: 'Nguyễn Văn Một Hai Ba ' + i});\n"
            + "MATCH (n:Probe) RETURN n;\n:render \(picture) --max 5000\n"
        let result = try CLIRunner.run([graph], stdin: script, environment: ["PATH": directory.path + ":/usr/bin:/bin"])
        #expect(result.stderr.contains("dot failed: dot: gave up early"), "\(result.stderr)")
        #expect(result.status == 1)
    }

    @Test func aRepeatedCSVColumnIsRefused() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let nodes = directory.appendingPathComponent("n.csv")
        try "id:ID,name,name,:LABEL\na:1,x,y,Area\n".write(to: nodes, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("g.cg")
        let result = try CLIRunner.run(["import", "--nodes", nodes.path, "--out", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(nodes.path):1:12: column 3 (`name`) repeats property name"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func aStatementPastItsMemoryLimitStopsAndChangesNothing() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let copy = directory.appendingPathComponent("g.cg")
        try FileManager.default.copyItem(at: CLIRunner.root.appendingPathComponent(graph), to: copy)
        let result = try CLIRunner.run([copy.path, "--save", "-c", ":set memory 40MB",
                                        "-c", "UNWIND range(1, 3000) AS x UNWIND range(1, 3000) AS y CREATE (:MemoryProbe {x: x, y: y})"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("took more than 40 MB of memory"))
        #expect(try !String(contentsOf: copy, encoding: .utf8).contains("MemoryProbe"))
        // Under the limit, the same kind of statement runs.
        let small = try CLIRunner.run([graph, "-c", ":set memory 40MB", "-c", "UNWIND range(1, 30) AS x RETURN count(*) AS n"])
        #expect(small.status == 0 && small.stdout.contains("30"))
        let shown = try CLIRunner.run([graph, "-c", ":set memory 2GB", "-c", ":set memory"])
        #expect(shown.stdout.contains("memory: 2.0 GB per statement"))
    }
}
