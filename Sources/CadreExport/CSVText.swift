/// CSV fields (RFC 4180), the one quoting rule of every CSV cadre writes: the graph's files
/// (`CSVExporter`, `export csv`) and query results (`CSVWriter`, `:mode csv` and `tsv`).
public enum CSVText {
    /// `text` as a field: as it is, or between double quotes (each quote doubled) when it holds
    /// the separator, a quote, a carriage return or a line feed.
    public static func field(_ text: String, separator: UInt8 = UInt8(ascii: ",")) -> String {
        guard text.utf8.contains(where: { $0 == separator || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else {
            return text
        }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
