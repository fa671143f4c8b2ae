extension Graph {
    /// The id prefix for nodes of a label, as ../shared/domain.md names them.
    public static let idPrefixes: [String: String] = [
        "Person": "person", "Organization": "org", "Role": "role", "Term": "term", "Congress": "congress",
        "Plenum": "plenum", "Resolution": "res", "Award": "award", "Area": "area", "Event": "event",
        "Figure": "fig", "Source": "src",
    ]

    /// Gives every node without an `id` one made from its first label (alphabetically) and its
    /// name or title, such as `person:tran-quoc-trung`, unique thanks to a `~2`, `~3` suffix.
    /// Minted once: an id, once set, is never derived again. Returns the nodes given an id.
    @discardableResult
    public mutating func mintMissingIDs() -> [NodeID] {
        var minted: [NodeID] = []
        for node in nodes where property(of: node, key: idKey) == nil {
            let label = labelNames(of: node).min { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let prefix = label.map { Graph.idPrefixes[$0] ?? Folding.slug($0) } ?? "node"
            let text = (property(of: node, "name") ?? property(of: node, "title"))?.stringValue ?? ""
            let slug = Folding.slug(text)
            let base = (prefix.isEmpty ? "node" : prefix) + ":" + (slug.isEmpty ? String(node.raw) : slug)
            var candidate = base
            var suffix = 2
            while !nodes(withID: candidate).isEmpty {
                candidate = "\(base)~\(suffix)"
                suffix += 1
            }
            setProperty(of: node, "id", to: .string(candidate))
            minted.append(node)
        }
        return minted
    }
}
