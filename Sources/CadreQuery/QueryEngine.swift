import CadreGraph

/// The columns and rows a statement returns, and what it changed.
public struct QueryResult: Sendable {
    public var columns: [String]
    public var rows: [[Value]]
    public var statistics: UpdateStatistics

    public init(columns: [String], rows: [[Value]], statistics: UpdateStatistics) {
        self.columns = columns
        self.rows = rows
        self.statistics = statistics
    }
}

/// Parses, plans and runs Cypher statements against a graph.
///
/// Each statement is atomic: it runs on a copy of the graph (cheap: `Graph` is a copy-on-write
/// value) that replaces the caller's graph only when the statement succeeds.
public enum QueryEngine {
    /// The statements of a query text, parsed (several may be separated by `;`).
    public static func parse(_ source: SourceText) throws(QueryError) -> [Statement] {
        try Parser.parse(source)
    }

    /// Runs one parsed statement.
    public static func run(_ statement: Statement, source: SourceText, on graph: inout Graph,
                           parameters: [String: Value] = [:], cancel: CancelFlag? = nil) throws(QueryError) -> QueryResult {
        let compiled = try Planner.compile(statement, source: source)
        let context = ExecutionContext(graph: graph, parameters: parameters, cancel: cancel)
        let rows: [Row]
        do {
            rows = try compiled.run(context)
        } catch let error as QueryError {
            throw error
        } catch {
            throw QueryError(.runtime, "\(error)", at: statement.range)
        }
        graph = context.graph
        return QueryResult(columns: compiled.columns, rows: rows, statistics: context.statistics)
    }

    /// Parses and runs every statement of `text` in turn; stops at the first error (the
    /// statements before it keep their effects).
    public static func execute(_ text: String, on graph: inout Graph, parameters: [String: Value] = [:],
                               cancel: CancelFlag? = nil, name: String = "<query>") throws(QueryError) -> [QueryResult] {
        let source = SourceText(name: name, text: text)
        var results: [QueryResult] = []
        for statement in try parse(source) {
            results.append(try run(statement, source: source, on: &graph, parameters: parameters, cancel: cancel))
        }
        return results
    }
}
