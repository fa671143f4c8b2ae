import CadreGraph

/// Results as an aligned table, measured in terminal columns (so Vietnamese, decomposed and
/// wide text align), with a row-count footer. Values wider than `maxWidth` are cut at a
/// character boundary and end with `…`.
public struct TableWriter {
    public let text: ValueText
    public var maxWidth: Int

    public init(graph: Graph, maxWidth: Int = 60) {
        text = ValueText(graph: graph)
        self.maxWidth = maxWidth
    }

    public func rows(_ columns: [String], _ rows: [[Value]]) -> String {
        let cells = rows.map { row in row.map { $0.isNull ? "null" : truncate(oneLine(text.display($0))) } }
        let header = columns.map { truncate(oneLine($0)) }
        var widths = header.map(DisplayWidth.of)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
        }
        func line(_ values: [String]) -> String {
            "│ " + zip(values, widths).map { $0 + String(repeating: " ", count: $1 - DisplayWidth.of($0)) }.joined(separator: " │ ") + " │\n"
        }
        func rule(_ left: String, _ middle: String, _ right: String) -> String {
            left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right + "\n"
        }
        var out = rule("┌", "┬", "┐") + line(header) + rule("├", "┼", "┤")
        for row in cells { out += line(row) }
        out += rule("└", "┴", "┘")
        out += "\(rows.count) row\(rows.count == 1 ? "" : "s")\n"
        return out
    }

    private func oneLine(_ value: String) -> String {
        value.replacingOccurrences(of: "\n", with: "⏎").replacingOccurrences(of: "\t", with: " ")
    }

    /// Cuts between grapheme clusters, never inside a UTF-8 sequence.
    func truncate(_ value: String) -> String {
        guard DisplayWidth.of(value) > maxWidth else { return value }
        var out = ""
        var width = 0
        for character in value {
            let next = DisplayWidth.of(character)
            if width + next > maxWidth - 1 { break }
            out.append(character)
            width += next
        }
        return out + "…"
    }
}

import Foundation
