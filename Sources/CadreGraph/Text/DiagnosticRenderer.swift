/// Renders a diagnostic the way compilers do: a `file:line:col: error: message` first line that
/// editors can jump to, then the offending source line with carets under the whole range.
///
/// ```
/// graph/x.cg:3:15: error: duplicate id "person:a"
///   |
/// 3 | (:Person {id: "person:a"})
///   |               ^^^^^^^^^^
///   = note: first defined at 1:15
/// ```
public enum DiagnosticRenderer {
    public static func render(_ diagnostic: Diagnostic, in source: SourceText) -> String {
        let location = source.location(of: diagnostic.range.start)
        var out = "\(source.name):\(location.line):\(location.column): error: \(diagnostic.message)\n"
        let gutter = String(repeating: " ", count: String(location.line).count)
        let lineStart = source.lineStart(of: diagnostic.range.start)
        let lineEnd = lineStart + source.lineText(of: diagnostic.range.start).utf8.count
        let start = diagnostic.range.start
        let end = min(max(diagnostic.range.end, start), lineEnd)
        // A long line (a generated query, a 10 MB line of a bad file) is shown around the
        // error only, cut at characters, never inside one.
        var shownStart = lineStart, shownEnd = lineEnd
        if lineEnd - lineStart > Self.longestLine {
            shownStart = boundary(source, max(lineStart, start - Self.longestLine / 3))
            shownEnd = boundary(source, min(lineEnd, max(start, shownStart) + Self.longestLine * 2 / 3))
        }
        let (open, close) = (shownStart > lineStart ? "…" : "", shownEnd < lineEnd ? "…" : "")
        out += "\(gutter) |\n"
        out += "\(location.line) | \(open)\(printable(prefix(of: source, from: shownStart, to: shownEnd)))\(close)\n"
        let before = prefix(of: source, from: shownStart, to: start)
        let underlined = prefix(of: source, from: start, to: min(end, shownEnd))
        let indent = DisplayWidth.of(open) + DisplayWidth.of(printable(before))
        let carets = max(1, DisplayWidth.of(printable(underlined)))
        out += "\(gutter) | \(String(repeating: " ", count: indent))\(String(repeating: "^", count: carets))\n"
        for note in diagnostic.notes {
            out += "\(gutter) = note: \(note)\n"
        }
        return out
    }

    /// Lines longer than this many bytes are shown in part.
    static let longestLine = 240

    /// `offset`, moved back to the start of the character it falls in.
    private static func boundary(_ source: SourceText, _ offset: Int) -> Int {
        var offset = min(offset, source.bytes.count)
        while offset > 0 && offset < source.bytes.count && source.bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
        return offset
    }

    private static func prefix(of source: SourceText, from start: Int, to end: Int) -> String {
        guard end > start else { return "" }
        return String(decoding: source.bytes[start..<min(end, source.bytes.count)], as: UTF8.self)
    }

    /// Tabs become one space and other control characters a visible symbol, so carets stay aligned.
    private static func printable(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09: result.append(" ")
            case 0x00..<0x20, 0x7F: result.append("\u{FFFD}")
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}
