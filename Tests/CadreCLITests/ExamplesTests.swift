import Foundation
import Testing

/// Golden tests: every examples/NAME.cypher is run through the real binary on the Cần Thơ graph;
/// its output must equal examples/NAME.out, and each DOT file it writes the file of that name in
/// examples/. `CADRE_RECORD=1 swift test --filter ExamplesTests` records them anew.
struct ExamplesTests {
    static let examples = CLIRunner.root.appendingPathComponent("examples")
    static let graph = CLIRunner.root.appendingPathComponent("graph/cantho-2020.cg").path
    static let record = ProcessInfo.processInfo.environment["CADRE_RECORD"] == "1"

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? [])
            .filter { $0.hasSuffix(".cypher") }.sorted()
    }

    @Test func thereAreEnoughExamples() {
        #expect(Self.scripts.count >= 8)
    }

    @Test(arguments: scripts)
    func exampleMatchesItsExpectedOutput(script: String) throws {
        let base = String(script.dropLast(".cypher".count))
        let directory = try CLIRunner.temporaryDirectory()
        let result = try CLIRunner.run([Self.graph, "-f", Self.examples.appendingPathComponent(script).path], in: directory)
        #expect(result.status == 0, "\(script): \(result.stderr)")
        let expectedOut = Self.examples.appendingPathComponent(base + ".out")
        let written = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".dot") }
        if Self.record {
            try result.stdout.write(to: expectedOut, atomically: true, encoding: .utf8)
            for file in written {
                try? FileManager.default.removeItem(at: Self.examples.appendingPathComponent(file))
                try FileManager.default.copyItem(at: directory.appendingPathComponent(file), to: Self.examples.appendingPathComponent(file))
            }
            return
        }
        let expected = try String(contentsOf: expectedOut, encoding: .utf8)
        #expect(result.stdout == expected, "\(script) differs from \(base).out:\n\(Self.diff(expected, result.stdout))")
        #expect(written == (FileManager.default.fileExists(atPath: Self.examples.appendingPathComponent(base + ".dot").path) ? [base + ".dot"] : []))
        for file in written {
            let got = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            let want = try String(contentsOf: Self.examples.appendingPathComponent(file), encoding: .utf8)
            #expect(got == want, "\(file) differs:\n\(Self.diff(want, got))")
        }
    }

    /// The first lines that differ, for a readable failure.
    static func diff(_ expected: String, _ actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? String(a[index]) : "<end>"
            let right = index < b.count ? String(b[index]) : "<end>"
            if left != right { return "line \(index + 1):\n- \(left)\n+ \(right)" }
        }
        return "(same lines)"
    }
}

/// Graphviz accepts every DOT file cadre writes, without a warning.
struct GraphvizTests {
    static let dot = ["/usr/bin/dot", "/usr/local/bin/dot"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func render(_ text: String) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dot!)
        process.arguments = ["-Tsvg", "-o", "/dev/null"]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, message)
    }

    @Test(.enabled(if: dot != nil, "Graphviz is not installed (apt-get install graphviz)"))
    func everyExampleDOTFileRendersCleanly() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: ExamplesTests.examples.path).filter { $0.hasSuffix(".dot") }
        #expect(!files.isEmpty)
        for file in files {
            let (status, errors) = try Self.render(try String(contentsOf: ExamplesTests.examples.appendingPathComponent(file), encoding: .utf8))
            #expect(status == 0 && errors.isEmpty, "\(file): \(errors)")
        }
    }

    @Test(.enabled(if: dot != nil, "Graphviz is not installed (apt-get install graphviz)"))
    func theWholeGraphAndEveryFormOfExportRenderCleanly() throws {
        for command in ["MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN n, r", "MATCH p = ()-[*1..2]->() RETURN p"] {
            for options in ["", "--closed --cluster-by organization --rankdir TB"] {
                let result = try CLIRunner.run([ExamplesTests.graph, "-c", command, "-c", ":dot \(options)"])
                let start = try #require(result.stdout.range(of: "digraph cadre {"))
                let (status, errors) = try Self.render(String(result.stdout[start.lowerBound...]))
                #expect(status == 0 && errors.isEmpty, "\(command) \(options): \(errors)")
            }
        }
    }

    @Test(.enabled(if: dot != nil, "Graphviz is not installed (apt-get install graphviz)"))
    func renderWritesAPicture() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let picture = directory.appendingPathComponent("trung.svg").path
        let result = try CLIRunner.run([ExamplesTests.graph, "-c", "MATCH p = (:Person {id: 'person:tran-quoc-trung'})-->() RETURN p",
                                        "--render", picture])
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOfFile: picture, encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("Trần Quốc Trung"))
    }
}

/// The timelines cadre writes as SVG render (librsvg, as a browser would read them), and the
/// picture in docs/ is the one cadre draws today.
struct TimelineRenderTests {
    static let renderer = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func thePictureInDocsIsCurrent() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let result = try CLIRunner.run([ExamplesTests.graph, "-c", ":timeline role:bi-thu-thanh-uy-can-tho t.svg"], in: directory)
        #expect(result.status == 0 && result.stdout == "wrote t.svg (2 rows)\n", "\(result.stderr)")
        let drawn = try String(contentsOf: directory.appendingPathComponent("t.svg"), encoding: .utf8)
        let kept = try String(contentsOf: CLIRunner.root.appendingPathComponent("docs/timeline-bi-thu-can-tho.svg"), encoding: .utf8)
        #expect(drawn == kept)
    }

    @Test(.enabled(if: renderer != nil, "librsvg is not installed (apt-get install librsvg2-bin)"),
          arguments: ["person:tran-quoc-trung", "role:bi-thu-thanh-uy-can-tho", "org:thanh-uy-can-tho", "person:le-tan-thu"])
    func timelinesRenderCleanly(id: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let result = try CLIRunner.run([ExamplesTests.graph, "-c", ":at 2018", "-c", ":timeline \(id) t.svg"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.renderer!)
        process.arguments = [directory.appendingPathComponent("t.svg").path, "-o", directory.appendingPathComponent("t.png").path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && message.isEmpty, "\(id): \(message)")
        let png = try Data(contentsOf: directory.appendingPathComponent("t.png"))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) && png.count > 2000)
    }
}
