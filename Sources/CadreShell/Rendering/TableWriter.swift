import CadreExport
import CadreGraph
import Foundation

/// Results as an aligned table, measured in terminal columns (grapheme clusters: combining
/// marks take none, wide characters two), so Vietnamese in NFC or NFD and CJK text align. Values
/// too wide for the terminal are cut between characters and end with `…`; never inside a UTF-8
/// sequence. A footer gives the row count.
public struct TableWriter {
    public enum Style { case ascii, box, markdown }

    public let text: ValueText
    public let style: Style
    /// The terminal's width, when known; columns shrink to fit it.
    public let width: Int?
    /// No column is wider than this on a terminal; elsewhere (files, pipes) values are whole.
    public var maxColumnWidth: Int { width == nil ? Int.max : 80 }

    public init(graph: Graph, style: Style = .box, width: Int? = nil) {
        text = ValueText(graph: graph)
        self.style = style
        self.width = width
    }

    public func rows(_ columns: [String], _ rows: [[Value]]) -> String {
        let escape: (String) -> String = style == .markdown ? { $0.replacingOccurrences(of: "|", with: "\\|") } : { $0 }
        var header = columns.map { escape(oneLine($0)) }
        var cells = rows.map { row in row.map { $0.isNull ? "null" : escape(oneLine(text.display($0))) } }
        let numeric = columns.indices.map { index in
            !rows.isEmpty && rows.allSatisfy { row in
                switch row[index] { case .int, .float, .null: true; default: false }
            }
        }
        var widths = columnWidths(header, cells)
        header = zip(header, widths).map { truncate($0, to: $1) }
        cells = cells.map { row in zip(row, widths).map { truncate($0, to: $1) } }
        widths = columnWidths(header, cells)

        func pad(_ value: String, _ width: Int, right: Bool) -> String {
            let padding = String(repeating: " ", count: max(0, width - DisplayWidth.of(value)))
            return right ? padding + value : value + padding
        }
        func line(_ values: [String], _ vertical: String, alignNumbers: Bool) -> String {
            let parts = values.indices.map { pad(values[$0], widths[$0], right: alignNumbers && numeric[$0]) }
            return vertical + " " + parts.joined(separator: " \(vertical) ") + " " + vertical + "\n"
        }
        var out = ""
        switch style {
        case .markdown:
            out += line(header, "|", alignNumbers: false)
            out += "|" + widths.indices.map { numeric[$0] ? String(repeating: "-", count: widths[$0] + 1) + ":" : String(repeating: "-", count: widths[$0] + 2) }.joined(separator: "|") + "|\n"
            for row in cells { out += line(row, "|", alignNumbers: true) }
            return out
        case .ascii:
            let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n"
            out = rule + line(header, "|", alignNumbers: false) + rule
            for row in cells { out += line(row, "|", alignNumbers: true) }
            out += rule
        case .box:
            func rule(_ left: String, _ middle: String, _ right: String) -> String {
                left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right + "\n"
            }
            out = rule("┌", "┬", "┐") + line(header, "│", alignNumbers: false) + rule("├", "┼", "┤")
            for row in cells { out += line(row, "│", alignNumbers: true) }
            out += rule("└", "┴", "┘")
        }
        return out + "\(rows.count) row\(rows.count == 1 ? "" : "s")\n"
    }

    /// Natural widths, then the widest columns narrowed until the table fits the terminal.
    private func columnWidths(_ header: [String], _ cells: [[String]]) -> [Int] {
        var widths = header.map { min(maxColumnWidth, DisplayWidth.of($0)) }
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = min(maxColumnWidth, max(widths[index], DisplayWidth.of(cell))) }
        }
        guard let width, !widths.isEmpty else { return widths }
        let overhead = 3 * widths.count + 1
        while widths.reduce(0, +) + overhead > width {
            let widest = widths.indices.max { widths[$0] < widths[$1] }!
            if widths[widest] <= 6 { break }
            widths[widest] -= 1
        }
        return widths
    }

    private func oneLine(_ value: String) -> String {
        guard value.contains(where: { $0.isNewline || $0 == "\t" }) else { return value }
        return value.replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: "⏎")
            .replacingOccurrences(of: "\t", with: " ")
    }

    /// Cuts between grapheme clusters so the result, with `…`, takes at most `limit` columns.
    func truncate(_ value: String, to limit: Int) -> String { DisplayWidth.truncate(value, to: limit) }
}
