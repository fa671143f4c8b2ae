import CadreExport
import CadreGraph

/// `:show ID`: a node's labels and properties, its edges grouped by type and direction with the
/// other end's name, and the sources it and its edges cite. With a session date (`:at`), each
/// edge with a start or an end is marked: `✓` valid then, `?` unknown (an uncertain date), `·` not.
struct NodeCard {
    let text: String

    static let provenanceKeys: Set<String> = ["source", "basis", "quote", "external_keys", "inferred_keys", "note"]

    init(graph: Graph, node: NodeID, at: PartialDate? = nil) {
        let values = ValueText(graph: graph)
        func idOf(_ node: NodeID) -> String { graph.property(of: node, key: graph.idKey)?.stringValue ?? "#\(node.raw)" }
        func nameOf(_ node: NodeID) -> String {
            (graph.property(of: node, key: graph.nameKey) ?? graph.property(of: node, "title"))?.stringValue ?? ""
        }
        var sources = Set<String>()
        func collectSources(_ value: Value?) {
            switch value {
            case .string(let id)?: sources.insert(id)
            case .list(let items)?: for item in items { if let id = item.stringValue { sources.insert(id) } }
            default: break
            }
        }
        var out = idOf(node) + "  " + graph.labelNames(of: node).map { ":" + $0 }.joined() + "\n"
        if let at { out += "  at \(at): ✓ valid then, ? unknown, · not\n" }
        let properties = GraphFileWriter.canonicalOrder(graph.properties(of: node).map { (graph.keys.name($0.key), $0.value) })
        let width = properties.map { DisplayWidth.of($0.0) }.max() ?? 0
        for (key, value) in properties where key != "id" {
            if key == "source" { collectSources(value) }
            out += "  " + key + String(repeating: " ", count: width - DisplayWidth.of(key) + 2) + values.display(value) + "\n"
        }
        for (direction, arrow) in [(Direction.outgoing, "→"), (.incoming, "←")] {
            var groups: [String: [AdjacentEdge]] = [:]
            graph.forEachEdge(of: node, direction: direction) { groups[graph.types.name($0.type), default: []].append($0) }
            for type in groups.keys.sorted() {
                let edges = groups[type]!
                out += "  \(arrow) \(type) (\(edges.count))\n"
                for edge in edges {
                    collectSources(graph.property(of: edge.edge, "source"))
                    let details = GraphFileWriter.canonicalOrder(graph.properties(of: edge.edge).map { (graph.keys.name($0.key), $0.value) })
                        .filter { !Self.provenanceKeys.contains($0.0) }
                        .map { "\($0.0): \(values.display($0.1))" }
                    var line = "      " + idOf(edge.other)
                    if let at { line = "    " + Self.mark(graph, edge.edge, at) + " " + idOf(edge.other) }
                    let name = nameOf(edge.other)
                    if !name.isEmpty { line += "  " + name }
                    if !details.isEmpty { line += "  {" + details.joined(separator: ", ") + "}" }
                    out += line + "\n"
                }
            }
        }
        if !sources.isEmpty {
            out += "  sources:\n"
            for id in sources.sorted() {
                var line = "      " + id
                if let source = graph.node(withID: id) {
                    let url = graph.property(of: source, "url")?.stringValue
                    line += "  " + (url ?? nameOf(source))
                }
                out += line + "\n"
            }
        }
        text = out
    }

    /// `✓`, `?` or `·` for an edge with a start or an end at `at`; a blank for one without.
    static func mark(_ graph: Graph, _ edge: EdgeID, _ at: PartialDate) -> String {
        guard let span = Timeline.span(kind: "", name: "", read: { graph.property(of: edge, $0) }), !span.point else { return " " }
        guard let from = span.from else {
            // Only an end: valid then is unknown before it, false after it.
            if let to = span.to, PartialDate.precedes(PartialDate.lastDay(to.raw), PartialDate.firstDay(at.raw), orEqual: false) == true { return "·" }
            return "?"
        }
        switch PartialDate.during(at, from: from, to: span.to) {
        case true?: return "✓"
        case false?: return "·"
        case nil: return "?"
        }
    }
}
