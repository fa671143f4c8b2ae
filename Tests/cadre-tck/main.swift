import CadreTCK
import Foundation

// make tck: runs the openCypher TCK in ../shared/tck (or $TCK_DIR), prints a table per folder and
// `N passed, N failed, N skipped`, writes .build/tck-results.tsv. With --update-ratchet, writes
// the passing scenarios to Tests/tck-passing.txt.

let arguments = CommandLine.arguments.dropFirst()
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let tckDirectory = ProcessInfo.processInfo.environment["TCK_DIR"].map { URL(fileURLWithPath: $0) }
    ?? packageRoot.appendingPathComponent("../shared/tck").standardized
let filter = arguments.first { !$0.hasPrefix("--") }
let verbose = arguments.contains("--verbose")

guard FileManager.default.fileExists(atPath: tckDirectory.appendingPathComponent("features").path) else {
    print("no TCK at \(tckDirectory.path) (set TCK_DIR); nothing to run")
    exit(0)
}

let runner = TCKRunner(root: tckDirectory)
var outcomes: [TCKRunner.Outcome] = []
for path in runner.featurePaths() where filter.map({ path.contains($0) }) ?? true {
    let feature = try runner.loadFeature(path)
    for scenario in feature.scenarios {
        let outcome = runner.run(scenario, in: feature)
        if verbose && outcome.status == .fail {
            print("FAIL \(outcome.feature) [\(outcome.scenario)] #\(outcome.exampleIndex): \(outcome.reason)")
        }
        outcomes.append(outcome)
    }
}

var folders: [String: (pass: Int, fail: Int, skip: Int)] = [:]
for outcome in outcomes {
    let folder = outcome.feature.split(separator: "/").dropFirst().dropLast().joined(separator: "/")
    var counts = folders[folder, default: (0, 0, 0)]
    switch outcome.status {
    case .pass: counts.pass += 1
    case .fail: counts.fail += 1
    case .skip: counts.skip += 1
    }
    folders[folder] = counts
}
let width = max(6, folders.keys.map(\.count).max() ?? 0)
func pad(_ text: String, _ count: Int) -> String { text + String(repeating: " ", count: max(0, count - text.count)) }
func lpad(_ text: String, _ count: Int) -> String { String(repeating: " ", count: max(0, count - text.count)) + text }
print(pad("folder", width) + "  passed  failed  skipped  total  pass %")
for (folder, counts) in folders.sorted(by: { $0.key < $1.key }) {
    let total = counts.pass + counts.fail + counts.skip
    let percent = total == 0 ? 0 : Double(counts.pass) * 100 / Double(total)
    print(pad(folder, width) + "  " + lpad("\(counts.pass)", 6) + "  " + lpad("\(counts.fail)", 6) + "  "
          + lpad("\(counts.skip)", 7) + "  " + lpad("\(total)", 5) + "  " + lpad(String(format: "%.1f", percent), 6))
}
let passed = outcomes.filter { $0.status == .pass }.count
let failed = outcomes.filter { $0.status == .fail }.count
let skipped = outcomes.filter { $0.status == .skip }.count
let results = packageRoot.appendingPathComponent(".build/tck-results.tsv")
try? FileManager.default.createDirectory(at: results.deletingLastPathComponent(), withIntermediateDirectories: true)
let lines = outcomes.map { "\($0.key)\t\($0.status.rawValue)\t\($0.reason)" }
try (lines.joined(separator: "\n") + "\n").write(to: results, atomically: true, encoding: .utf8)
if arguments.contains("--update-ratchet") && filter == nil {
    let passing = outcomes.filter { $0.status == .pass }.map(\.key).sorted()
    try (passing.joined(separator: "\n") + "\n").write(to: packageRoot.appendingPathComponent("Tests/tck-passing.txt"),
                                                      atomically: true, encoding: .utf8)
}
print(String(format: "%.1f %% of %d scenarios pass", Double(passed) * 100 / Double(max(1, outcomes.count)), outcomes.count))
print("\(passed) passed, \(failed) failed, \(skipped) skipped")
