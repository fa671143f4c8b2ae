/// Writes a graph in the canonical form of the graph file format (graph/README.md).
///
/// The form is deterministic so that a saved graph diffs minimally: nodes ordered by their
/// sorted labels then id, edges by source id, type, target id (then properties); keys in a
/// fixed order (`id`, `name`, the rest by name, then the provenance keys `basis`,
/// `external_keys`, `inferred_keys`, `source`, `quote`, `note`); a statement on one line unless it passes `lineLimit` scalars, then one property a line.
/// Reading a canonical file and writing it again gives the same bytes.
public enum GraphFileWriter {
    public static let lineLimit = 120
    public static let header = "// cadre graph file, canonical form (cadre fmt); the format: graph/README.md\n"

    /// The canonical text, or the reasons it cannot be written (nodes without a string id,
    /// duplicate ids, values of the wrong type for their key).
    public static func write(_ graph: Graph) throws(GraphWriteError) -> String {
        try GraphWriteError.check(graph)
        var nodeIDs: [NodeID: String] = [:]
        for node in graph.nodes { nodeIDs[node] = graph.property(of: node, key: graph.idKey)!.stringValue! }

        var out = header
        let declarations = graph.schema.statements(lineLimit: lineLimit)
        if !declarations.isEmpty { out += "\n" + declarations.joined(separator: "\n") + "\n" }
        let nodes = graph.nodes.map { (labels: graph.labelNames(of: $0).sorted(by: precedes), id: nodeIDs[$0]!, node: $0) }
            .sorted { lhs, rhs in
                lhs.labels != rhs.labels ? lhs.labels.lexicographicallyPrecedes(rhs.labels, by: precedes) : precedes(lhs.id, rhs.id)
            }
        var group: [String]? = nil
        for entry in nodes {
            if entry.labels != group {
                group = entry.labels
                out += "\n// " + (entry.labels.isEmpty ? "(no label)" : entry.labels.map { ":" + Value.keyLiteral($0) }.joined()) + "\n"
            }
            let labels = entry.labels.map { ":" + Value.keyLiteral($0) }.joined()
            let properties = ordered(graph.properties(of: entry.node), in: graph)
            out += statement(open: "(\(labels)", properties: properties, close: ")")
        }

        let edges = graph.edges.map { edge in
            (source: nodeIDs[graph.source(of: edge)]!, type: graph.typeName(of: edge),
             target: nodeIDs[graph.target(of: edge)]!, properties: ordered(graph.properties(of: edge), in: graph))
        }.map { edge in (edge, propertyText(edge.properties)) }
            .sorted { lhs, rhs in
                let (a, b) = (lhs.0, rhs.0)
                if a.source != b.source { return precedes(a.source, b.source) }
                if a.type != b.type { return precedes(a.type, b.type) }
                if a.target != b.target { return precedes(a.target, b.target) }
                return precedes(lhs.1, rhs.1)
            }
        if !edges.isEmpty { out += "\n// edges\n" }
        var previousSource: String? = nil
        for (edge, _) in edges {
            if let previousSource, previousSource != edge.source { out += "\n" }
            previousSource = edge.source
            var source = "", target = ""
            Value.writeQuoted(edge.source, to: &source)
            Value.writeQuoted(edge.target, to: &target)
            out += statement(open: "(\(source))-[:\(Value.keyLiteral(edge.type))", properties: edge.properties,
                             close: "]->(\(target))")
        }
        return out
    }

    /// Keys in canonical order, with their names.
    static func ordered(_ properties: [(key: Symbol, value: Value)], in graph: Graph) -> [(String, Value)] {
        canonicalOrder(properties.map { (graph.keys.name($0.key), $0.value) })
    }

    /// Named properties in the canonical key order: `id`, `name`, the rest by name, provenance last.
    public static func canonicalOrder(_ pairs: [(String, Value)]) -> [(String, Value)] {
        pairs.sorted { rank($0.0) < rank($1.0) || (rank($0.0) == rank($1.0) && precedes($0.0, $1.0)) }
    }

    private static func rank(_ key: String) -> Int {
        switch key {
        case "id": 0
        case "name": 1
        case "basis": 3
        case "external_keys": 4
        case "inferred_keys": 5
        case "source": 6
        case "quote": 7
        case "note": 8
        default: 2
        }
    }

    private static func propertyText(_ properties: [(String, Value)]) -> String {
        properties.map { Value.keyLiteral($0.0) + ": " + $0.1.literal }.joined(separator: ", ")
    }

    /// One statement: on one line when short, else one property a line.
    private static func statement(open: String, properties: [(String, Value)], close: String) -> String {
        guard !properties.isEmpty else { return open + close + "\n" }
        let entries = properties.map { Value.keyLiteral($0.0) + ": " + $0.1.literal }
        let brace = open.hasSuffix("(") ? "{" : " {"
        let single = open + brace + entries.joined(separator: ", ") + "}" + close
        if single.unicodeScalars.count <= lineLimit { return single + "\n" }
        return open + brace + "\n" + entries.map { "  " + $0 }.joined(separator: ",\n") + "\n}" + close + "\n"
    }

    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

/// Why a graph cannot be written as a graph file; nothing is written.
public struct GraphWriteError: Error, CustomStringConvertible, Sendable {
    public var problems: [String]

    public var description: String {
        var text = "cannot write the graph file:\n" + problems.prefix(DiagnosticList.shown).map { "  - " + $0 }.joined(separator: "\n")
        if problems.count > DiagnosticList.shown {
            text += "\n  and \(problems.count - DiagnosticList.shown) more like them (the first \(DiagnosticList.shown) are shown)"
        }
        return text
    }

    static func check(_ graph: Graph) throws(GraphWriteError) {
        var problems: [String] = []
        for node in graph.nodes {
            let name = graph.property(of: node, key: graph.idKey)
            guard case .string(let id)? = name else {
                problems.append(name == nil
                    ? "node \(node) (\(graph.labelNames(of: node).map { ":" + $0 }.joined())) has no id; mint ids first"
                    : "node \(node) has a non-string id \(name!.literal); ids must be strings")
                continue
            }
            let labels = graph.labelNames(of: node)
            for (key, value) in graph.properties(of: node) {
                let keyName = graph.keys.name(key)
                if let declared = graph.schema.violation(nodeLabels: labels, key: keyName, value: value) {
                    problems.append("node \"\(id)\": `\(keyName)` must be \(declared.type.description), not \(value.literal) (declared \(declared.place))")
                }
            }
        }
        for id in graph.duplicateIDs {
            problems.append("the id \"\(id)\" is held by \(graph.nodes(withID: id).count) nodes; ids must be unique")
        }
        for edge in graph.edges {
            let type = graph.typeName(of: edge)
            for (key, value) in graph.properties(of: edge) {
                let keyName = graph.keys.name(key)
                if let declared = graph.schema.violation(edgeType: type, key: keyName, value: value) {
                    problems.append("a \(type) edge: `\(keyName)` must be \(declared.type.description), not \(value.literal) (declared \(declared.place))")
                }
            }
        }
        if !problems.isEmpty { throw GraphWriteError(problems: problems) }
    }
}
