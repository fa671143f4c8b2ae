import CadreGraph
import CadreQuery

/// How results are written.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, tsv, json, jsonl

    /// The rows in this format.
    public func render(_ result: QueryResult, graph: Graph) -> String {
        switch self {
        case .table: TableWriter(graph: graph).rows(result.columns, result.rows)
        case .csv: CSVWriter(graph: graph).rows(result.columns, result.rows)
        case .tsv: CSVWriter(graph: graph, separator: "\t").rows(result.columns, result.rows)
        case .json: JSONWriter(graph: graph).rows(result.columns, result.rows)
        case .jsonl: result.rows.map { JSONWriter(graph: graph).object(result.columns, $0) + "\n" }.joined()
        }
    }
}
