import Foundation

/// `cadre import --jsonl FILE`: JSON lines as `cadre export jsonl` (and APOC's
/// `apoc.export.json`) write them: node lines, then relationship lines naming their ends by id.
/// `"dates"` marks the keys whose ISO text is a date; a `"schema"` line declares types. Problems
/// are located as `file:line:column`; the first 20 are shown, then a count, and nothing is made.
public enum JSONLinesImporter {
    public static func read(path: String) throws(CSVImporter.ImportFailure) -> Graph {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CSVImporter.ImportFailure(errors: [.init(file: path, line: 0, message: "cannot read the file")], total: 1)
        }
        let bytes = [UInt8](data)
        var graph = Graph()
        var errors: [CSVImporter.ImportError] = []
        var total = 0
        var lineStart = 0, line = 0
        var edges: [(line: Int, record: JSONValue)] = []
        func problem(_ message: String, at offset: Int? = nil) {
            total += 1
            guard errors.count < CSVImporter.shownErrors else { return }
            let column = offset.map { bytes[lineStart..<$0].filter { $0 & 0xC0 != 0x80 }.count + 1 }
            errors.append(.init(file: path, line: line, column: column, message: message))
        }
        while lineStart < bytes.count {
            line += 1
            let end = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            defer { lineStart = end + 1 }
            let text = bytes[lineStart..<end]
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            if String(validating: text, as: UTF8.self) == nil { problem("invalid UTF-8"); continue }
            let record: JSONValue
            do {
                record = try JSONValue.parse(text)
            } catch {
                problem(error.message, at: error.offset)
                continue
            }
            switch record["type"]?.string {
            case "schema":
                guard case .array(let statements)? = record["statements"] else { problem("a schema line needs \"statements\""); continue }
                do {
                    graph.schema = try GraphFileReader.readSchema(statements.compactMap(\.string).joined(separator: "\n") + "\n", name: path)
                } catch {
                    problem("a schema statement does not read: \(error.diagnostics.first?.message ?? "")")
                }
            case "node":
                guard let id = record["id"]?.string, !id.isEmpty else { problem("a node needs a string \"id\""); continue }
                guard graph.node(withID: id) == nil else { problem("duplicate id \"\(id)\""); continue }
                var labels: [String] = []
                if case .array(let names)? = record["labels"] { labels = names.compactMap(\.string) }
                do {
                    var properties = try values(record, labels: labels, graph: graph)
                    properties.removeAll { $0.0 == "id" }
                    graph.addNode(labels: labels, properties: [("id", .string(id))] + properties)
                } catch {
                    problem(error.message)
                }
            case "relationship":
                edges.append((line, record))
            default:
                problem("each line is a node, a relationship or a schema: {\"type\": \"node\", …}")
            }
        }
        graph.beginBulkLoad()
        for (edgeLine, record) in edges {
            line = edgeLine
            guard let type = record["label"]?.string, !type.isEmpty else { problem("a relationship needs a \"label\" (its type)"); continue }
            guard let start = record["start"]?["id"]?.string, let source = graph.node(withID: start) else {
                problem("unknown start node \"\(record["start"]?["id"]?.string ?? "")\""); continue
            }
            guard let end = record["end"]?["id"]?.string, let target = graph.node(withID: end) else {
                problem("unknown end node \"\(record["end"]?["id"]?.string ?? "")\""); continue
            }
            do {
                graph.addEdge(from: source, to: target, type: type, properties: try values(record, type: type, graph: graph))
            } catch {
                problem(error.message)
            }
        }
        graph.finishBulkLoad()
        if total > 0 { throw CSVImporter.ImportFailure(errors: errors, total: total) }
        return graph
    }

    struct Problem: Error {
        var message: String
    }

    /// A record's properties as values: `"dates"` keys read as dates, integers and floats as written.
    private static func values(_ record: JSONValue, labels: [String]? = nil, type: String? = nil, graph: Graph) throws(Problem) -> [(String, Value)] {
        guard case .object(let members)? = record["properties"] ?? .object([]) else { throw Problem(message: "\"properties\" must be an object") }
        var dates = Set<String>()
        if case .array(let names)? = record["dates"] { dates = Set(names.compactMap(\.string)) }
        var temporals: [String: String] = [:]
        if case .object(let entries)? = record["temporals"] {
            for (key, type) in entries { temporals[key] = type.string }
        }
        var result: [(String, Value)] = []
        for (key, json) in members {
            let name = Normalization.nfc(key)
            guard !name.isEmpty else { throw Problem(message: "an empty property key") }
            let value = try convert(json, asDate: dates.contains(key), temporal: temporals[key], key: name)
            if value.isNull { continue }
            var declared: GraphSchema.Declaration? = nil
            if let labels {
                declared = graph.schema.violation(nodeLabels: labels, key: name, value: value)
            } else if let type {
                declared = graph.schema.violation(edgeType: type, key: name, value: value)
            }
            if let declared {
                throw Problem(message: "`\(name)` must be \(declared.type.description), not \(value.literal) (declared \(declared.place))")
            }
            result.append((name, value))
        }
        return result
    }

    private static func convert(_ json: JSONValue, asDate: Bool, temporal: String? = nil, key: String) throws(Problem) -> Value {
        switch json {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .float(let number): return .float(number)
        case .string(let text):
            if asDate {
                guard let date = PartialDate(iso: text) else { throw Problem(message: "`\(key)` is listed in \"dates\" but \"\(text)\" is not a date") }
                return .date(date)
            }
            if let temporal {
                guard let value = Value.temporal(type: temporal, text: text) else {
                    throw Problem(message: "`\(key)` is listed in \"temporals\" as \(temporal) but \"\(text)\" is not one")
                }
                return value
            }
            return .string(Normalization.nfc(text))
        case .array(let items):
            var values: [Value] = []
            for item in items { values.append(try convert(item, asDate: asDate, temporal: temporal, key: key)) }
            return .list(values)
        case .object:
            throw Problem(message: "`\(key)` holds a JSON object; property values are scalars or lists")
        }
    }
}
