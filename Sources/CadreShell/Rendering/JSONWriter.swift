import CadreExport
import CadreGraph

/// Results as JSON, written by hand: integers without a decimal point and floats always with
/// one, so the two stay distinct; nodes `{"id", "labels", "properties"}`, relationships
/// `{"type", "start", "end", "properties"}`, paths `{"nodes", "relationships"}`.
public struct JSONWriter {
    public let graph: Graph

    public init(graph: Graph) { self.graph = graph }

    /// An array of row objects, keys in column order.
    public func rows(_ columns: [String], _ rows: [[Value]]) -> String {
        var out = "["
        for (index, row) in rows.enumerated() {
            out += index == 0 ? "\n  " : ",\n  "
            out += object(columns, row)
        }
        out += rows.isEmpty ? "]\n" : "\n]\n"
        return out
    }

    /// One row as an object on one line (JSON Lines).
    public func object(_ columns: [String], _ row: [Value]) -> String {
        var out = "{"
        for (index, column) in columns.enumerated() {
            if index > 0 { out += ", " }
            Self.string(column, into: &out)
            out += ": "
            value(row[index], into: &out)
        }
        return out + "}"
    }

    public func value(_ value: Value, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .float(let number):
            out += number.isFinite ? Value.floatLiteral(number) : "null"
        case .string(let text): Self.string(text, into: &out)
        case .date(let date): Self.string(date.description, into: &out)
        case .temporal(let temporal): Self.string(temporal.description, into: &out)
        case .duration(let duration): Self.string(duration.description, into: &out)
        case .list(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                self.value(item, into: &out)
            }
            out += "]"
        case .map(let map):
            out += "{"
            for (index, entry) in map.entries.enumerated() {
                if index > 0 { out += ", " }
                Self.string(entry.key, into: &out)
                out += ": "
                self.value(entry.value, into: &out)
            }
            out += "}"
        case .node(let node):
            out += "{\"id\": "
            Self.string(idText(node), into: &out)
            out += ", \"labels\": ["
            out += graph.contains(node) ? graph.labelNames(of: node).map { name -> String in
                var text = ""
                Self.string(name, into: &text)
                return text
            }.joined(separator: ", ") : ""
            out += "], \"properties\": "
            properties(graph.contains(node) ? graph.properties(of: node) : [], into: &out)
            out += "}"
        case .edge(let edge):
            let alive = graph.contains(edge)
            out += "{\"type\": "
            Self.string(alive ? graph.typeName(of: edge) : "", into: &out)
            out += ", \"start\": "
            Self.string(alive ? idText(graph.source(of: edge)) : "", into: &out)
            out += ", \"end\": "
            Self.string(alive ? idText(graph.target(of: edge)) : "", into: &out)
            out += ", \"properties\": "
            properties(alive ? graph.properties(of: edge) : [], into: &out)
            out += "}"
        case .path(let path):
            out += "{\"nodes\": "
            self.value(.list(path.nodes.map(Value.node)), into: &out)
            out += ", \"relationships\": "
            self.value(.list(path.edges.map(Value.edge)), into: &out)
            out += "}"
        }
    }

    /// A node's stable `id`, or `#handle` for one created without.
    private func idText(_ node: NodeID) -> String {
        if graph.contains(node), case .string(let id)? = graph.property(of: node, key: graph.idKey) { return id }
        return "#\(node.raw)"
    }

    private func properties(_ pairs: [(key: Symbol, value: Value)], into out: inout String) {
        out += "{"
        for (index, pair) in GraphFileWriter.canonicalOrder(pairs.map { (graph.keys.name($0.key), $0.value) }).enumerated() {
            if index > 0 { out += ", " }
            Self.string(pair.0, into: &out)
            out += ": "
            value(pair.1, into: &out)
        }
        out += "}"
    }

    static func string(_ text: String, into out: inout String) {
        out += JSONText.quoted(text)
    }
}
