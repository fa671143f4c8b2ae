import CadreGraph

/// `cadre export jsonl`: one JSON object a line, in the shape APOC's `apoc.export.json` writes
/// (`{"type":"node","id":…,"labels":[…],"properties":{…}}`, then
/// `{"type":"relationship","label":…,"start":{"id":…,"labels":[…]},"end":{…},"properties":{…}}`),
/// so jq, pandas, DuckDB's read_json and APOC's import read it. What JSON cannot say is added:
/// - `"dates"` lists the keys whose values are dates (ISO text, a partial date as `"2015"` or
///   `"2015-06"`); integers are written without a point, floats always with one;
/// - `"temporals"` maps the keys whose values are other temporal values (ISO text) to their type:
///   `{"at":"datetime","lasts":"duration"}`;
/// - a first line `{"type":"schema","statements":[…]}` holds the graph's declared types, when it has any.
/// `cadre import --jsonl FILE` reads it back into the same graph.
public enum JSONLinesExporter {
    public struct ExportError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func export(_ graph: Graph) throws(ExportError) -> String {
        var ids: [NodeID: String] = [:]
        for node in graph.nodes {
            guard case .string(let id) = graph.property(of: node, key: graph.idKey) else {
                throw ExportError(description: "node \(node) has no string id; save the graph (which mints ids) first")
            }
            ids[node] = id
        }
        var out = ""
        let statements = graph.schema.statements(lineLimit: Int.max)
        if !statements.isEmpty {
            out += "{\"type\":\"schema\",\"statements\":[" + statements.map(quoted).joined(separator: ",") + "]}\n"
        }
        for node in graph.nodes.sorted(by: { ids[$0]! < ids[$1]! }) {
            out += "{\"type\":\"node\",\"id\":\(quoted(ids[node]!)),\"labels\":\(labels(graph, node)),"
            out += properties(graph.properties(of: node), graph) + "}\n"
        }
        let edges = graph.edges.sorted {
            (ids[graph.source(of: $0)]!, graph.typeName(of: $0), ids[graph.target(of: $0)]!, $0.raw)
                < (ids[graph.source(of: $1)]!, graph.typeName(of: $1), ids[graph.target(of: $1)]!, $1.raw)
        }
        for edge in edges {
            let source = graph.source(of: edge), target = graph.target(of: edge)
            out += "{\"type\":\"relationship\",\"label\":\(quoted(graph.typeName(of: edge))),"
            out += "\"start\":{\"id\":\(quoted(ids[source]!)),\"labels\":\(labels(graph, source))},"
            out += "\"end\":{\"id\":\(quoted(ids[target]!)),\"labels\":\(labels(graph, target))},"
            out += properties(graph.properties(of: edge), graph) + "}\n"
        }
        return out
    }

    private static func labels(_ graph: Graph, _ node: NodeID) -> String {
        "[" + graph.labelNames(of: node).sorted().map(quoted).joined(separator: ",") + "]"
    }

    /// `"properties":{…}` with keys sorted, then `"dates":[…]` when some hold dates.
    private static func properties(_ properties: [(key: Symbol, value: Value)], _ graph: Graph) -> String {
        let named = properties.map { (graph.keys.name($0.key), $0.value) }.sorted { $0.0 < $1.0 }
        var out = "\"properties\":{" + named.map { quoted($0.0) + ":" + json($0.1) }.joined(separator: ",") + "}"
        let dates = named.filter { holdsDates($0.1) }.map { quoted($0.0) }
        if !dates.isEmpty { out += ",\"dates\":[" + dates.joined(separator: ",") + "]" }
        let temporals = named.compactMap { name, value in temporalType(value).map { quoted(name) + ":" + quoted($0) } }
        if !temporals.isEmpty { out += ",\"temporals\":{" + temporals.joined(separator: ",") + "}" }
        return out
    }

    private static func holdsDates(_ value: Value) -> Bool {
        switch value {
        case .date: true
        case .list(let items): items.contains { if case .date = $0 { true } else { false } }
        default: false
        }
    }

    /// The type of a temporal value other than a date, or of the first such value in a list.
    private static func temporalType(_ value: Value) -> String? {
        switch value {
        case .temporal(let temporal): temporal.typeName
        case .duration: "duration"
        case .list(let items): items.lazy.compactMap(temporalType).first
        default: nil
        }
    }

    static func json(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .float(let number): return number.isFinite ? Value.floatLiteral(number) : quoted(Value.floatLiteral(number))
        case .string(let text): return quoted(text)
        case .date(let date): return quoted(date.description)
        case .temporal(let temporal): return quoted(temporal.description)
        case .duration(let duration): return quoted(duration.description)
        case .list(let items): return "[" + items.map(json).joined(separator: ",") + "]"
        case .map(let map): return "{" + map.entries.map { quoted($0.key) + ":" + json($0.value) }.joined(separator: ",") + "}"
        default: return quoted(value.literal)
        }
    }

    static func quoted(_ text: String) -> String { JSONText.quoted(text) }
}
