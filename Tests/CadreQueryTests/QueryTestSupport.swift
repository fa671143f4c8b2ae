import CadreGraph
@testable import CadreQuery

/// Runs a query and returns its rows as Cypher literal text, nodes by their `name` or `id`.
func rows(_ query: String, on graph: inout Graph, parameters: [String: Value] = [:]) throws -> [[String]] {
    let result = try QueryEngine.execute(query, on: &graph, parameters: parameters).last!
    return result.rows.map { row in row.map { text($0, graph) } }
}

func rows(_ query: String) throws -> [[String]] {
    var graph = Graph()
    return try rows(query, on: &graph)
}

/// The error a query raises, or nil.
func error(_ query: String, on graph: Graph = Graph()) -> QueryError? {
    var copy = graph
    do {
        _ = try QueryEngine.execute(query, on: &copy)
        return nil
    } catch {
        return error
    }
}

func text(_ value: Value, _ graph: Graph) -> String {
    switch value {
    case .node(let node):
        return "(" + (graph.property(of: node, "name") ?? graph.property(of: node, "id") ?? .string("\(node)")).stringValue! + ")"
    case .edge(let edge): return "[:\(graph.typeName(of: edge))]"
    case .list(let items): return "[" + items.map { text($0, graph) }.joined(separator: ", ") + "]"
    case .path(let path): return "<" + path.nodes.map { text(.node($0), graph) }.joined(separator: "-") + ">"
    default: return value.literal
    }
}

/// The query text without its 1️⃣ marker, and the marker's byte offset.
func marked(_ text: String) -> (String, Int) {
    let marker = "1️⃣"
    guard let range = text.range(of: marker) else { return (text, -1) }
    return (text.replacingCharacters(in: range, with: ""), text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound))
}
