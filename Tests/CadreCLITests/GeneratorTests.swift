import Foundation
import Testing

/// The benchmark generator: same seed, same bytes; and its files load and import.
struct GeneratorTests {
    static let generator = CLIRunner.binary.deletingLastPathComponent().appendingPathComponent("cadre-generate")

    func generate(_ persons: Int, seed: Int, into directory: URL) throws {
        let process = Process()
        process.executableURL = Self.generator
        process.arguments = ["--persons", "\(persons)", "--seed", "\(seed)", "--out", directory.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: generator.path), "cadre-generate is not built"))
    func sameSeedSameBytesAndTheFilesLoad() throws {
        let a = try CLIRunner.temporaryDirectory(), b = try CLIRunner.temporaryDirectory(), c = try CLIRunner.temporaryDirectory()
        try generate(300, seed: 7, into: a)
        try generate(300, seed: 7, into: b)
        try generate(300, seed: 8, into: c)
        let graphA = try Data(contentsOf: a.appendingPathComponent("graph.cg"))
        #expect(graphA == (try Data(contentsOf: b.appendingPathComponent("graph.cg"))))
        #expect(graphA != (try Data(contentsOf: c.appendingPathComponent("graph.cg"))))
        let held = "csv/relationships_held.csv"
        #expect(try Data(contentsOf: a.appendingPathComponent(held)) == (try Data(contentsOf: b.appendingPathComponent(held))))
        #expect(try CLIRunner.run(["check", a.appendingPathComponent("graph.cg").path]).status == 0)
        let csv = try FileManager.default.contentsOfDirectory(atPath: a.appendingPathComponent("csv").path).sorted()
        let nodes = csv.filter { $0.hasPrefix("nodes_") }.map { a.appendingPathComponent("csv/" + $0).path }
        let relationships = csv.filter { $0.hasPrefix("relationships_") }.map { a.appendingPathComponent("csv/" + $0).path }
        let imported = a.appendingPathComponent("imported.cg").path
        let result = try CLIRunner.run(["import", "--nodes"] + nodes + ["--relationships"] + relationships + ["--out", imported])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: imported)) == graphA)
    }
}
