import Foundation

/// Reads CSV files in the Neo4j admin-import convention into a graph. Headers name the columns
/// and their types (`born:int`, `date:date`, `aliases:string[]`, `:ID`, `:LABEL`, `:START_ID`,
/// `:END_ID`, `:TYPE`, `:IGNORE`); fields may be quoted (with `""` for a quote, and line breaks
/// inside); an empty field is a missing value. Any error, reported as `file:line: message`,
/// imports nothing.
public enum CSVImporter {
    public struct ImportError: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    enum ColumnKind {
        case id, label, start, end, type, ignore
        case property(String, type: String, array: Bool)
    }

    public static func read(nodes: [String], relationships: [String]) throws(ImportError) -> Graph {
        var graph = Graph()
        for path in nodes {
            try eachRow(path) { (columns, fields, line) throws(ImportError) in
                var id: String?
                var labels: [String] = []
                var properties: [(String, Value)] = []
                for (column, field) in zip(columns, fields) {
                    switch column {
                    case .id: id = field
                    case .label: labels += field.split(separator: ";").map(String.init)
                    case .property(let name, let type, let array):
                        if let value = try convert(field, type, array, path, line, name) { properties.append((name, value)) }
                    default: break
                    }
                }
                guard let id, !id.isEmpty else { throw ImportError(file: path, line: line, message: "a node needs a value in its :ID column") }
                if graph.node(withID: id) != nil { throw ImportError(file: path, line: line, message: "duplicate id \"\(id)\"") }
                properties.removeAll { $0.0 == "id" }
                graph.addNode(labels: labels, properties: [("id", .string(id))] + properties)
            }
        }
        graph.beginBulkLoad()
        for path in relationships {
            try eachRow(path) { (columns, fields, line) throws(ImportError) in
                var start: String?, end: String?, type: String?
                var properties: [(String, Value)] = []
                for (column, field) in zip(columns, fields) {
                    switch column {
                    case .start: start = field
                    case .end: end = field
                    case .type: type = field
                    case .property(let name, let kind, let array):
                        if let value = try convert(field, kind, array, path, line, name) { properties.append((name, value)) }
                    default: break
                    }
                }
                guard let start, let source = graph.node(withID: start) else {
                    throw ImportError(file: path, line: line, message: "unknown start node \"\(start ?? "")\"")
                }
                guard let end, let target = graph.node(withID: end) else {
                    throw ImportError(file: path, line: line, message: "unknown end node \"\(end ?? "")\"")
                }
                guard let type, !type.isEmpty else { throw ImportError(file: path, line: line, message: "a relationship needs a :TYPE") }
                graph.addEdge(from: source, to: target, type: type, properties: properties)
            }
        }
        graph.finishBulkLoad()
        return graph
    }

    private static func convert(_ field: String, _ type: String, _ array: Bool, _ path: String, _ line: Int,
                                _ name: String) throws(ImportError) -> Value? {
        if field.isEmpty { return nil }
        if array {
            var items: [Value] = []
            for part in field.split(separator: ";", omittingEmptySubsequences: false) {
                guard let item = try convert(String(part), type, false, path, line, name) else { continue }
                items.append(item)
            }
            return .list(items)
        }
        switch type {
        case "string", "char": return .string(field)
        case "int", "long", "short", "byte":
            guard let number = Int64(field.trimmingCharacters(in: .whitespaces)) else {
                throw ImportError(file: path, line: line, message: "`\(name)` must be an integer, not \"\(field)\"")
            }
            return .int(number)
        case "float", "double":
            guard let number = Double(field.trimmingCharacters(in: .whitespaces)) else {
                throw ImportError(file: path, line: line, message: "`\(name)` must be a number, not \"\(field)\"")
            }
            return .float(number)
        case "boolean":
            switch field.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw ImportError(file: path, line: line, message: "`\(name)` must be true or false, not \"\(field)\"")
            }
        case "date":
            guard let date = PartialDate(iso: field) else {
                throw ImportError(file: path, line: line, message: "`\(name)` must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not \"\(field)\"")
            }
            return .date(date)
        default:
            throw ImportError(file: path, line: line, message: "unknown column type `\(type)` for `\(name)`")
        }
    }

    /// Calls `body` with the header's columns, each record's fields and its first line number.
    private static func eachRow(_ path: String, _ body: ([ColumnKind], [String], Int) throws(ImportError) -> Void) throws(ImportError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError(file: path, line: 0, message: "cannot read the file")
        }
        let bytes = [UInt8](data)
        if let bad = UTF8Validation.firstInvalidOffset(in: bytes) {
            let line = bytes[..<bad].filter { $0 == 0x0A }.count + 1
            throw ImportError(file: path, line: line, message: "invalid UTF-8")
        }
        var reader = CSVRecordReader(bytes: bytes)
        guard let header = try reader.next(path) else { throw ImportError(file: path, line: 1, message: "empty file: no header") }
        let columns = try header.fields.map { (name) throws(ImportError) in try column(name, path) }
        // Two columns for one property (or two ids, two types…): which would win is a guess.
        var seen = Set<String>()
        for (index, kind) in columns.enumerated() {
            let name: String
            switch kind {
            case .property(let key, _, _): name = "property " + key
            case .id: name = "the :ID column"
            case .start: name = "the :START_ID column"
            case .end: name = "the :END_ID column"
            case .type: name = "the :TYPE column"
            case .label, .ignore: continue
            }
            guard seen.insert(name).inserted else {
                throw ImportError(file: path, line: 1, message: "column \(index + 1) (`\(header.fields[index])`) repeats \(name)")
            }
        }
        while let record = try reader.next(path) {
            if record.fields.count == 1 && record.fields[0].isEmpty { continue }
            guard record.fields.count == columns.count else {
                throw ImportError(file: path, line: record.line, message: "\(record.fields.count) fields, but the header has \(columns.count)")
            }
            try body(columns, record.fields, record.line)
        }
    }

    private static func column(_ header: String, _ path: String) throws(ImportError) -> ColumnKind {
        let parts = header.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let name = parts[0]
        let rawType = parts.count > 1 ? parts[1] : "string"
        let type = rawType.split(separator: "(").first.map(String.init) ?? rawType
        switch type.uppercased() {
        case "ID": return .id
        case "LABEL": return .label
        case "START_ID": return .start
        case "END_ID": return .end
        case "TYPE": return .type
        case "IGNORE": return .ignore
        default:
            let array = type.hasSuffix("[]")
            let base = (array ? String(type.dropLast(2)) : type).lowercased()
            guard ["string", "char", "int", "long", "short", "byte", "float", "double", "boolean", "date"].contains(base) else {
                throw ImportError(file: path, line: 1, message: "unknown column type `\(type)` in `\(header)`")
            }
            return .property(Normalization.nfc(name), type: base, array: array)
        }
    }
}

/// RFC 4180 records over bytes: quoted fields may hold commas, `""` and line breaks.
struct CSVRecordReader {
    let bytes: [UInt8]
    var offset = 0
    var line = 1

    mutating func next(_ path: String) throws(CSVImporter.ImportError) -> (fields: [String], line: Int)? {
        guard offset < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if offset < bytes.count && bytes[offset] == UInt8(ascii: "\"") { field.append(byte); offset += 1 } else { quoted = false }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                if field.isEmpty { quoted = true } else { field.append(byte) }
            case UInt8(ascii: ","):
                fields.append(String(decoding: field, as: UTF8.self))
                field = []
            case 0x0D:
                continue
            case 0x0A:
                line += 1
                fields.append(String(decoding: field, as: UTF8.self))
                return (fields, startLine)
            default:
                field.append(byte)
            }
        }
        if quoted { throw CSVImporter.ImportError(file: path, line: startLine, message: "unterminated quoted field") }
        fields.append(String(decoding: field, as: UTF8.self))
        return (fields, startLine)
    }
}
