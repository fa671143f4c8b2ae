import CadreGraph

/// `:find` and name completion: nodes whose name or id matches a text, ignoring accents and
/// case, best first: exact, prefix, word prefix, then substring.
struct NodeSearch {
    struct Hit {
        var node: NodeID
        var id: String
        var name: String
        var rank: Int
    }

    static func find(_ text: String, in graph: Graph, limit: Int = 50) -> [Hit] {
        let query = Folding.fold(text.trimmingCharacters(in: .whitespaces))
        guard !query.isEmpty else { return [] }
        var candidates = Set(graph.nodes(withNameContaining: query))
        for node in graph.nodes {
            if case .string(let id)? = graph.property(of: node, key: graph.idKey), Folding.fold(id).contains(query) {
                candidates.insert(node)
            }
        }
        var hits: [Hit] = []
        for node in candidates {
            let id = graph.property(of: node, key: graph.idKey)?.stringValue ?? "#\(node.raw)"
            let name = graph.property(of: node, key: graph.nameKey)?.stringValue ?? ""
            let rank = min(rankOf(query, Folding.fold(name)), rankOf(query, Folding.fold(id)))
            hits.append(Hit(node: node, id: id, name: name, rank: rank))
        }
        hits.sort { ($0.rank, $0.name.count, $0.id) < ($1.rank, $1.name.count, $1.id) }
        return Array(hits.prefix(limit))
    }

    /// 0 exact, 1 prefix, 2 a word starts with it, 3 contains it, 4 no match.
    static func rankOf(_ query: String, _ folded: String) -> Int {
        if folded == query { return 0 }
        if folded.hasPrefix(query) { return 1 }
        let words = folded.split { !$0.isLetter && !$0.isNumber }
        if words.contains(where: { $0.hasPrefix(query) }) { return 2 }
        if let first = query.split(separator: " ").first, folded.range(of: " " + first) != nil || folded.contains(":" + first) {
            return folded.contains(query) ? 2 : 4
        }
        return folded.contains(query) ? 3 : 4
    }
}

import Foundation
