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
        let line = source.lineText(of: diagnostic.range.start)
        let lineStart = source.lineStart(of: diagnostic.range.start)
        let lineEnd = lineStart + line.utf8.count
        out += "\(gutter) |\n"
        out += "\(location.line) | \(printable(line))\n"
        let before = prefix(of: source, from: lineStart, to: diagnostic.range.start)
        let underlined = prefix(of: source, from: diagnostic.range.start,
                                to: min(max(diagnostic.range.end, diagnostic.range.start), lineEnd))
        let indent = DisplayWidth.of(printable(before))
        let carets = max(1, DisplayWidth.of(printable(underlined)))
        out += "\(gutter) | \(String(repeating: " ", count: indent))\(String(repeating: "^", count: carets))\n"
        for note in diagnostic.notes {
            out += "\(gutter) = note: \(note)\n"
        }
        return out
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
