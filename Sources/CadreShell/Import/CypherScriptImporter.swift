import CadreExport
import CadreGraph
import CadreQuery
import Foundation

/// `cadre import --cypher FILE`: a Cypher script (such as `cadre export cypher` writes) run on an
/// empty graph. Constraint and index statements are for the other engines and are passed over;
/// the export's conventions are read back: `// cadre schema:` comments become the graph's
/// declared types, and a date with a `<key>_precision` sibling becomes the partial date it was.
public enum CypherScriptImporter {
    public struct ImportError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func read(path: String) throws(ImportError) -> Graph {
        guard let data = FileManager.default.contents(atPath: path) else { throw ImportError(description: "\(path): cannot read the file") }
        guard let text = String(validating: [UInt8](data), as: UTF8.self) else { throw ImportError(description: "\(path): not UTF-8 text") }
        let source = SourceText(name: path, text: text)
        var graph = Graph()
        graph.schema = try schema(in: text, path: path)
        let declared = graph.schema
        // Declared types are checked once the partial dates are whole again, not statement by statement.
        graph.schema = GraphSchema()
        for (statement, offset) in StatementSplitter.split(text).statements {
            if isForOtherEngines(statement) || StatementSplitter.isBlank(statement) { continue }
            do {
                _ = try QueryEngine.execute(statement, on: &graph, name: path)
            } catch {
                let location = source.location(of: offset + error.range.start)
                throw ImportError(description: "\(path):\(location.line):\(location.column): \(error.message)")
            }
        }
        restorePartialDates(in: &graph)
        graph.schema = declared
        return graph
    }

    /// `// cadre schema: schema (…)` lines, read as the head of a graph file.
    private static func schema(in text: String, path: String) throws(ImportError) -> GraphSchema {
        let prefix = CypherExporter.schemaPrefix
        let statements = text.split(separator: "\n").filter { $0.hasPrefix(prefix) }.map { $0.dropFirst(prefix.count) }
        if statements.isEmpty { return GraphSchema() }
        let head = statements.joined(separator: "\n") + "\n"
        do {
            return try GraphFileReader.readSchema(head, name: path)
        } catch {
            throw ImportError(description: "\(path): a `cadre schema` comment is not a schema statement:\n\(error.rendered())")
        }
    }

    /// `CREATE CONSTRAINT`, `CREATE INDEX`, `DROP …`: what Neo4j and Memgraph need, not cadre.
    private static func isForOtherEngines(_ statement: String) -> Bool {
        var rest = Substring(statement)
        while true {
            rest = rest.drop { $0.isWhitespace }
            guard rest.hasPrefix("//") else { break }
            rest = rest.drop { $0 != "\n" }
        }
        let words = rest.prefix(40).split(whereSeparator: \.isWhitespace).prefix(2).map { $0.uppercased() }
        return words.first == "DROP" || (words.first == "CREATE" && ["CONSTRAINT", "INDEX"].contains(words.dropFirst().first ?? ""))
    }

    /// A date whose `<key>_precision` sibling says "year" or "month" becomes that partial date.
    static func restorePartialDates(in graph: inout Graph) {
        let suffix = CypherExporter.precisionSuffix
        func restored(_ value: Value, _ precision: Value) -> Value? {
            switch (value, precision) {
            case (.date(let date), .string(let name)):
                switch name {
                case "year": return .date(PartialDate(year: date.year)!)
                case "month": return .date(PartialDate(year: date.year, month: date.month)!)
                default: return nil
                }
            case (.list(let items), .list(let names)) where items.count == names.count:
                var result: [Value] = []
                for (item, name) in zip(items, names) { result.append(restored(item, name) ?? item) }
                return .list(result)
            default: return nil
            }
        }
        /// The changes a set of properties needs: each restored date, and its sibling removed.
        func changes(_ properties: [(key: Symbol, value: Value)], lookup: (String) -> Value?) -> [(String, Value)] {
            var result: [(String, Value)] = []
            for (key, precision) in properties where graph.keys.name(key).hasSuffix(suffix) {
                let base = String(graph.keys.name(key).dropLast(suffix.count))
                if let value = lookup(base), let partial = restored(value, precision) {
                    result += [(base, partial), (graph.keys.name(key), .null)]
                }
            }
            return result
        }
        for node in graph.nodes {
            for (key, value) in changes(graph.properties(of: node), lookup: { graph.property(of: node, $0) }) {
                graph.setProperty(of: node, key, to: value)
            }
        }
        for edge in graph.edges {
            for (key, value) in changes(graph.properties(of: edge), lookup: { graph.property(of: edge, $0) }) {
                graph.setProperty(of: edge, key, to: value)
            }
        }
    }
}
