import CadreGraph
import CadreQuery
import Foundation

/// glibc's malloc_trim (from <malloc.h>, which the Glibc module does not export).
@_silgen_name("malloc_trim") func malloc_trim(_ pad: Int) -> Int32

// cadre-bench GRAPH --person ID --other ID --role ID --term ID [--runs N] [--cached] | GRAPH --queries FILE [--runs N] [--cached] [--only Qn] [--write-snapshot IMAGE]
// cadre-bench GRAPH --read-snapshot IMAGE
// cadre-bench GRAPH --load-only
// cadre-bench GRAPH --queries FILE [--runs N] [--cached] | GRAPH --queries FILE [--runs N] [--cached]
// Loads the graph file (timed), reports resident memory, then runs the eight benchmark queries,
// each `runs` times prepared once and `runs` times planned anew, and prints one JSON object per
// line: name, median and fastest microseconds (prepared), median planned anew, result count.

let arguments = Array(CommandLine.arguments.dropFirst())
nonisolated func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
guard let path = arguments.first, option("--read-snapshot") != nil || arguments.contains("--load-only") || arguments.contains("--format-only") || option("--queries") != nil || (option("--person") != nil
      && option("--other") != nil && option("--role") != nil && option("--term") != nil) else {
    FileHandle.standardError.write(Data("usage: cadre-bench GRAPH --person ID --other ID --role ID --term ID [--runs N] [--cached] | GRAPH --queries FILE [--runs N] [--cached]\n".utf8))
    exit(2)
}
let runs = option("--runs").flatMap(Int.init) ?? 21
let person = option("--person") ?? "", other = option("--other") ?? ""
let role = option("--role") ?? "", term = option("--term") ?? ""

func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
    return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
}

/// The peak resident size since the last `resetPeakResident` (VmHWM), in bytes.
func peakResidentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
    return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
}

/// Resets the peak resident size to the current one (Linux: `5` written to clear_refs).
func resetPeakResident() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

func microseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1000
}

if let image = option("--read-snapshot") {
    var restored: Graph? = nil
    let time = microseconds { restored = GraphSnapshot.read(image, for: path) }
    guard let restored else {
        FileHandle.standardError.write(Data("the snapshot \(image) does not match \(path)\n".utf8))
        exit(1)
    }
    print("{\"name\": \"load from snapshot\", \"median_us\": \(time), \"count\": \(restored.nodeCount), \"edges\": \(restored.edgeCount)}")
    exit(0)
}

let before = residentBytes()
var graph = Graph()
// --cached: open as the shell does, through the snapshot cache (for profiling queries without
// the text parse in the profile; the load figure is then the snapshot's).
let cached = arguments.contains("--cached")
let loadMicroseconds = try microseconds { graph = try GraphFileReader.read(path: path, cache: cached) }
_ = malloc_trim(0) // give the reader's temporary buffers back, so RSS counts what the graph keeps
let after = residentBytes()
print("{\"name\": \"load\", \"median_us\": \(loadMicroseconds), \"count\": \(graph.nodeCount), \"edges\": \(graph.edgeCount), \"rss_bytes\": \(after), \"graph_bytes\": \(after - before)}")

if arguments.contains("--memory") {
    // What each part of the store holds, in bytes per edge.
    for (part, bytes) in graph.memoryParts() {
        print("{\"name\": \"memory\", \"part\": \"\(part)\", \"bytes\": \(bytes), \"per_edge\": \(Double(bytes) / Double(max(1, graph.edgeCount)))}")
    }
    // Then what the background build adds: the folded-name index, then the columns and indexes.
    var resident = residentBytes()
    _ = graph.nodes(withNameContaining: "a")
    _ = malloc_trim(0)
    print("{\"name\": \"memory\", \"part\": \"folded-name index\", \"bytes\": \(residentBytes() - resident)}")
    resident = residentBytes()
    graph.prepare().wait()
    _ = malloc_trim(0)
    print("{\"name\": \"memory\", \"part\": \"columns and sorted indexes\", \"bytes\": \(residentBytes() - resident)}")
}
if arguments.contains("--load-only") { exit(0) }

// --format-only: the canonical text of the graph formatted (what `cadre fmt` and `cadre import`
// write) into memory and dropped, timed without the disk.
if arguments.contains("--format-only") {
    var bytes = 0
    let elapsed = microseconds { try? GraphFileWriter.write(graph) { bytes += $0.count } }
    print("{\"name\": \"format\", \"median_us\": \(elapsed), \"bytes\": \(bytes)}")
    exit(0)
}

// As an interactive session does once the graph is open, the folded-name index and the
// columns of the keys most entities hold are built on another thread (`Graph.prepare`). A
// session's first statements come seconds later; here they would come at once and meet the
// build half done, so it is waited for and timed apart: what opening costs before the
// statements run as fast the first time as the next ones.
let preparation = graph.prepare()
let prepareMicroseconds = microseconds { preparation.wait() }
print("{\"name\": \"prepare\", \"median_us\": \(prepareMicroseconds), \"rss_bytes\": \(residentBytes())}")

// --write-snapshot IMAGE: leave the snapshot a first open leaves in the cache, for
// `cadre-bench GRAPH --read-snapshot IMAGE` to time in a fresh process.
if let image = option("--write-snapshot"), !GraphSnapshot.write(graph, readFrom: path, to: image) {
    FileHandle.standardError.write(Data("cannot write the snapshot \(image)\n".utf8))
    exit(1)
}

// --queries FILE: the everyday suite. FILE holds queries separated by lines `-- NAME`; each is
// planned anew and run `runs` times (as a statement typed in the shell is), the first run timed
// apart (a lazy build shows there). Prints per query: name, first and median microseconds, the
// row count and the rows themselves (strings as printed), for the caller to compare with the
// other engines' answers.
if let file = option("--queries") {
    let text = try String(contentsOfFile: file, encoding: .utf8)
    var suite: [(name: String, text: String)] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("-- ") {
            suite.append((String(line.dropFirst(3)), ""))
        } else if !suite.isEmpty {
            suite[suite.count - 1].text += line + "\n"
        }
    }
    func cell(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .string(let text): return text
        case .int(let number): return String(number)
        case .float(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .date(let date): return date.description
        default: return String(describing: value)
        }
    }
    func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return "\"" + out + "\""
    }
    for (name, query) in suite {
        let source = SourceText(name: name, text: query)
        var timings: [Double] = []
        var rows: [[Value]] = []
        // What the query's runs add, at their peak, to what was resident before them.
        let residentBefore = residentBytes()
        resetPeakResident()
        for _ in 0..<max(runs, 1) {
            timings.append(try microseconds {
                let statement = try QueryEngine.parse(source)[0]
                rows = try QueryEngine.run(statement, source: source, on: &graph).rows
            })
        }
        let first = timings[0]
        timings.sort()
        let cells = rows.prefix(1000).map { "[" + $0.map { escaped(cell($0)) }.joined(separator: ", ") + "]" }
        let added = max(0, peakResidentBytes() - residentBefore)
        print("{\"name\": \(escaped(name)), \"first_us\": \(first), \"median_us\": \(timings[timings.count / 2]), "
              + "\"peak_added_bytes\": \(added), \"count\": \(rows.count), \"rows\": [\(cells.joined(separator: ", "))]}")
    }
    exit(0)
}

let parameters: [String: Value] = [
    "person": .string(person), "other": .string(other), "role": .string(role), "term": .string(term),
    "text": .string("Văn Hùng"), "folded": .string("van hung"),
]
let queries: [(String, String)] = [
    ("Q1 roles of a person", "MATCH (p:Person {id: $person})-[h:HELD]->(r:Role) RETURN r.id, h.from"),
    ("Q2 name CONTAINS", "MATCH (p:Person) WHERE p.name CONTAINS $text RETURN count(*)"),
    ("Q2 name ~ (folded)", "MATCH (p:Person) WHERE p.name ~ $folded RETURN count(*)"),
    ("Q3 holders of a post in a term", "MATCH (p:Person)-[h:HELD]->(r:Role {id: $role}) WHERE h.term = $term RETURN p.id"),
    ("Q4 colleagues", "MATCH (p:Person {id: $person})-[:HELD]->(:Role)-[:ROLE_OF]->(o:Organization) MATCH (o)<-[:ROLE_OF]-(:Role)<-[:HELD]-(c:Person) WHERE c <> p RETURN count(DISTINCT c)"),
    ("Q5 3-hop neighbourhood", "MATCH (p:Person {id: $person})-[*1..3]-(x) RETURN count(DISTINCT x)"),
    ("Q6 awards per organization", "MATCH (o:Organization)<-[:MEMBER_OF]-(p:Person)-[:RECEIVED]->(a:Award) RETURN o.id, count(a) AS n ORDER BY n DESC, o.id LIMIT 10"),
    ("Q7 shortest path length", "MATCH (a:Person {id: $person}), (b:Person {id: $other}), p = shortestPath((a)-[*..8]-(b)) RETURN length(p)"),
    ("Q8 HELD from 2010-2015", "MATCH ()-[h:HELD]->() WHERE h.from.year >= 2010 AND h.from.year <= 2015 RETURN count(*)"),
]
// --only Q8 runs the queries whose name starts with that (for profiling one query).
let only = option("--only")
for (name, text) in queries where only.map({ name.hasPrefix($0 + " ") }) ?? true {
    let source = SourceText(name: name, text: text)
    let statement = try QueryEngine.parse(source)[0]
    // Prepared once and run with its parameters, as Kùzu's side runs its prepared statement;
    // and, run for run beside it, planned again each time (what a statement typed anew costs).
    let prepared = try QueryEngine.prepare(statement, source: source)
    var timings: [Double] = []
    var planned: [Double] = []
    var count = 0
    for _ in 0..<runs {
        var result: QueryResult? = nil
        timings.append(try microseconds {
            result = try QueryEngine.run(prepared, on: &graph, parameters: parameters)
        })
        planned.append(try microseconds {
            _ = try QueryEngine.run(QueryEngine.prepare(statement, source: source), on: &graph, parameters: parameters)
        })
        let rows = result!.rows
        if rows.count == 1, rows[0].count == 1, case .int(let value) = rows[0][0], text.contains("count(") || text.contains("length(") {
            count = Int(value)
        } else {
            count = rows.count
        }
    }
    timings.sort()
    planned.sort()
    print("{\"name\": \"\(name)\", \"median_us\": \(timings[timings.count / 2]), \"min_us\": \(timings[0]), "
          + "\"planned_us\": \(planned[planned.count / 2]), \"count\": \(count)}")
}
