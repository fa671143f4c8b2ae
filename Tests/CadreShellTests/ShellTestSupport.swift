import CadreGraph
import Foundation
@testable import CadreShell

/// A shell over a small graph, its results written to a temporary file so tests can read them.
final class ShellHarness {
    let shell: Shell
    let outputPath: String

    init(graph: Graph = ShellHarness.sample(), format: OutputFormat = .table) {
        var options = Shell.Options()
        options.format = format
        shell = Shell(graph: graph, path: nil, options: options)
        outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-shell-\(UUID().uuidString).out").path
        _ = shell.setOutput([outputPath])
    }

    deinit {
        try? FileManager.default.removeItem(atPath: outputPath)
    }

    static func sample() -> Graph {
        var graph = Graph()
        let trung = graph.addNode(labels: ["Person"], properties: [("id", .string("person:tran-quoc-trung")), ("name", .string("Trần Quốc Trung"))])
        let thu = graph.addNode(labels: ["Person"], properties: [("id", .string("person:le-tan-thu")), ("name", .string("Lê Tấn Thủ"))])
        let role = graph.addNode(labels: ["Role"], properties: [("id", .string("role:bi-thu")), ("name", .string("Bí thư Thành ủy"))])
        graph.addEdge(from: trung, to: role, type: "HELD", properties: [("from", .date(PartialDate(year: 2015)!))])
        _ = thu
        return graph
    }

    /// Runs the lines as a script; returns whether it succeeded.
    @discardableResult
    func run(_ text: String, interactive: Bool = false) -> Bool {
        shell.run(ScriptedLineReader(text: text, interactive: interactive), sourceName: "script.cypher")
    }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
}
