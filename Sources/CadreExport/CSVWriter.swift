import CadreGraph

/// Results as CSV (RFC 4180): a header of column names, fields quoted when they hold a comma,
/// a quote or a line break. Null is an empty field.
public struct CSVWriter {
    public let text: ValueText
    public var separator: UInt8

    public init(graph: Graph, separator: UInt8 = UInt8(ascii: ",")) {
        text = ValueText(graph: graph)
        self.separator = separator
    }

    public func rows(_ columns: [String], _ rows: [[Value]]) -> String {
        header(columns) + lines(rows)
    }

    /// The header line alone.
    public func header(_ columns: [String]) -> String {
        columns.map { CSVText.field($0, separator: separator) }.joined(separator: String(UnicodeScalar(separator))) + "\n"
    }

    /// The rows' lines, without the header (results written in chunks).
    public func lines(_ rows: [[Value]]) -> String {
        let between = String(UnicodeScalar(separator))
        var out = ""
        for row in rows {
            out += row.map { $0.isNull ? "" : CSVText.field(text.display($0), separator: separator) }.joined(separator: between) + "\n"
        }
        return out
    }
}
