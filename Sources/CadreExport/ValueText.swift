import CadreGraph

/// How values read in tables and CSV: nodes as `(:Label {key: value})`, relationships as
/// `[:TYPE {key: value}]`, paths as chains of both, other values as Cypher literals; a
/// top-level string is shown without quotes.
public struct ValueText {
    public let graph: Graph

    public init(graph: Graph) { self.graph = graph }

    public func display(_ value: Value) -> String {
        switch value {
        case .string(let text): return text
        case .date(let date): return date.description
        case .temporal(let temporal): return temporal.description
        case .duration(let duration): return duration.description
        default: return literal(value)
        }
    }

    public func literal(_ value: Value) -> String {
        switch value {
        case .node(let node): return nodeText(node)
        case .edge(let edge): return edgeText(edge)
        case .path(let path):
            var out = nodeText(path.nodes[0])
            for (index, edge) in path.edges.enumerated() {
                let forward = graph.contains(edge) ? graph.source(of: edge) == path.nodes[index] : true
                out += forward ? "-\(edgeText(edge))->" : "<-\(edgeText(edge))-"
                out += nodeText(path.nodes[index + 1])
            }
            return out
        case .list(let items): return "[" + items.map(literal).joined(separator: ", ") + "]"
        case .map(let map):
            return "{" + map.entries.map { Value.keyLiteral($0.key) + ": " + literal($0.value) }.joined(separator: ", ") + "}"
        default: return value.literal
        }
    }

    private func properties(_ pairs: [(key: Symbol, value: Value)]) -> String {
        guard !pairs.isEmpty else { return "" }
        let ordered = GraphFileWriter.canonicalOrder(pairs.map { (graph.keys.name($0.key), $0.value) })
        return " {" + ordered.map { Value.keyLiteral($0.0) + ": " + $0.1.literal }.joined(separator: ", ") + "}"
    }

    private func nodeText(_ node: NodeID) -> String {
        guard graph.contains(node) else { return "(deleted)" }
        let labels = graph.labelNames(of: node).map { ":" + Value.keyLiteral($0) }.joined()
        let props = properties(graph.properties(of: node))
        return "(" + labels + (labels.isEmpty ? String(props.dropFirst()) : props) + ")"
    }

    private func edgeText(_ edge: EdgeID) -> String {
        guard graph.contains(edge) else { return "[deleted]" }
        return "[:" + Value.keyLiteral(graph.typeName(of: edge)) + properties(graph.properties(of: edge)) + "]"
    }
}
