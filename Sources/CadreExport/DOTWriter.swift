import CadreGraph

/// Writes a subgraph as a Graphviz `digraph`: node ids quoted and escaped, UTF-8 kept as is,
/// labels showing the name (or title) and, smaller, the label; one style per label with a
/// legend; edge labels with the type and its key properties. Output is deterministic (nodes by
/// id, edges by source, type, target), so it can be diffed and golden-tested.
public struct DOTWriter {
    public enum Direction: String, CaseIterable, Sendable { case LR, TB, RL, BT }

    public var rankdir: Direction = .LR
    /// Group roles and terms inside the organization they belong to (`ROLE_OF`, `TERM_OF`).
    public var clusterByOrganization = false
    public var legend = true

    public init() {}

    public func write(_ subgraph: Subgraph, of graph: Graph) -> String {
        let nodes = subgraph.nodes.filter(graph.contains).sorted { idText($0, graph) < idText($1, graph) }
        let edges = subgraph.edges.filter(graph.contains).sorted {
            (idText(graph.source(of: $0), graph), graph.typeName(of: $0), idText(graph.target(of: $0), graph), $0.raw)
                < (idText(graph.source(of: $1), graph), graph.typeName(of: $1), idText(graph.target(of: $1), graph), $1.raw)
        }
        var out = "digraph cadre {\n"
        out += "  graph [charset=\"UTF-8\", rankdir=\(rankdir.rawValue), fontname=\"DejaVu Sans\", fontsize=11, nodesep=0.3, ranksep=0.5];\n"
        out += "  node [fontname=\"DejaVu Sans\", fontsize=10, penwidth=0.8];\n"
        out += "  edge [fontname=\"DejaVu Sans\", fontsize=8, color=\"#555555\", fontcolor=\"#333333\", arrowsize=0.7];\n"

        var clustered: [NodeID: NodeID] = [:]
        if clusterByOrganization {
            for edge in edges where ["ROLE_OF", "TERM_OF"].contains(graph.typeName(of: edge)) {
                let organization = graph.target(of: edge)
                if graph.labelNames(of: organization).contains("Organization") && subgraph.nodes.contains(organization) {
                    clustered[graph.source(of: edge)] = organization
                }
            }
        }
        let organizations = Set(clustered.values)
        for node in nodes where clustered[node] == nil && !organizations.contains(node) {
            out += "  " + nodeStatement(node, graph) + "\n"
        }
        for organization in organizations.sorted(by: { idText($0, graph) < idText($1, graph) }) {
            out += "  subgraph " + Self.quote("cluster_" + idText(organization, graph)) + " {\n"
            out += "    style=\"rounded,dashed\"; color=\"#7a9cc6\"; label=" + Self.quote(displayName(organization, graph)) + ";\n"
            out += "    " + nodeStatement(organization, graph) + "\n"
            for node in nodes where clustered[node] == organization {
                out += "    " + nodeStatement(node, graph) + "\n"
            }
            out += "  }\n"
        }
        for edge in edges {
            out += "  " + Self.quote(idText(graph.source(of: edge), graph)) + " -> " + Self.quote(idText(graph.target(of: edge), graph))
            out += " [label=" + Self.quote(edgeLabel(edge, graph)) + "];\n"
        }
        if legend {
            let present = Set(nodes.compactMap { DOTStyle.of(graph.labelNames(of: $0)).label })
            let entries = DOTStyle.known.filter { present.contains($0.label) }
            if !entries.isEmpty {
                out += "  subgraph cluster_legend {\n    label=\"Legend\"; style=\"rounded\"; color=\"#bbbbbb\"; fontsize=9;\n"
                for (label, style) in entries {
                    out += "    " + Self.quote("legend:" + label) + " [label=" + Self.quote(label) + ", " + style.attributes + ", fontsize=8];\n"
                }
                let chain = entries.map { Self.quote("legend:" + $0.label) }
                if chain.count > 1 { out += "    " + chain.joined(separator: " -> ") + " [style=invis];\n" }
                out += "  }\n"
            }
        }
        return out + "}\n"
    }

    private func nodeStatement(_ node: NodeID, _ graph: Graph) -> String {
        let labels = graph.labelNames(of: node)
        let (label, style) = DOTStyle.of(labels)
        var html = "<" + Self.html(displayName(node, graph))
        if let label { html += "<BR/><FONT POINT-SIZE=\"7\" COLOR=\"#555555\">" + Self.html(label) + "</FONT>" }
        html += ">"
        return Self.quote(idText(node, graph)) + " [label=" + html + ", " + style.attributes + ", tooltip=" + Self.quote(idText(node, graph)) + "];"
    }

    /// The name, else the title, else the id; long names wrap at about 28 columns.
    private func displayName(_ node: NodeID, _ graph: Graph) -> String {
        let text = (graph.property(of: node, key: graph.nameKey) ?? graph.property(of: node, "title"))?.stringValue ?? idText(node, graph)
        return Self.wrap(text, width: 28)
    }

    private func edgeLabel(_ edge: EdgeID, _ graph: Graph) -> String {
        var parts = [graph.typeName(of: edge)]
        func text(_ key: String) -> String? {
            guard let value = graph.property(of: edge, key) else { return nil }
            switch value {
            case .string(let string):
                if let node = graph.node(withID: string),
                   let label = (graph.property(of: node, "label") ?? graph.property(of: node, key: graph.nameKey))?.stringValue {
                    return label
                }
                return string
            case .date(let date): return date.description
            default: return value.literal
            }
        }
        if let term = text("term") { parts.append(term) }
        let from = text("from"), to = text("to")
        if from != nil || to != nil { parts.append((from ?? "…") + "–" + (to ?? "…")) }
        if let date = text("date") { parts.append(date) }
        for key in ["modality", "role", "relation", "anniversary"] { if let value = text(key) { parts.append(value) } }
        return parts.joined(separator: "\n")
    }

    private func idText(_ node: NodeID, _ graph: Graph) -> String {
        graph.property(of: node, key: graph.idKey)?.stringValue ?? "#\(node.raw)"
    }

    /// A DOT double-quoted string: `"` and `\` escaped (so no id can end the string early),
    /// line breaks as `\n`, UTF-8 as is.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.append(character)
            }
        }
        return out + "\""
    }

    /// Text for an HTML-like label: `&`, `<`, `>`, `"` as entities, line breaks as `<BR/>`.
    public static func html(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "<BR/>"
            default: out.append(character)
            }
        }
        return out
    }

    /// Breaks between words so no line passes `width` characters (a longer word stays whole).
    static func wrap(_ text: String, width: Int) -> String {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > width {
                lines.append(current)
                current = String(word)
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }
}
