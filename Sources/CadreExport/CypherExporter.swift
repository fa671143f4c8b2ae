import CadreGraph

/// `cadre export cypher`: a script that Neo4j's cypher-shell (`--dialect neo4j`, the default) or
/// Memgraph's mgconsole (`--dialect memgraph`) loads into an empty database: uniqueness
/// constraints on `id` first, then nodes and edges in batched `UNWIND … CREATE` statements.
///
/// What the other engines lack is written in a documented form (the script's header says it):
/// - a partial date (a year, or a year and month) is written as its first day, with its
///   precision in a sibling key `<key>_precision` ("year" or "month");
/// - the graph's declared types (`schema` statements) are kept in `// cadre schema:` comments;
/// - provenance (`source`, `basis`, `quote`, …) is made of ordinary properties and stays as is.
/// `cadre import --cypher FILE` reads such a script back into the same graph.
public enum CypherExporter {
    public enum Dialect: String, CaseIterable, Sendable {
        case neo4j, memgraph
    }

    public struct ExportError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Rows per `UNWIND` statement.
    public static let batchSize = 500
    public static let precisionSuffix = "_precision"
    public static let schemaPrefix = "// cadre schema: "

    public static func export(_ graph: Graph, dialect: Dialect = .neo4j) throws(ExportError) -> String {
        var ids: [NodeID: String] = [:]
        for node in graph.nodes {
            guard case .string(let id) = graph.property(of: node, key: graph.idKey) else {
                throw ExportError(description: "node \(node) has no string id; save the graph (which mints ids) first")
            }
            ids[node] = id
        }
        var out = header(graph, dialect)
        // Nodes by their sorted labels; the first names the constraint their edges match through.
        var groups: [[String]: [NodeID]] = [:]
        for node in graph.nodes { groups[graph.labelNames(of: node).sorted(), default: []].append(node) }
        let labelSets = groups.keys.sorted { $0.lexicographicallyPrecedes($1) }
        let keyLabels = Set(labelSets.compactMap(\.first)).sorted()
        out += "\n// Constraints: ids are unique within each label nodes are matched by.\n"
        for label in keyLabels { out += constraint(label, dialect) }
        out += "\n// Nodes\n"
        for labels in labelSets {
            let nodes = groups[labels]!.sorted { ids[$0]! < ids[$1]! }
            let pattern = "(n" + labels.map { ":" + Value.keyLiteral($0) }.joined() + ")"
            for batch in stride(from: 0, to: nodes.count, by: batchSize) {
                let rows = nodes[batch..<min(batch + batchSize, nodes.count)].map { map(graph.properties(of: $0), graph) }
                out += "UNWIND [\n" + rows.joined(separator: ",\n") + "\n] AS row\nCREATE \(pattern) SET n = row;\n"
            }
        }
        out += "\n// Edges, by type and the labels of their ends\n"
        var edgeGroups: [EdgeGroup: [EdgeID]] = [:]
        for edge in graph.edges {
            let group = EdgeGroup(type: graph.typeName(of: edge), source: graph.labelNames(of: graph.source(of: edge)).sorted().first,
                                  target: graph.labelNames(of: graph.target(of: edge)).sorted().first)
            edgeGroups[group, default: []].append(edge)
        }
        for group in edgeGroups.keys.sorted() {
            let edges = edgeGroups[group]!.sorted {
                (ids[graph.source(of: $0)]!, ids[graph.target(of: $0)]!, $0.raw) < (ids[graph.source(of: $1)]!, ids[graph.target(of: $1)]!, $1.raw)
            }
            let source = "(a" + (group.source.map { ":" + Value.keyLiteral($0) } ?? "") + " {id: row.s})"
            let target = "(b" + (group.target.map { ":" + Value.keyLiteral($0) } ?? "") + " {id: row.t})"
            for batch in stride(from: 0, to: edges.count, by: batchSize) {
                let rows = edges[batch..<min(batch + batchSize, edges.count)].map { edge in
                    var row = "{s: "
                    Value.writeQuoted(ids[graph.source(of: edge)]!, to: &row)
                    row += ", t: "
                    Value.writeQuoted(ids[graph.target(of: edge)]!, to: &row)
                    return row + ", p: " + map(graph.properties(of: edge), graph) + "}"
                }
                out += "UNWIND [\n" + rows.joined(separator: ",\n") + "\n] AS row\n"
                out += "MATCH \(source) MATCH \(target)\nCREATE (a)-[r:\(Value.keyLiteral(group.type))]->(b) SET r = row.p;\n"
            }
        }
        return out
    }

    /// Edges written by one statement: their type and the labels their ends are matched by.
    struct EdgeGroup: Hashable, Comparable {
        var type: String
        var source: String?
        var target: String?

        static func < (a: EdgeGroup, b: EdgeGroup) -> Bool {
            (a.type, a.source ?? "", a.target ?? "") < (b.type, b.source ?? "", b.target ?? "")
        }
    }

    private static func header(_ graph: Graph, _ dialect: Dialect) -> String {
        let load = dialect == .neo4j ? "cypher-shell -f FILE (Neo4j 5)" : "mgconsole < FILE (Memgraph)"
        var out = """
            // cadre export cypher --dialect \(dialect.rawValue): \(graph.nodeCount) nodes, \(graph.edgeCount) edges.
            // Load into an empty database with: \(load).
            // Conventions: each node keeps its cadre id in `id`. A partial date (a year, or a year and a
            // month) is written as its first day, with its precision ("year" or "month") in the sibling key
            // `<key>\(precisionSuffix)`. Provenance (source, basis, quote) is kept as ordinary properties.
            // The graph's declared types follow as `\(schemaPrefix.trimmingCharacters(in: .whitespaces))` comments;
            // `cadre import --cypher FILE` reads the script back into the same graph.

            """
        for statement in graph.schema.statements(lineLimit: Int.max) { out += schemaPrefix + statement + "\n" }
        return out
    }

    private static func constraint(_ label: String, _ dialect: Dialect) -> String {
        let name = Value.keyLiteral(label)
        switch dialect {
        case .neo4j:
            return "CREATE CONSTRAINT \(Value.keyLiteral("cadre_id_" + label)) IF NOT EXISTS FOR (n:\(name)) REQUIRE n.id IS UNIQUE;\n"
        case .memgraph:
            return "CREATE INDEX ON :\(name)(id);\nCREATE CONSTRAINT ON (n:\(name)) ASSERT n.id IS UNIQUE;\n"
        }
    }

    /// Properties as a map literal, keys sorted, partial dates with their precision beside them.
    private static func map(_ properties: [(key: Symbol, value: Value)], _ graph: Graph) -> String {
        var entries: [(String, String)] = []
        for (key, value) in properties {
            let name = graph.keys.name(key)
            entries.append((name, literal(value)))
            if let precision = precision(of: value) { entries.append((name + precisionSuffix, precision.literal)) }
        }
        return "{" + entries.sorted { $0.0 < $1.0 }.map { Value.keyLiteral($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }

    /// A value as both engines read it: dates as full `date('…')`, floats without NaN literals.
    static func literal(_ value: Value) -> String {
        switch value {
        case .date(let date):
            let first = PartialDate(year: date.year, month: date.month ?? 1, day: date.day ?? 1)!
            return "date(\"\(first)\")"
        case .float(let number) where !number.isFinite:
            return number.isNaN ? "(0.0 / 0.0)" : (number < 0 ? "(-1.0 / 0.0)" : "(1.0 / 0.0)")
        case .list(let items):
            return "[" + items.map(literal).joined(separator: ", ") + "]"
        default:
            return value.literal
        }
    }

    /// "year" or "month" for a partial date (a list of them for a list holding one), else nil.
    static func precision(of value: Value) -> Value? {
        func name(_ date: PartialDate) -> Value? {
            switch date.precision {
            case .day: nil
            case .month: .string("month")
            case .year: .string("year")
            }
        }
        switch value {
        case .date(let date): return name(date)
        case .list(let items):
            let names = items.map { item -> Value in if case .date(let date) = item { name(date) ?? .string("day") } else { .null } }
            return names.contains(.string("year")) || names.contains(.string("month")) ? .list(names) : nil
        default: return nil
        }
    }
}
