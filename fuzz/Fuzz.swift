// A libFuzzer target for cadre's front ends (built by `make fuzz`, with -sanitize=fuzzer,address;
// never part of a normal build). CADRE_FUZZ_TARGET picks the front end: `query` (lexer, parser,
// planner and engine, run on the article's graph with Ctrl-C after a second), `graph` (the graph
// file reader), `csv` (the CSV importer) or `regex` (`=~`'s engines: the pattern up to the first
// newline, the text after it). Any input must give a result or an error.
import CadreGraph
@testable import CadreQuery
import Dispatch
import Foundation

private let target = ProcessInfo.processInfo.environment["CADRE_FUZZ_TARGET"] ?? "query"
private let article: Graph = {
    let path = ProcessInfo.processInfo.environment["CADRE_FUZZ_GRAPH"] ?? "graph/cantho-2020.cg"
    return (try? GraphFileReader.read(path: path, cache: false)) ?? Graph()
}()
private let cancel = CancelFlag()
private let scratch = NSTemporaryDirectory() + "cadre-fuzz-\(getpid()).csv"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch target {
    case "graph":
        _ = try? GraphFileReader.read(SourceText(name: "fuzz.cg", bytes: bytes))
    case "regex":
        let cut = bytes.firstIndex(of: 10) ?? bytes.count
        guard let pattern = String(validating: bytes[..<cut], as: UTF8.self),
              let text = String(validating: bytes[min(cut + 1, bytes.count)...], as: UTF8.self) else { return 0 }
        _ = try? RegularExpression(pattern).matchesWhole(text, budget: 100_000) {}
    case "csv":
        FileManager.default.createFile(atPath: scratch, contents: Data(bytes))
        _ = try? CSVImporter.read(nodes: [scratch], relationships: [])
        _ = try? CSVImporter.read(nodes: [], relationships: [scratch])
    default:
        guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
        var graph = article
        cancel.clear()
        let watchdog = DispatchWorkItem { cancel.set() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 1, execute: watchdog)
        _ = try? QueryEngine.execute(text, on: &graph, cancel: cancel)
        watchdog.cancel()
    }
    return 0
}
