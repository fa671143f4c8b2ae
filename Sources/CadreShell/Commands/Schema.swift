import CadreGraph

/// What a graph holds, by kind: labels with counts, edge types with counts and the label pairs
/// they connect, and property keys per label.
struct Schema {
    let text: String

    init(_ graph: Graph) {
        func labelText(_ node: NodeID) -> String {
            let names = graph.labelNames(of: node).sorted()
            return names.isEmpty ? "()" : names.map { ":" + $0 }.joined()
        }
        var out = "\(graph.nodeCount) nodes, \(graph.edgeCount) edges\n\nlabels:\n"
        let summary = GraphSummary(graph)
        let width = String(max(summary.labels.first?.count ?? 0, summary.types.first?.count ?? 0)).count
        func count(_ n: Int) -> String { String(repeating: " ", count: width - String(n).count) + String(n) }
        for (name, total) in summary.labels {
            var keys: [String: Int] = [:]
            for node in graph.nodes(withLabel: name) {
                for (key, _) in graph.properties(of: node) { keys[graph.keys.name(key), default: 0] += 1 }
            }
            let listed = keys.keys.sorted().map { key in keys[key] == total ? key : "\(key)?" }
            out += "  \(count(total))  :\(name)  {\(listed.joined(separator: ", "))}\n"
        }
        out += "\nedge types:\n"
        for (name, total) in summary.types {
            var pairs: [String: Int] = [:]
            for edge in graph.edges(ofType: name) {
                pairs["(\(labelText(graph.source(of: edge))))->(\(labelText(graph.target(of: edge))))", default: 0] += 1
            }
            let listed = pairs.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "\($0.key) \($0.value)" }
            out += "  \(count(total))  :\(name)  " + listed.joined(separator: ", ") + "\n"
        }
        out += "(a key marked ? is missing on some nodes of the label)\n"
        out = out.replacingOccurrences(of: "(()", with: "(").replacingOccurrences(of: "())", with: ")")
        out += "\ndeclared types:\n"
        let declared = graph.schema.statements(lineLimit: 100)
        out += declared.isEmpty ? "  none: any key takes any value (add `schema` statements to the graph file)\n"
            : declared.map { "  " + $0.replacingOccurrences(of: "\n", with: "\n  ") + "\n" }.joined()
        text = out
    }
}

import Foundation
