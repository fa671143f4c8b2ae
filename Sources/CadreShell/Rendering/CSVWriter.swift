import CadreGraph

/// Results as CSV (RFC 4180): a header of column names, fields quoted when they hold a comma,
/// a quote or a line break. Null is an empty field.
public struct CSVWriter {
    public let text: ValueText
    public var separator: Character = ","

    public init(graph: Graph, separator: Character = ",") {
        text = ValueText(graph: graph)
        self.separator = separator
    }

    public func rows(_ columns: [String], _ rows: [[Value]]) -> String {
        var out = columns.map(field).joined(separator: String(separator)) + "\n"
        for row in rows {
            out += row.map { $0.isNull ? "" : field(text.display($0)) }.joined(separator: String(separator)) + "\n"
        }
        return out
    }

    private func field(_ value: String) -> String {
        let needsQuotes = value.contains { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}

import Foundation
