import CadreExport
import CadreGraph
import Foundation

// cadre-generate --persons N [--seed S] --out DIR
// A deterministic, realistically shaped national personnel graph: the Party with its Politburo,
// Central Committee and Secretariat, national terms VI–XIII; 63 provinces with their party
// committee, standing committee, departments, people's committee, districts and communes; roles
// per organization; resolutions; awards; persons with Vietnamese names who hold 1–6 roles over
// time (HELD with from/to/term), are members of organizations, receive awards, and succeed one
// another (SUCCEEDED). Writes DIR/graph.cg and the Neo4j admin-import CSV files in DIR/csv/.

let arguments = Array(CommandLine.arguments.dropFirst())
nonisolated func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
guard let persons = option("--persons").flatMap(Int.init), let out = option("--out") else {
    FileHandle.standardError.write(Data("usage: cadre-generate --persons N [--seed S] --out DIR\n".utf8))
    exit(2)
}
let seed = option("--seed").flatMap(UInt64.init) ?? 1

let started = Date()
var generator = NationalGraph(persons: persons, seed: seed)
let graph = generator.build()
try FileManager.default.createDirectory(atPath: out + "/csv", withIntermediateDirectories: true)
let text = try GraphFileWriter.write(graph)
try AtomicFile.write(Array(text.utf8), to: out + "/graph.cg")
for file in try CSVExporter.export(graph) {
    try AtomicFile.write(Array(file.text.utf8), to: out + "/csv/" + file.name)
}
print("\(graph.nodeCount) nodes, \(graph.edgeCount) edges in \(out) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
