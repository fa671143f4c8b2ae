import Foundation
import Testing

struct CheckAndFormatTests {
    @Test func checkPrintsCountsOfTheShippedGraph() throws {
        let result = try CLIRunner.run(["check", "graph/cantho-2020.cg"])
        #expect(result.status == 0)
        let first = try #require(result.stdout.split(separator: "\n").first)
        #expect(first.hasSuffix(" edges") && first.contains(" nodes, "))
        #expect(result.stdout.contains(":Person"))
        #expect(result.stdout.contains(":HELD"))
        #expect(result.stderr.isEmpty)
    }

    @Test func checkReportsALocatedErrorAndExits1() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("bad.cg")
        try Data("(:A {id: \"a\"})\n(\"a\")-[:T]->(\"b\")\n".utf8).write(to: file)
        let result = try CLIRunner.run(["check", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("\(file.path):2:14: error: edge to unknown node id \"b\""))
        #expect(result.stderr.contains("2 | (\"a\")-[:T]->(\"b\")"))
    }

    @Test func aMissingFileExits3() throws {
        let result = try CLIRunner.run(["check", "no/such/file.cg"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("no/such/file.cg: cannot read the file"))
    }

    @Test func formatChecksRewritesAndThenIsCanonical() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("g.cg")
        let messy = "(\"b\")-[:T]->(\"a\")\n(:X {name: \"Bé\", id: \"b\"})  // comment\n(:X {id: \"a\"})\n(:Person {id: \"person:le-tan-thu\", name: \"Lê Tấn Thủ\"})\n"
        try Data(messy.utf8).write(to: file)

        let check = try CLIRunner.run(["fmt", "--check", file.path])
        #expect(check.status == 1)
        #expect(check.stdout == file.path + "\n")
        #expect(try String(contentsOf: file, encoding: .utf8) == messy)

        #expect(try CLIRunner.run(["fmt", file.path]).status == 0)
        let formatted = try String(contentsOf: file, encoding: .utf8)
        #expect(formatted.contains("(:Person {id: \"person:le-tan-thu\", name: \"Lê Tấn Thủ\"})"))
        #expect(formatted.contains("(:X {id: \"b\", name: \"Bé\"})"))
        #expect(try CLIRunner.run(["fmt", "--check", file.path]).status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(leftovers == ["g.cg"])
    }

    @Test func formatLeavesAnInvalidFileUntouched() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("g.cg")
        let bad = "schema ({from: DATE})\n(:X {id: \"a\", from: 2015})\n"
        try Data(bad.utf8).write(to: file)
        let result = try CLIRunner.run(["fmt", file.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains(":2:21: error: `from` must be a date"))
        #expect(try String(contentsOf: file, encoding: .utf8) == bad)
    }

    @Test func openingAGraphWithEmptyInputDoesNothing() throws {
        let result = try CLIRunner.run(["graph/cantho-2020.cg"], stdin: "")
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty && result.stderr.isEmpty)
    }

    @Test func versionAndUsage() throws {
        let version = try CLIRunner.run(["--version"])
        #expect(version.status == 0 && version.stdout.first?.isNumber == true)
        let help = try CLIRunner.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("check") && help.stdout.contains("fmt"))
        let wrong = try CLIRunner.run(["fmt"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("Missing expected argument"))
        #expect(try CLIRunner.run(["check", "a", "b"]).status == 2)
    }
}
