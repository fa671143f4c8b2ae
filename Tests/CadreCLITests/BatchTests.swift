import Foundation
import Testing

struct BatchTests {
    let graph = "graph/cantho-2020.cg"

    @Test func pipedInputHasNoPromptOrBanner() throws {
        let result = try CLIRunner.run([graph], stdin: "MATCH (r:Role)\nRETURN r.name;\n")
        #expect(result.status == 0)
        #expect(result.stdout == "+-------------------------+\n| r.name                  |\n+-------------------------+\n| Bí thư Thành ủy Cần Thơ |\n+-------------------------+\n1 row\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func aScriptErrorNamesFileLineColumnAndExits1() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let script = directory.appendingPathComponent("bad.cypher")
        try "RETURN 1 AS one;\n\nMATCH (p:Person)\nRETURN q.name;\nRETURN 2 AS two;\n".write(to: script, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run([graph, "-f", script.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("\(script.path):4:8: error: unknown variable `q`"))
        #expect(result.stdout.contains("one") && !result.stdout.contains("two"))
        let going = try CLIRunner.run([graph, "-f", script.path, "--keep-going"])
        #expect(going.status == 1)
        #expect(going.stdout.contains("two"))
    }

    @Test func echoPrintsEachStatement() throws {
        let result = try CLIRunner.run([graph, "--echo", "--format", "csv"], stdin: "RETURN 1 AS a;\n")
        #expect(result.stdout == "RETURN 1 AS a;\na\n1\n")
    }

    @Test func jsonFromAPipeParses() throws {
        let result = try CLIRunner.run([graph, "--format", "json"], stdin: "MATCH (a:Award) RETURN a.name AS name ORDER BY name;")
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]]
        #expect(rows?.count == 3)
    }

    @Test func batchWritesAreSavedOnlyWithSave() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let copy = directory.appendingPathComponent("g.cg")
        try FileManager.default.copyItem(at: CLIRunner.root.appendingPathComponent(graph), to: copy)
        let before = try Data(contentsOf: copy)
        #expect(try CLIRunner.run([copy.path], stdin: "CREATE (:Person {name: 'Phạm Minh Chính'});").status == 0)
        #expect(try Data(contentsOf: copy) == before)
        #expect(try CLIRunner.run([copy.path, "--save"], stdin: "CREATE (:Person {name: 'Phạm Minh Chính'});").status == 0)
        let after = try String(contentsOf: copy, encoding: .utf8)
        #expect(after.contains("(:Person {id: \"person:pham-minh-chinh\", name: \"Phạm Minh Chính\"})"))
        #expect(try CLIRunner.run(["check", copy.path]).status == 0)
    }

    @Test func readOnlyRefusesWritesWithExit1() throws {
        let result = try CLIRunner.run([graph, "--read-only"], stdin: "CREATE (:X);")
        #expect(result.status == 1)
        #expect(result.stderr.contains("read-only"))
    }

    @Test func aMissingGraphFileExits3() throws {
        #expect(try CLIRunner.run(["nowhere.cg", "-c", "RETURN 1"]).status == 3)
    }
}
