import CadreExport
import CadreGraph
import CadreQuery

/// A statement's rows written as they come (`QueryEngine.run(_:on:parameters:cancel:consume:)`),
/// holding no more of them than the output needs. A table for people holds the first
/// `:maxrows` rows (its widths come from the rows it shows); the moment one more arrives it is
/// written, and the rest are only counted for the line that says how many were not shown.
/// CSV, TSV and JSON lines are written in chunks from the first row on. The output is the
/// text the whole result would give; only when it appears, and what is held, differ.
final class ResultStream {
    let format: OutputFormat
    let columns: [String]
    let graph: Graph
    let width: Int?
    let maxRows: Int
    let write: (String) -> Void
    /// The rows kept for the session's last result (`:dot` draws them): what a table shows,
    /// or the first `maxRows` (1,000 when unlimited) of other formats.
    private(set) var kept: [[Value]] = []
    private(set) var count = 0
    private var chunk: [[Value]] = []
    /// True once the table (or the CSV header) is written.
    private var started = false

    static let chunkSize = 1_024

    /// Whether results in `format` can be written as they come; the others (one JSON array, a
    /// DOT graph, a table without a row limit, whose widths need every row) are written whole.
    static func streams(_ format: OutputFormat, maxRows: Int) -> Bool {
        switch format {
        case .table, .box, .markdown: maxRows > 0
        case .csv, .tsv, .jsonl: true
        case .json, .dot: false
        }
    }

    init(format: OutputFormat, columns: [String], graph: Graph, width: Int?, maxRows: Int, write: @escaping (String) -> Void) {
        self.format = format
        self.columns = columns
        self.graph = graph
        self.width = width
        self.maxRows = maxRows
        self.write = write
    }

    func take(_ row: [Value]) {
        count += 1
        if format.isForPeople {
            if count <= maxRows {
                kept.append(row)
            } else if !started {
                write(table())
                started = true
            }
            return
        }
        if kept.count < (maxRows > 0 ? maxRows : 1_000) { kept.append(row) }
        chunk.append(row)
        if chunk.count == Self.chunkSize { flush() }
    }

    /// Writes what is left: the table of at most `maxRows` rows, or the count of the rows it did
    /// not show; the last chunk (or a CSV header alone).
    func finish() {
        if format.isForPeople {
            if !started { write(table()) }
            if count > kept.count { write(Self.hiddenRows(count - kept.count, of: count)) }
            return
        }
        flush()
        if !started && format != .jsonl { write(header()) }
    }

    /// The line after a table that shows fewer rows than the result has.
    static func hiddenRows(_ hidden: Int, of total: Int) -> String {
        "(\(hidden) more row\(hidden == 1 ? "" : "s") not shown, \(total) in all; :maxrows 0 shows every row)\n"
    }

    private func table() -> String {
        format.render(QueryResult(columns: columns, rows: kept, statistics: UpdateStatistics()), graph: graph, width: width)
    }

    private var csv: CSVWriter { CSVWriter(graph: graph, separator: format == .tsv ? UInt8(ascii: "\t") : UInt8(ascii: ",")) }

    private func header() -> String { csv.header(columns) }

    private func flush() {
        guard !chunk.isEmpty else { return }
        switch format {
        case .jsonl:
            let writer = JSONWriter(graph: graph)
            write(chunk.map { writer.object(columns, $0) + "\n" }.joined())
        default:
            // The header once, before the first chunk.
            write((started ? "" : header()) + csv.lines(chunk))
        }
        started = true
        chunk.removeAll(keepingCapacity: true)
    }
}
