import CadreGraph

/// Writes a graph as CSV files in the Neo4j admin-import convention, which Neo4j, Memgraph
/// and Kùzu users can load: one nodes file per (first) label with a header like
/// `id:ID,name,born:date,:LABEL`, one relationships file per type with
/// `:START_ID,:END_ID,from:date,...,:TYPE`. Arrays use `;` between items.
public enum CSVExporter {
    public struct File: Sendable {
        public var name: String
        public var text: String
    }

    public struct ExportError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func export(_ graph: Graph) throws(ExportError) -> [File] {
        var files: [File] = []
        var groups: [String: [NodeID]] = [:]
        for node in graph.nodes {
            guard case .string = graph.property(of: node, key: graph.idKey) else {
                throw ExportError(description: "node \(node) has no string id; save the graph (which mints ids) first")
            }
            groups[graph.labelNames(of: node).sorted().first ?? "Node", default: []].append(node)
        }
        for label in groups.keys.sorted() {
            let nodes = groups[label]!.sorted { id(graph, $0) < id(graph, $1) }
            let columns = Self.columns(nodes.map { graph.properties(of: $0) }, graph, excluding: graph.idKey)
            var text = (["id:ID"] + columns.map(\.header) + [":LABEL"]).joined(separator: ",") + "\n"
            for node in nodes {
                var fields = [field(id(graph, node))]
                for column in columns { fields.append(graph.property(of: node, key: column.key).map(column.cell) ?? "") }
                fields.append(field(graph.labelNames(of: node).sorted().joined(separator: ";")))
                text += fields.joined(separator: ",") + "\n"
            }
            files.append(File(name: "nodes_\(fileName(label)).csv", text: text))
        }
        var types: [String: [EdgeID]] = [:]
        for edge in graph.edges { types[graph.typeName(of: edge), default: []].append(edge) }
        for type in types.keys.sorted() {
            let edges = types[type]!.sorted {
                (id(graph, graph.source(of: $0)), id(graph, graph.target(of: $0)), $0.raw) < (id(graph, graph.source(of: $1)), id(graph, graph.target(of: $1)), $1.raw)
            }
            let columns = Self.columns(edges.map { graph.properties(of: $0) }, graph, excluding: nil)
            var text = ([":START_ID", ":END_ID"] + columns.map(\.header) + [":TYPE"]).joined(separator: ",") + "\n"
            for edge in edges {
                var fields = [field(id(graph, graph.source(of: edge))), field(id(graph, graph.target(of: edge)))]
                for column in columns { fields.append(graph.property(of: edge, key: column.key).map(column.cell) ?? "") }
                fields.append(field(type))
                text += fields.joined(separator: ",") + "\n"
            }
            files.append(File(name: "relationships_\(fileName(type)).csv", text: text))
        }
        return files
    }

    struct Column {
        var key: Symbol
        var header: String
        var type: String

        /// The value as this column writes it: integers in a `double` column as floats.
        func cell(_ value: Value) -> String {
            if type == "double", case .int(let number) = value { return Value.floatLiteral(Double(number)) }
            return CSVExporter.cell(value)
        }
    }

    /// Every key used, sorted, with the type all its values share (`string` when they differ).
    static func columns(_ rows: [[(key: Symbol, value: Value)]], _ graph: Graph, excluding: Symbol?) -> [Column] {
        var types: [Symbol: String] = [:]
        for row in rows {
            for (key, value) in row where key != excluding {
                let type = typeName(value)
                if let existing = types[key], existing != type {
                    let numbers: Set<String> = ["long", "double"]
                    if numbers.contains(existing) && numbers.contains(type) {
                        types[key] = "double"
                    } else {
                        types[key] = existing.hasSuffix("[]") || type.hasSuffix("[]") ? "string[]" : "string"
                    }
                } else {
                    types[key] = type
                }
            }
        }
        return types.keys.map { key in
            let name = graph.keys.name(key)
            let type = types[key]!
            return Column(key: key, header: field(type == "string" ? name : "\(name):\(type)"), type: type)
        }.sorted { $0.header.utf8.lexicographicallyPrecedes($1.header.utf8) }
    }

    static func typeName(_ value: Value) -> String {
        switch value {
        case .int: "long"
        case .float: "double"
        case .bool: "boolean"
        case .date: "date"
        case .temporal(let value): value.typeName
        case .duration: "duration"
        case .list(let items):
            Set(items.map(typeName)).count == 1 ? typeName(items[0]) + "[]" : "string[]"
        default: "string"
        }
    }

    static func cell(_ value: Value) -> String {
        switch value {
        case .string(let text): field(text)
        case .int(let number): String(number)
        case .float(let number): Value.floatLiteral(number)
        case .bool(let flag): flag ? "true" : "false"
        case .date(let date): date.description
        case .temporal(let value): value.description
        case .duration(let value): value.description
        case .list(let items): field(items.map { item in
            switch item {
            case .string(let text): text
            case .date(let date): date.description
            case .temporal(let value): value.description
            case .duration(let value): value.description
            default: cell(item)
            }
        }.joined(separator: ";"))
        default: field(value.literal)
        }
    }

    static func field(_ text: String) -> String { CSVText.field(text) }

    private static func id(_ graph: Graph, _ node: NodeID) -> String {
        graph.property(of: node, key: graph.idKey)?.stringValue ?? ""
    }

    private static func fileName(_ name: String) -> String {
        let slug = Folding.slug(name)
        return slug.isEmpty ? "x" : slug
    }
}
