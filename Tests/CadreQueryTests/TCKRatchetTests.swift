import CadreTCK
import Foundation
import Testing

/// Every scenario listed in Tests/tck-passing.txt must keep passing. The list only grows:
/// `make tck-ratchet` rewrites it from a full run.
struct TCKRatchetTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let tck = ProcessInfo.processInfo.environment["TCK_DIR"].map { URL(fileURLWithPath: $0) }
        ?? packageRoot.appendingPathComponent("../shared/tck").standardized
    static let available = FileManager.default.fileExists(atPath: tck.appendingPathComponent("features").path)

    @Test(.enabled(if: available, "no openCypher TCK folder beside the repository (../shared/tck or $TCK_DIR): ratchet not checked"))
    func passingScenariosKeepPassing() throws {
        let list = try String(contentsOf: Self.packageRoot.appendingPathComponent("Tests/tck-passing.txt"), encoding: .utf8)
        let expected = Set(list.split(separator: "\n").map(String.init))
        #expect(expected.count > 1_000)
        let runner = TCKRunner(root: Self.tck)
        var checked = 0
        for path in Set(expected.map { String($0.split(separator: "\t")[0]) }).sorted() {
            let feature = try runner.loadFeature(path)
            for scenario in feature.scenarios {
                let key = "\(path)\t\(scenario.name)\t\(scenario.exampleIndex)"
                guard expected.contains(key) else { continue }
                let outcome = runner.run(scenario, in: feature)
                checked += 1
                #expect(outcome.status == .pass, "\(key): \(outcome.reason)")
            }
        }
        #expect(checked == expected.count, "some listed scenarios no longer exist")
    }
}
