import Foundation

/// Reads CSV files in the Neo4j admin-import convention into a graph. Headers name the columns
/// and their types (`born:int`, `date:date`, `aliases:string[]`, `:ID`, `:LABEL`, `:START_ID`,
/// `:END_ID`, `:TYPE`, `:IGNORE`); fields may be quoted (with `""` for a quote, and line breaks
/// inside); an empty field is a missing value. Any error, reported as `file:line: message`,
/// imports nothing.
public enum CSVImporter {
    /// One located problem: `file:line:column: message`.
    public struct ImportError: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var column: Int?
        public var message: String
        public var description: String { "\(file):\(line)\(column.map { ":\($0)" } ?? ""): \(message)" }
    }

    /// Why nothing was imported: the first `shownErrors` problems, and how many there were.
    public struct ImportFailure: Error, CustomStringConvertible, Sendable {
        public var errors: [ImportError]
        public var total: Int
        public var description: String {
            var lines = errors.map(\.description)
            if total > errors.count { lines.append("… and \(total - errors.count) more (\(total) in all); nothing was imported") }
            return lines.joined(separator: "\n")
        }
    }

    /// A row left out by `skippingBadRows`, with why, as the file has it.
    public struct Rejected: Sendable {
        public var error: ImportError
        public var row: String
    }

    /// What an import made: the graph, the rows it left out, notes (columns kept as text), and
    /// what it added to and changed in the graph it started from.
    public struct Imported {
        public var graph: Graph
        public var rejected: [Rejected] = []
        public var notes: [String] = []
        public var nodesAdded = 0
        /// Nodes already in the graph (by id) that a row changed, and the values it changed.
        public var nodesUpdated = 0
        public var propertiesChanged = 0
        public var edgesAdded = 0
        /// Edges already in the graph with the same ends, type and properties: not added again.
        public var edgesPresent = 0

        /// "added 3 nodes, updated 2 (5 values changed), added 4 edges (1 already there)".
        public var summary: String {
            var parts = ["added \(nodesAdded) node\(nodesAdded == 1 ? "" : "s")"]
            if nodesUpdated > 0 { parts.append("updated \(nodesUpdated) (\(propertiesChanged) value\(propertiesChanged == 1 ? "" : "s") changed)") }
            parts.append("added \(edgesAdded) edge\(edgesAdded == 1 ? "" : "s")" + (edgesPresent > 0 ? " (\(edgesPresent) already there)" : ""))
            return parts.joined(separator: ", ")
        }
    }

    public static let shownErrors = 20

    enum ColumnKind {
        case id, label, start, end, type, ignore
        case property(String, type: String, array: Bool)
    }

    /// A row's problem, with the field it is in (nil: the row as a whole).
    struct RowProblem: Error {
        var message: String
        var field: Int?
    }

    /// Temporal and spatial columns cadre has no values for: kept as their text, with a note.
    static let keptAsText: Set<String> = ["point"]

    /// Every row or nothing: any problem (the first 20 shown, then a count) imports nothing.
    public static func read(nodes: [String], relationships: [String]) throws(ImportFailure) -> Graph {
        try read(nodes: nodes, relationships: relationships, skippingBadRows: false).graph
    }

    /// With `skippingBadRows`, a bad row (a value of the wrong type, a duplicate id, an end
    /// node that does not exist, a wrong number of fields) is left out and listed in
    /// `rejected`; problems with a whole file (its header, its encoding) still stop the import.
    ///
    /// With `into`, rows are added to that graph: a node whose id it holds is updated (the row's
    /// values set, its labels added), an edge it already holds (same ends, type and properties)
    /// is not added again, and every value must suit the graph's declared types.
    public static func read(nodes: [String], relationships: [String], skippingBadRows: Bool,
                            into base: Graph? = nil) throws(ImportFailure) -> Imported {
        if base == nil {
            return try bulkRead(nodes: nodes, relationships: relationships, skippingBadRows: skippingBadRows)
        }
        var graph = base ?? Graph()
        let merging = base != nil
        var run = Run(skipping: skippingBadRows)
        var counts = Imported(graph: Graph())
        /// Ids this import defined: a second row with one is a duplicate even when merging.
        var seen = Set<String>()
        for path in nodes {
            try run.eachRow(path) { (columns, fields) throws(RowProblem) in
                var id: String?
                var labels: [String] = []
                var properties: [(String, Value)] = []
                for (index, (column, field)) in zip(columns, fields).enumerated() {
                    switch column {
                    case .id: id = field
                    case .label: labels += field.split(separator: ";").map(String.init)
                    case .property(let name, let type, let array):
                        if let value = try convert(field, type, array, name, index) { properties.append((name, value)) }
                    default: break
                    }
                }
                let idField = columns.firstIndex { if case .id = $0 { true } else { false } }
                guard let id, !id.isEmpty else { throw RowProblem(message: "a node needs a value in its :ID column", field: idField) }
                guard seen.insert(id).inserted else { throw RowProblem(message: "duplicate id \"\(id)\"", field: idField) }
                properties.removeAll { $0.0 == "id" }
                let existing = graph.node(withID: id)
                if existing != nil && !merging { throw RowProblem(message: "duplicate id \"\(id)\"", field: idField) }
                let allLabels = (existing.map { graph.labelNames(of: $0) } ?? []) + labels
                for (key, value) in properties {
                    if let declared = graph.schema.violation(nodeLabels: allLabels, key: key, value: value) {
                        throw RowProblem(message: "`\(key)` must be \(declared.type.description), not \(value.literal) (declared \(declared.place))",
                                         field: columns.firstIndex { if case .property(key, _, _) = $0 { true } else { false } })
                    }
                }
                guard let existing else {
                    graph.addNode(labels: labels, properties: [("id", .string(id))] + properties)
                    counts.nodesAdded += 1
                    return
                }
                var changed = 0
                for label in labels where graph.addLabel(label, to: existing) { changed += 1 }
                for (key, value) in properties where graph.property(of: existing, key) != value {
                    graph.setProperty(of: existing, key, to: value)
                    changed += 1
                }
                if changed > 0 {
                    counts.nodesUpdated += 1
                    counts.propertiesChanged += changed
                }
            }
        }
        // Merging: the edges already there, by ends and type, so a row adds no copy of one.
        var present: [EdgeEnds: [EdgeID]] = [:]
        if merging {
            for edge in graph.edges { present[EdgeEnds(graph.source(of: edge), graph.target(of: edge), graph.typeName(of: edge)), default: []].append(edge) }
        }
        graph.beginBulkLoad()
        for path in relationships {
            try run.eachRow(path) { (columns, fields) throws(RowProblem) in
                var start: (String, Int)?, end: (String, Int)?, type: String?
                var properties: [(String, Value)] = []
                for (index, (column, field)) in zip(columns, fields).enumerated() {
                    switch column {
                    case .start: start = (field, index)
                    case .end: end = (field, index)
                    case .type: type = field
                    case .property(let name, let kind, let array):
                        if let value = try convert(field, kind, array, name, index) { properties.append((name, value)) }
                    default: break
                    }
                }
                guard let start, let source = graph.node(withID: start.0) else {
                    throw RowProblem(message: "unknown start node \"\(start?.0 ?? "")\"", field: start?.1)
                }
                guard let end, let target = graph.node(withID: end.0) else {
                    throw RowProblem(message: "unknown end node \"\(end?.0 ?? "")\"", field: end?.1)
                }
                guard let type, !type.isEmpty else { throw RowProblem(message: "a relationship needs a :TYPE", field: nil) }
                for (key, value) in properties {
                    if let declared = graph.schema.violation(edgeType: type, key: key, value: value) {
                        throw RowProblem(message: "`\(key)` must be \(declared.type.description), not \(value.literal) (declared \(declared.place))",
                                         field: columns.firstIndex { if case .property(key, _, _) = $0 { true } else { false } })
                    }
                }
                if merging {
                    let ends = EdgeEnds(source, target, type)
                    let wanted = Dictionary(properties, uniquingKeysWith: { $1 })
                    if present[ends]?.contains(where: { edge in
                        let have = graph.properties(of: edge)
                        return have.count == wanted.count && have.allSatisfy { wanted[graph.keys.name($0.key)] == $0.value }
                    }) == true {
                        counts.edgesPresent += 1
                        return
                    }
                }
                let added = graph.addEdge(from: source, to: target, type: type, properties: properties)
                counts.edgesAdded += 1
                if merging { present[EdgeEnds(source, target, type), default: []].append(added) }
            }
        }
        graph.finishBulkLoad()
        if run.total > 0 { throw ImportFailure(errors: run.errors, total: run.total) }
        counts.graph = graph
        counts.rejected = run.rejected
        counts.notes = run.notes
        return counts
    }

    /// An edge's ends and type, to find the edges a merge would repeat.
    struct EdgeEnds: Hashable {
        var source: NodeID, target: NodeID, type: String
        init(_ source: NodeID, _ target: NodeID, _ type: String) {
            self.source = source
            self.target = target
            self.type = type
        }
    }

    static func convert(_ field: String, _ type: String, _ array: Bool, _ name: String, _ index: Int) throws(RowProblem) -> Value? {
        if field.isEmpty { return nil }
        if array {
            var items: [Value] = []
            for part in field.split(separator: ";", omittingEmptySubsequences: false) {
                guard let item = try convert(String(part), type, false, name, index) else { continue }
                items.append(item)
            }
            return .list(items)
        }
        switch type {
        case "string", "char": return .string(field)
        case "int", "long", "short", "byte":
            guard let number = Int64(field.trimmingCharacters(in: .whitespaces)) else {
                throw RowProblem(message: "`\(name)` must be an integer, not \"\(field)\"", field: index)
            }
            return .int(number)
        case "float", "double":
            guard let number = Double(field.trimmingCharacters(in: .whitespaces)) else {
                throw RowProblem(message: "`\(name)` must be a number, not \"\(field)\"", field: index)
            }
            return .float(number)
        case "boolean":
            switch field.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw RowProblem(message: "`\(name)` must be true or false, not \"\(field)\"", field: index)
            }
        case "date":
            guard let date = PartialDate(iso: field) else {
                throw RowProblem(message: "`\(name)` must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not \"\(field)\"", field: index)
            }
            return .date(date)
        case "localtime", "time", "localdatetime", "datetime", "duration":
            guard let value = Value.temporal(type: type, text: field) else {
                let example = type == "duration" ? " (P1Y2M3DT4H)" : ""
                throw RowProblem(message: "`\(name)` must be a \(type) in ISO 8601 form\(example), not \"\(field)\"", field: index)
            }
            return value
        default:
            return .string(field) // a type kept as text (`keptAsText`)
        }
    }

    /// Reads files row by row, collecting problems: the first `shownErrors`, a count, and the
    /// rows left out when skipping.
    struct Run {
        let skipping: Bool
        var errors: [ImportError] = []
        var total = 0
        var rejected: [Rejected] = []
        var notes: [String] = []

        init(skipping: Bool) { self.skipping = skipping }

        /// A problem with a whole file: nothing more can be read.
        private func fatal(_ error: ImportError) -> ImportFailure {
            ImportFailure(errors: Array((errors + [error]).prefix(CSVImporter.shownErrors)), total: total + 1)
        }

        /// Calls `body` with the header's columns and each record's fields; a row it refuses is
        /// counted (or left out, when skipping).
        mutating func eachRow(_ path: String, _ body: ([ColumnKind], [String]) throws(RowProblem) -> Void) throws(ImportFailure) {
            try eachRecord(path) { (columns, fields) throws(RowProblem) in
                try body(columns, (0..<fields.count).map { fields.string($0) })
            }
        }

        /// `eachRow` with the fields as byte ranges of the file (no `String` per field).
        mutating func eachRecord(_ path: String, _ body: ([ColumnKind], CSVFields) throws(RowProblem) -> Void) throws(ImportFailure) {
            guard let buffer = CSVImporter.contents(of: path) else {
                throw fatal(ImportError(file: path, line: 0, message: "cannot read the file"))
            }
            try withExtendedLifetime(buffer) { () throws(ImportFailure) in try eachRecord(path, buffer.bytes, body) }
        }

        private mutating func eachRecord(_ path: String, _ bytes: UnsafeBufferPointer<UInt8>,
                                         _ body: ([ColumnKind], CSVFields) throws(RowProblem) -> Void) throws(ImportFailure) {
            if let bad = UTF8Validation.firstInvalidOffset(in: bytes) {
                let (line, column) = CSVRecordReader.location(of: bad, in: bytes)
                throw fatal(ImportError(file: path, line: line, column: column, message: "invalid UTF-8"))
            }
            var reader = CSVRecordReader(bytes: bytes)
            let columns: [ColumnKind]
            do throws(ImportError) {
                columns = try Self.header(path, &reader)
            } catch {
                throw fatal(error)
            }
            notes += Self.notes(columns, path: path)
            let outcome = Result { () throws(ImportFailure) in
                var fields = CSVFields(file: UnsafeRawBufferPointer(bytes))
                while true {
                    let line: Int?
                    do throws(RowProblem) {
                        line = try reader.next(into: &fields)
                    } catch {
                        throw fatal(ImportError(file: path, line: error.field ?? reader.line, message: error.message))
                    }
                    guard let line else { break }
                    if fields.count == 1 && fields.isEmpty(0) { continue }
                    do throws(RowProblem) {
                        guard fields.count == columns.count else {
                            throw RowProblem(message: "\(fields.count) fields, but the header has \(columns.count)", field: nil)
                        }
                        try body(columns, fields)
                    } catch {
                        total += skipping ? 0 : 1
                        // Located only when shown or reported: a column is counted from the line's start.
                        guard skipping || errors.count < CSVImporter.shownErrors else { continue }
                        var at = line, column: Int? = nil
                        if let field = error.field, field < reader.fieldStarts.count {
                            (at, column) = reader.location(of: reader.fieldStarts[field], recordLine: line)
                        }
                        let problem = ImportError(file: path, line: at, column: column, message: error.message)
                        if skipping {
                            rejected.append(Rejected(error: problem, row: reader.recordText))
                        } else {
                            errors.append(problem)
                        }
                    }
                }
            }
            try outcome.get()
        }

        /// What the import says of a file's columns: those kept as text.
        static func notes(_ columns: [ColumnKind], path: String) -> [String] {
            columns.enumerated().compactMap { (index, kind) in
                guard case .property(let name, let type, _) = kind, keptAsText.contains(type) else { return nil }
                return "\(path): column \(index + 1) (`\(name):\(type)`) is kept as text: cadre has no \(type) values yet"
            }
        }

        /// Reads the header record of the file `reader` starts (past a byte order mark, which
        /// spreadsheets write and which is not part of the first column's name): its columns.
        static func header(_ path: String, _ reader: inout CSVRecordReader) throws(ImportError) -> [ColumnKind] {
            if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.offset = 3 }
            let header: (fields: [String], line: Int)?
            do throws(RowProblem) {
                header = try reader.next()
            } catch {
                throw ImportError(file: path, line: error.field ?? 1, message: error.message)
            }
            guard let header else { throw ImportError(file: path, line: 1, message: "empty file: no header") }
            do throws(RowProblem) {
                let columns = try header.fields.enumerated().map { (index, name) throws(RowProblem) in try column(name, index) }
                try checkRepeats(columns, header.fields)
                return columns
            } catch {
                let column = error.field.map { CSVRecordReader.location(of: reader.fieldStarts[$0], in: reader.bytes).column }
                throw ImportError(file: path, line: 1, column: column, message: error.message)
            }
        }

        /// Two columns for one property (or two ids, two types…): which would win is a guess.
        private static func checkRepeats(_ columns: [ColumnKind], _ names: [String]) throws(RowProblem) {
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
                    throw RowProblem(message: "column \(index + 1) (`\(names[index])`) repeats \(name)", field: index)
                }
            }
        }

        /// A header field: `name:type`, `:ID`, `name:ID(space)`, `:LABEL`, `:START_ID(space)`, …
        private static func column(_ header: String, _ index: Int) throws(RowProblem) -> ColumnKind {
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
                let known = ["string", "char", "int", "long", "short", "byte", "float", "double", "boolean", "date",
                             "localtime", "time", "localdatetime", "datetime", "duration"]
                guard known.contains(base) || CSVImporter.keptAsText.contains(base) else {
                    throw RowProblem(message: "unknown column type `\(type)` in `\(header)` (known: \(known.joined(separator: ", ")), and arrays such as string[])",
                                     field: index)
                }
                return .property(Normalization.nfc(name), type: base, array: array)
            }
        }
    }
}

/// RFC 4180 records over bytes: quoted fields may hold commas, `""` and line breaks.
struct CSVRecordReader {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where reading stops: the end of the file, or of the part of it this reader reads.
    let end: Int
    var offset: Int
    var line = 1
    /// The byte offset of each field of the last record, and where the record starts.
    private(set) var fieldStarts: [Int] = []
    private(set) var recordStart = 0

    /// A reader of `bytes`, or of the records in `part` of them (a range starting at a record).
    init(bytes: UnsafeBufferPointer<UInt8>, part: Range<Int>? = nil) {
        self.bytes = bytes
        offset = part?.lowerBound ?? 0
        end = part?.upperBound ?? bytes.count
        recordStart = offset
    }

    /// The last record as the file has it (without its line break).
    var recordText: String {
        var end = offset
        while end > recordStart && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
        return String(decoding: bytes[recordStart..<end], as: UTF8.self)
    }

    /// Line and column of a byte offset in the last record (which starts on `recordLine`).
    func location(of offset: Int, recordLine: Int) -> (line: Int, column: Int) {
        var line = recordLine, lineStart = recordStart
        while lineStart > 0 && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        for index in recordStart..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = bytes[lineStart..<min(offset, bytes.count)].filter { $0 & 0xC0 != 0x80 }.count + 1
        return (line, column)
    }

    /// Line and column (in scalars, from 1) of a byte offset, counted from the file's start.
    static func location(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = bytes[lineStart..<min(offset, bytes.count)].filter { $0 & 0xC0 != 0x80 }.count + 1
        return (line, column)
    }

    /// The next record as byte ranges (its first line, or nil at the end of the file); a
    /// problem (an unterminated quote) names the line in `field`.
    mutating func next(into fields: inout CSVFields) throws(CSVImporter.RowProblem) -> Int? {
        guard offset < end else { return nil }
        let startLine = line
        recordStart = offset
        fieldStarts.removeAll(keepingCapacity: true)
        fields.ranges.removeAll(keepingCapacity: true)
        fields.unescaped.removeAll(keepingCapacity: true)
        let count = end
        while true {
            fieldStarts.append(offset)
            if offset < count && bytes[offset] == UInt8(ascii: "\"") {
                // Quoted: up to the closing quote; `""` inside means a quote.
                var index = offset + 1
                var escaped: [UInt8]? = nil
                var closed = false
                while index < count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\"") {
                        if index + 1 < count && bytes[index + 1] == UInt8(ascii: "\"") {
                            if escaped == nil { escaped = Array(bytes[(offset + 1)..<index]) }
                            escaped!.append(byte)
                            index += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if byte == 0x0A { line += 1 }
                    escaped?.append(byte)
                    index += 1
                }
                guard closed else { throw CSVImporter.RowProblem(message: "unterminated quoted field", field: startLine) }
                fields.ranges.append((offset + 1)..<index)
                fields.unescaped.append(escaped)
                offset = index + 1
                // Text after the closing quote, up to the separator, is kept as the old reader kept it.
                var tail: [UInt8] = []
                while offset < count, bytes[offset] != UInt8(ascii: ","), bytes[offset] != 0x0A {
                    if bytes[offset] != 0x0D { tail.append(bytes[offset]) }
                    offset += 1
                }
                if !tail.isEmpty {
                    fields.unescaped[fields.unescaped.count - 1] = (escaped ?? Array(bytes[fields.ranges.last!])) + tail
                }
            } else {
                var index = offset
                var carriage = false
                while index < count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: ",") || byte == 0x0A { break }
                    if byte == 0x0D { carriage = true }
                    index += 1
                }
                if carriage {
                    fields.ranges.append(offset..<index)
                    fields.unescaped.append(bytes[offset..<index].filter { $0 != 0x0D })
                } else {
                    fields.ranges.append(offset..<index)
                    fields.unescaped.append(nil)
                }
                offset = index
            }
            if offset >= count { return startLine }
            let separator = bytes[offset]
            offset += 1
            if separator == 0x0A {
                line += 1
                return startLine
            }
        }
    }

    /// The next record; a problem (an unterminated quote) names the line in `field`.
    mutating func next() throws(CSVImporter.RowProblem) -> (fields: [String], line: Int)? {
        guard offset < end else { return nil }
        let startLine = line
        recordStart = offset
        fieldStarts = [offset]
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        while offset < end {
            let byte = bytes[offset]
            offset += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if offset < end && bytes[offset] == UInt8(ascii: "\"") { field.append(byte); offset += 1 } else { quoted = false }
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
                fieldStarts.append(offset)
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
        if quoted { throw CSVImporter.RowProblem(message: "unterminated quoted field", field: startLine) }
        fields.append(String(decoding: field, as: UTF8.self))
        return (fields, startLine)
    }
}
