import CadreExport
import CadreGraph
import CadreQuery

/// How results are written (`--format`, `:mode`).
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned columns with ASCII rules: `+---+`.
    case table
    /// Aligned columns with Unicode box-drawing lines.
    case box
    case csv, tsv, json, jsonl, markdown
    /// The subgraph of the result (its nodes, relationships and paths) as Graphviz DOT.
    case dot

    /// Formats meant to be read by a person, which `:maxrows` shortens.
    public var isForPeople: Bool { self == .table || self == .box || self == .markdown }

    /// The rows in this format; tables fit `width` terminal columns when given.
    public func render(_ result: QueryResult, graph: Graph, width: Int? = nil) -> String {
        switch self {
        case .table: TableWriter(graph: graph, style: .ascii, width: width).rows(result.columns, result.rows)
        case .box: TableWriter(graph: graph, style: .box, width: width).rows(result.columns, result.rows)
        case .markdown: TableWriter(graph: graph, style: .markdown, width: width).rows(result.columns, result.rows)
        case .csv: CSVWriter(graph: graph).rows(result.columns, result.rows)
        case .tsv: CSVWriter(graph: graph, separator: UInt8(ascii: "\t")).rows(result.columns, result.rows)
        case .json: JSONWriter(graph: graph).rows(result.columns, result.rows)
        case .jsonl: result.rows.map { JSONWriter(graph: graph).object(result.columns, $0) + "\n" }.joined()
        case .dot: DOTWriter().write(Subgraph(values: result.rows.flatMap { $0 }, in: graph), of: graph)
        }
    }
}
