import Foundation
import Testing

/// `cadre import` as another tool's user meets it (issue 16).
struct ImportTests {
    @Test func aDirtyFileGivesTwentyErrorsACountAndNoGraph() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let nodes = directory.appendingPathComponent("people.csv")
        var text = "id:ID,name,born:int,:LABEL\n"
        for index in 0..<10_500 { text += index < 500 ? "p\(index),Người \(index),1960,Person\n" : "p\(index),Người \(index),năm \(index),Person\n" }
        try text.write(to: nodes, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("g.cg")
        let result = try CLIRunner.run(["import", "--nodes", nodes.path, "--out", out.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 21)
        #expect(lines.first == "\(nodes.path):502:16: `born` must be an integer, not \"năm 500\"")
        #expect(lines.last == "… and 9980 more (10000 in all); nothing was imported")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func skipBadRowsWritesTheRestAndAReport() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let nodes = directory.appendingPathComponent("n.csv"), edges = directory.appendingPathComponent("r.csv")
        try "id:ID,born:int,number,:LABEL\na,1960,12-NQ/TW,Resolution\nb,x,1,Resolution\nc,1,2,Resolution\n".write(to: nodes, atomically: true, encoding: .utf8)
        try ":START_ID,:END_ID,:TYPE\na,c,CITES\na,b,CITES\n".write(to: edges, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("g.cg"), report = directory.appendingPathComponent("bad.txt")
        let result = try CLIRunner.run(["import", "--nodes", nodes.path, "--relationships", edges.path, "--out", out.path, "--skip-bad-rows", report.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2 nodes, 1 edges"))
        #expect(result.stderr.contains("left out 2 bad rows"))
        #expect(try String(contentsOf: report, encoding: .utf8) == """
            \(nodes.path):3:3: `born` must be an integer, not "x"
              b,x,1,Resolution
            \(edges.path):3:3: unknown end node "b"
              a,b,CITES

            """)
        // What it wrote opens, with the other tool's types.
        let check = try CLIRunner.run([out.path, "-c", "MATCH (r:Resolution {id: 'a'}) RETURN r.born + 1 AS next, r.number AS number"])
        #expect(check.stdout.contains("1961") && check.stdout.contains("12-NQ/TW"), "\(check.stdout)\(check.stderr)")
    }

    /// `--into` adds to a graph file; the same files again change nothing.
    @Test func intoAGraphAddsOnceAndSaysWhat() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let graph = directory.appendingPathComponent("g.cg")
        try FileManager.default.copyItem(at: CLIRunner.root.appendingPathComponent("graph/cantho-2020.cg"), to: graph)
        let nodes = directory.appendingPathComponent("p.csv"), edges = directory.appendingPathComponent("r.csv")
        try "id:ID,name,born:date,:LABEL\nperson:tran-quoc-trung,Trần Quốc Trung,1962,Person\nperson:moi,Nguyễn Văn Mới,1970-05,Person\n"
            .write(to: nodes, atomically: true, encoding: .utf8)
        try ":START_ID,:END_ID,:TYPE\nperson:moi,person:tran-quoc-trung,KNOWS\n".write(to: edges, atomically: true, encoding: .utf8)
        let first = try CLIRunner.run(["import", "--nodes", nodes.path, "--relationships", edges.path, "--into", graph.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("added 1 node, updated 1 (1 value changed), added 1 edge\n"))
        let after = try Data(contentsOf: graph)
        let second = try CLIRunner.run(["import", "--nodes", nodes.path, "--relationships", edges.path, "--into", graph.path])
        #expect(second.stdout.hasPrefix("added 0 nodes, added 0 edges (1 already there)\n"))
        #expect(try Data(contentsOf: graph) == after)
        let check = try CLIRunner.run(["check", graph.path])
        #expect(check.status == 0, "\(check.stderr)")
    }

    /// Out to the engines a team moves to, and back: the graph file comes back byte for byte.
    @Test(arguments: ["cypher", "jsonl"])
    func exportThenImportGivesTheSameFile(format: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let graph = CLIRunner.root.appendingPathComponent("graph/cantho-2020.cg").path
        let exported = directory.appendingPathComponent("g.\(format)").path, back = directory.appendingPathComponent("back.cg").path
        let out = try CLIRunner.run(["export", format, graph, "--out", exported])
        #expect(out.status == 0, "\(out.stderr)")
        let read = try CLIRunner.run(["import", "--\(format)", exported, "--out", back])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: back)) == Data(contentsOf: URL(fileURLWithPath: graph)))
    }
}
