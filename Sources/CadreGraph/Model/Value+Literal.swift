extension Value {
    /// The value in Cypher literal syntax, as the graph file and query echoes print it:
    /// strings double-quoted with escapes, floats always with a `.` or an exponent, dates as
    /// `date("2020-10")`, map keys sorted.
    public var literal: String {
        var out = ""
        writeLiteral(to: &out)
        return out
    }

    public func writeLiteral(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .float(let number): out += Value.floatLiteral(number)
        case .string(let text): Value.writeQuoted(text, to: &out)
        case .date(let date): out += "date(\"\(date)\")"
        case .temporal(let value): out += "\(value.typeName)(\"\(value)\")"
        case .duration(let value): out += "duration(\"\(value)\")"
        case .list(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                item.writeLiteral(to: &out)
            }
            out += "]"
        case .map(let map):
            out += "{"
            for (index, entry) in map.entries.enumerated() {
                if index > 0 { out += ", " }
                out += Value.keyLiteral(entry.key)
                out += ": "
                entry.value.writeLiteral(to: &out)
            }
            out += "}"
        case .node(let node): out += "#\(node)"
        case .edge(let edge): out += "#\(edge)"
        case .path(let path):
            out += "<" + path.nodes.map { "#\($0)" }.joined(separator: "-") + ">"
        }
    }

    /// Shortest text that reads back as the same double, always marked as a float.
    public static func floatLiteral(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        var text = number.description.replacing("e+", with: "e")
        if !text.contains(".") && !text.contains("e") { text += ".0" }
        return text
    }

    /// A double-quoted string literal. Non-ASCII text is kept as is; `"`, `\` and control
    /// characters are escaped.
    public static func writeQuoted(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// A map key or label: bare when it is a plain ASCII identifier, backquoted otherwise.
    public static func keyLiteral(_ name: String) -> String {
        let bytes = Array(name.utf8)
        let plain = !bytes.isEmpty && bytes.allSatisfy { $0 < 0x80 && $0.isIdentifierPart }
            && !bytes[0].isASCIIDigit
        return plain ? name : "`" + name.replacing("`", with: "``") + "`"
    }
}
