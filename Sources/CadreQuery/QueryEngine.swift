import CadreGraph
import Glibc

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

/// How statements are planned.
public struct QueryOptions: Sendable {
    /// A first MATCH and the aggregation after it run in batches over the store's columns
    /// (`VectorMatchPlan`). Off, every statement runs row by row: the oracle the differential
    /// tests compare against. `CADRE_VECTORIZED=0` in the environment turns it off.
    public var vectorized: Bool
    /// How many workers a large scan in batches is split among (each part aggregates its rows,
    /// then the parts merge; see `VectorMatchOperator+Parts`). 1 runs every scan on the
    /// statement's thread. `CADRE_WORKERS` in the environment sets it; by default, the
    /// machine's cores, at most 8.
    public var workers: Int
    /// The fewest rows a scan has before it is split.
    public var parallelRows: Int
    /// The optimizer's rewrites (`Optimizing/`: a pattern's property maps as WHERE conjuncts,
    /// WHERE's conjuncts tested as soon as their variables are bound). Off, with `vectorized`
    /// off, a statement runs as written: the oracle. `CADRE_REWRITES=0` turns them off.
    public var rewrites: Bool

    public init(vectorized: Bool = true, workers: Int = QueryOptions.defaultWorkers, parallelRows: Int = 32_768,
                rewrites: Bool = QueryOptions.defaultRewrites) {
        self.vectorized = vectorized
        self.rewrites = rewrites
        self.workers = max(1, workers)
        self.parallelRows = max(1, parallelRows)
    }

    public static let defaultWorkers: Int = {
        if let text = getenv("CADRE_WORKERS"), let count = Int(String(cString: text)), count > 0 { return min(count, 64) }
        return min(max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1), 8)
    }()

    /// Batches on, unless the environment says `CADRE_VECTORIZED=0`.
    public static let `default` = QueryOptions(vectorized: getenv("CADRE_VECTORIZED").map { String(cString: $0) != "0" } ?? true)

    public static let defaultRewrites = getenv("CADRE_REWRITES").map { String(cString: $0) != "0" } ?? true

    /// Every statement row by row, as written: no batches, no rewrites.
    public static let rowByRow = QueryOptions(vectorized: false, rewrites: false)
}

/// Parses, plans and runs Cypher statements against a graph.
///
/// Each statement is atomic: it runs on a copy of the graph (cheap: `Graph` is a copy-on-write
/// value) that replaces the caller's graph only when the statement succeeds.
public enum QueryEngine {
    /// Words of the language, for completion: clause keywords and operators.
    public static let keywords: [String] = [
        "MATCH", "OPTIONAL MATCH", "WHERE", "RETURN", "WITH", "UNWIND", "CREATE", "MERGE", "SET", "DELETE", "DETACH DELETE",
        "REMOVE", "UNION", "UNION ALL", "ORDER BY", "SKIP", "LIMIT", "AS", "AND", "OR", "XOR", "NOT", "IN", "IS NULL",
        "IS NOT NULL", "STARTS WITH", "ENDS WITH", "CONTAINS", "CASE", "WHEN", "THEN", "ELSE", "END", "DISTINCT", "ASC",
        "DESC", "ON CREATE SET", "ON MATCH SET", "EXISTS", "TRUE", "FALSE", "NULL", "shortestPath", "allShortestPaths",
    ]

    /// Names of the built-in functions and aggregates, for completion.
    public static var functionNames: [String] { Functions.names }

    /// The statements of a query text, parsed (several may be separated by `;`).
    public static func parse(_ source: SourceText) throws(QueryError) -> [Statement] {
        try Parser.parse(source)
    }

    /// A statement planned and checked, ready to run (possibly many times).
    public struct Prepared: Sendable {
        let compiled: CompiledQuery
        let range: SourceRange
        public var columns: [String] { compiled.columns }
        /// True when a clause may change the graph (CREATE, MERGE, SET, REMOVE, DELETE).
        public let updates: Bool
    }

    /// Binds a parsed statement (`Binder`: its semantic errors, unknown variables, misplaced
    /// aggregates, bad clause order, raised before anything runs), then plans it.
    public static func prepare(_ statement: Statement, source: SourceText, options: QueryOptions = .default) throws(QueryError) -> Prepared {
        Prepared(compiled: try Planner.compile(try Binder.bind(statement, source: source), source: source, options: options),
                 range: statement.range,
                 updates: statement.parts.contains { $0.clauses.contains(where: \.isUpdating) })
    }

    /// Runs a prepared statement; the graph changes only if it succeeds.
    public static func run(_ prepared: Prepared, on graph: inout Graph, parameters: [String: Value] = [:],
                           cancel: CancelFlag? = nil) throws(QueryError) -> QueryResult {
        try run(prepared, on: &graph, parameters: parameters, cancel: cancel, consume: nil)
    }

    /// Runs a prepared statement and hands each row to `consume` as soon as it is made (the
    /// result holds none): the first rows arrive before the last are computed, and no more
    /// rows are held than the consumer keeps (a sort or an aggregation still holds its input).
    /// An error raised by `consume` stops the statement and is raised here. Rows of a
    /// statement that updates reach the consumer before it is known to succeed.
    public static func run(_ prepared: Prepared, on graph: inout Graph, parameters: [String: Value] = [:],
                           cancel: CancelFlag? = nil, consume: RowConsumer?) throws(QueryError) -> QueryResult {
        let context = ExecutionContext(graph: graph, parameters: parameters, cancel: cancel)
        let rows: [Row]
        do {
            rows = try prepared.compiled.run(context, consume)
        } catch let error as QueryError {
            throw error
        } catch {
            throw QueryError(.runtime, "\(error)", at: prepared.range)
        }
        graph = context.graph
        return QueryResult(columns: prepared.columns, rows: rows, statistics: context.statistics)
    }

    /// Plans and runs one parsed statement.
    public static func run(_ statement: Statement, source: SourceText, on graph: inout Graph,
                           parameters: [String: Value] = [:], cancel: CancelFlag? = nil,
                           options: QueryOptions = .default) throws(QueryError) -> QueryResult {
        try run(try prepare(statement, source: source, options: options), on: &graph, parameters: parameters, cancel: cancel)
    }

    /// Parses and runs every statement of `text` in turn; stops at the first error (the
    /// statements before it keep their effects).
    public static func execute(_ text: String, on graph: inout Graph, parameters: [String: Value] = [:],
                               cancel: CancelFlag? = nil, name: String = "<query>",
                               options: QueryOptions = .default) throws(QueryError) -> [QueryResult] {
        let source = SourceText(name: name, text: text)
        var results: [QueryResult] = []
        for statement in try parse(source) {
            results.append(try run(statement, source: source, on: &graph, parameters: parameters, cancel: cancel, options: options))
        }
        return results
    }
}
