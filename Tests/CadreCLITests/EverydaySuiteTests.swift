import CadreGraph
import CadreQuery
import Foundation
import Testing

/// The everyday benchmark suite (`benchmarks/everyday_queries.py`) at 10,000 persons: each
/// query's answer, in batches and row by row, is the one stored when cadre, Kùzu and DuckDB
/// agreed on it (`benchmarks/everyday-expected-10000.json`).
struct EverydaySuiteTests {
    struct Expected: Decodable {
        struct Query: Decodable {
            var query: String
            var count: Int
            var rows: [[String]]?
        }
        var queries: [String: Query]
    }

    /// A value as cadre-bench prints a cell.
    static func cell(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .string(let text): text
        case .int(let number): String(number)
        case .float(let number): String(number)
        case .bool(let flag): String(flag)
        case .date(let date): date.description
        default: String(describing: value)
        }
    }

    static func sorted(_ rows: [[String]]) -> [[String]] {
        rows.sorted { $0.lexicographicallyPrecedes($1) }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: GeneratorTests.generator.path), "cadre-generate is not built"))
    func answersMatchTheOtherEngines() throws {
        let expectedURL = CLIRunner.root.appendingPathComponent("benchmarks/everyday-expected-10000.json")
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: expectedURL))
        #expect(expected.queries.count >= 30)
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try GeneratorTests().generate(10_000, seed: 1, into: directory)
        var graph = try GraphFileReader.read(path: directory.appendingPathComponent("graph.cg").path, cache: false)
        for (name, query) in expected.queries.sorted(by: { $0.key < $1.key }) {
            for options in [QueryOptions(vectorized: true), QueryOptions.rowByRow] {
                let rows = try QueryEngine.execute(query.query, on: &graph, options: options)[0].rows
                #expect(rows.count == query.count, "\(name), vectorized: \(options.vectorized)")
                if let stored = query.rows {
                    #expect(Self.sorted(rows.map { $0.map(Self.cell) }) == Self.sorted(stored), "\(name), vectorized: \(options.vectorized)")
                }
            }
        }
    }
}
