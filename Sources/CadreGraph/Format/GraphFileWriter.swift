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
        String(decoding: try bytes(graph), as: UTF8.self)
    }

    /// The canonical text as UTF-8 bytes, built without a `String` per statement: ids sorted
    /// once and edges ordered by integer ranks (their properties compared only to break ties),
    /// strings without escapes copied as they are.
    public static func bytes(_ graph: Graph) throws(GraphWriteError) -> [UInt8] {
        try GraphWriteError.check(graph)
        var ids = [String](repeating: "", count: graph.nodeSlots)
        for node in graph.nodes { ids[node.index] = graph.property(of: node, key: graph.idKey)!.stringValue! }
        // Each node's rank among ids, so edges sort by integers.
        let byID = graph.nodes.sorted { precedes(ids[$0.index], ids[$1.index]) }
        var idRank = [Int32](repeating: 0, count: graph.nodeSlots)
        for (rank, node) in byID.enumerated() { idRank[node.index] = Int32(rank) }
        let keyOrder = Self.keyOrder(graph)
        let keyLiterals = (0..<graph.keys.count).map { Array(Value.keyLiteral(graph.keys.name(Symbol(UInt32($0)))).utf8) }
        let storage = graph.storage

        var out = ByteOutput(capacity: graph.nodeCount * 160 + graph.edgeCount * 120)
        out.append(header)
        let declarations = graph.schema.statements(lineLimit: lineLimit)
        if !declarations.isEmpty { out.append("\n" + declarations.joined(separator: "\n") + "\n") }
        // Nodes by their sorted labels, then id.
        var groups: [[String]: [NodeID]] = [:]
        for node in byID { groups[graph.labelNames(of: node).sorted(by: precedes), default: []].append(node) }
        for labels in groups.keys.sorted(by: { $0.lexicographicallyPrecedes($1, by: precedes) }) {
            let names = labels.map { ":" + Value.keyLiteral($0) }.joined()
            out.append("\n// " + (labels.isEmpty ? "(no label)" : names) + "\n")
            let open = Array("(\(names)".utf8), close = [UInt8(ascii: ")")]
            for node in groups[labels]! {
                out.statement(open: open, range: storage.nodeProperties[node.index], arena: storage.arena, keyOrder: keyOrder,
                              keyLiterals: keyLiterals, close: close)
            }
        }
        // Edges by source id, type, target id, then properties.
        let typeRank = Self.typeRanks(graph)
        var edges = graph.edges
        edges.sort {
            let a = (idRank[graph.source(of: $0).index], typeRank[graph.type(of: $0).index], idRank[graph.target(of: $0).index])
            let b = (idRank[graph.source(of: $1).index], typeRank[graph.type(of: $1).index], idRank[graph.target(of: $1).index])
            return a < b
        }
        sortTies(&edges, graph, idRank, typeRank, keyOrder)
        if !edges.isEmpty { out.append("\n// edges\n") }
        var previousSource: NodeID? = nil
        for edge in edges {
            let source = graph.source(of: edge)
            if let previousSource, previousSource != source { out.append("\n") }
            previousSource = source
            var open: [UInt8] = [UInt8(ascii: "(")]
            ByteOutput.appendQuoted(ids[source.index], to: &open)
            open += Array(")-[:\(Value.keyLiteral(graph.typeName(of: edge)))".utf8)
            var close: [UInt8] = Array("]->(".utf8)
            ByteOutput.appendQuoted(ids[graph.target(of: edge).index], to: &close)
            close.append(UInt8(ascii: ")"))
            out.statement(open: open, range: storage.edgeProperties[edge.index], arena: storage.arena, keyOrder: keyOrder,
                          keyLiterals: keyLiterals, close: close)
        }
        return out.bytes
    }

    /// Edges with the same ends and type, ordered by their properties' text.
    private static func sortTies(_ edges: inout [EdgeID], _ graph: Graph, _ idRank: [Int32], _ typeRank: [Int32], _ keyOrder: [Int32]) {
        var start = 0
        while start < edges.count {
            var end = start + 1
            let key = { (edge: EdgeID) in (idRank[graph.source(of: edge).index], typeRank[graph.type(of: edge).index], idRank[graph.target(of: edge).index]) }
            while end < edges.count && key(edges[end]) == key(edges[start]) { end += 1 }
            if end - start > 1 {
                let texts = Dictionary(uniqueKeysWithValues: edges[start..<end].map { edge in
                    (edge, propertyText(ordered(graph.properties(of: edge), keyOrder).map { (graph.keys.name($0.key), $0.value) }))
                })
                edges[start..<end].sort { precedes(texts[$0]!, texts[$1]!) }
            }
            start = end
        }
    }

    /// Every key's place in the canonical order (`id`, `name`, the rest by name, provenance last).
    private static func keyOrder(_ graph: Graph) -> [Int32] {
        let symbols = (0..<graph.keys.count).map { Symbol(UInt32($0)) }
        let sorted = symbols.sorted { a, b in
            let (x, y) = (graph.keys.name(a), graph.keys.name(b))
            return rank(x) < rank(y) || (rank(x) == rank(y) && precedes(x, y))
        }
        var order = [Int32](repeating: 0, count: symbols.count)
        for (place, symbol) in sorted.enumerated() { order[symbol.index] = Int32(place) }
        return order
    }

    private static func typeRanks(_ graph: Graph) -> [Int32] {
        let symbols = (0..<graph.types.count).map { Symbol(UInt32($0)) }
        var order = [Int32](repeating: 0, count: symbols.count)
        for (place, symbol) in symbols.sorted(by: { precedes(graph.types.name($0), graph.types.name($1)) }).enumerated() {
            order[symbol.index] = Int32(place)
        }
        return order
    }

    private static func ordered(_ properties: [(key: Symbol, value: Value)], _ keyOrder: [Int32]) -> [(key: Symbol, value: Value)] {
        properties.count < 2 ? properties : properties.sorted { keyOrder[$0.key.index] < keyOrder[$1.key.index] }
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
            if graph.schema.isEmpty { continue }
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
        for edge in graph.edges where !graph.schema.isEmpty {
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
