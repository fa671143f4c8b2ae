import Foundation

extension CSVImporter {
    /// An import into an empty graph, through `BulkLoader`.
    /// Clean files large enough to cut are read on every core (`parallelRead`); the rest, and
    /// any import with a problem, by one reader that reports every problem in order.
    static func bulkRead(nodes: [String], relationships: [String], skippingBadRows: Bool) throws(ImportFailure) -> Imported {
        if !skippingBadRows, let imported = parallelRead(nodes: nodes, relationships: relationships) {
            return imported
        }
        return try singleRead(nodes: nodes, relationships: relationships, skippingBadRows: skippingBadRows)
    }

    /// The import by one reader.
    static func singleRead(nodes: [String], relationships: [String], skippingBadRows: Bool) throws(ImportFailure) -> Imported {
        var run = Run(skipping: skippingBadRows)
        var loader = BulkLoader()
        for path in nodes {
            var columns: [BulkLoader.Column]? = nil
            try run.eachRecord(path) { (kinds, fields) throws(RowProblem) in
                if columns == nil { columns = loader.intern(kinds) }
                try loader.addNode(columns!, fields)
            }
        }
        for path in relationships {
            var columns: [BulkLoader.Column]? = nil
            try run.eachRecord(path) { (kinds, fields) throws(RowProblem) in
                if columns == nil { columns = loader.intern(kinds) }
                try loader.addEdge(columns!, fields)
            }
        }
        if run.total > 0 { throw ImportFailure(errors: run.errors, total: run.total) }
        var imported = Imported(graph: Graph(loader.builder))
        imported.nodesAdded = imported.graph.nodeCount
        imported.edgesAdded = imported.graph.edgeCount
        imported.rejected = run.rejected
        imported.notes = run.notes
        return imported
    }

    /// The fast path of an import into an empty graph: fields are read as byte ranges and
    /// stored straight into a `GraphBuilder` (strings interned from bytes, integers and dates
    /// parsed from bytes, labels and types looked up once per distinct spelling), as the graph
    /// file reader does; no `String` or `Value` per field, no per-node index updates. Rows are
    /// checked as the general path checks them, with the same messages.
    struct BulkLoader {
        var builder = GraphBuilder()
        private var keyTags: [UInt32] = []
        private var payloads: [UInt32] = []
        /// The last label field and type field seen, as bytes, and what they stand for.
        private var lastLabels: (bytes: [UInt8], set: LabelSet)? = nil
        private var lastType: (bytes: [UInt8], symbol: Symbol)? = nil
        /// Where edge ends are found: the nodes read apart from the edges (by the parts of an
        /// import read at once), or nil for this loader's own builder.
        let nodes: GraphBuilder?

        init(nodes: GraphBuilder? = nil) { self.nodes = nodes }

        /// Column kinds with their key symbols.
        enum Column {
            case id, label, start, end, type, ignore
            case property(Symbol, name: String, type: String, array: Bool)
        }

        mutating func intern(_ kinds: [ColumnKind]) -> [Column] {
            kinds.map { kind in
                switch kind {
                case .id: .id
                case .label: .label
                case .start: .start
                case .end: .end
                case .type: .type
                case .ignore: .ignore
                case .property(let name, let type, let array): .property(builder.keys.intern(name), name: name, type: type, array: array)
                }
            }
        }

        mutating func addNode(_ columns: [Column], _ fields: CSVFields) throws(RowProblem) {
            keyTags.removeAll(keepingCapacity: true)
            payloads.removeAll(keepingCapacity: true)
            var id: UInt32? = nil
            var labels = LabelSet()
            for (index, column) in columns.enumerated() {
                switch column {
                case .id:
                    guard !fields.isEmpty(index) else { throw RowProblem(message: "a node needs a value in its :ID column", field: index) }
                    let string = fields.withBytes(index) { intern($0) }
                    if builder.node(withIDString: string) != nil || builder.idIndex.contains(string) {
                        throw RowProblem(message: "duplicate id \"\(builder.arena.string(string))\"", field: index)
                    }
                    id = string
                case .label:
                    labels = fields.withBytes(index) { self.labels($0) }
                case .property(let key, let name, let type, let array):
                    if fields.isEmpty(index) || key == builder.idKey { continue }
                    let (tag, payload) = try encode(fields, index, name: name, type: type, array: array)
                    keyTags.append(PropertyArena.keyTag(key, tag))
                    payloads.append(payload)
                default: break
                }
            }
            guard let id else { throw RowProblem(message: "a node needs a value in its :ID column", field: nil) }
            keyTags.insert(PropertyArena.keyTag(builder.idKey, .string), at: 0)
            payloads.insert(id, at: 0)
            keyTags.withUnsafeBufferPointer { keys in
                payloads.withUnsafeBufferPointer { builder.addNode(labels: labels, keyTags: keys, payloads: $0, id: id) }
            }
        }

        mutating func addEdge(_ columns: [Column], _ fields: CSVFields) throws(RowProblem) {
            keyTags.removeAll(keepingCapacity: true)
            payloads.removeAll(keepingCapacity: true)
            var type: Symbol? = nil
            var startField: Int? = nil, endField: Int? = nil
            for (index, column) in columns.enumerated() {
                switch column {
                case .start: startField = index
                case .end: endField = index
                case .type:
                    if !fields.isEmpty(index) { type = fields.withBytes(index) { self.type($0) } }
                case .property(let key, let name, let kind, let array):
                    if fields.isEmpty(index) { continue }
                    let (tag, payload) = try encode(fields, index, name: name, type: kind, array: array)
                    keyTags.append(PropertyArena.keyTag(key, tag))
                    payloads.append(payload)
                default: break
                }
            }
            if nodes != nil {
                // Ends are found later, all of a part's at once (see `resolveEnds`).
                guard let startField, let endField else {
                    throw RowProblem(message: "a relationship needs a :START_ID and an :END_ID column", field: nil)
                }
                pendingEnds.append(pendingEnd(fields, startField, isSource: true))
                pendingEnds.append(pendingEnd(fields, endField, isSource: false))
            } else {
                guard let startField, let source = fields.withBytes(startField, { node(withID: $0) }) else {
                    throw RowProblem(message: "unknown start node \"\(startField.map { fields.string($0) } ?? "")\"", field: startField)
                }
                guard let endField, let target = fields.withBytes(endField, { node(withID: $0) }) else {
                    throw RowProblem(message: "unknown end node \"\(endField.map { fields.string($0) } ?? "")\"", field: endField)
                }
                builder.edgeSource.append(source)
                builder.edgeTarget.append(target)
            }
            guard let type else { throw RowProblem(message: "a relationship needs a :TYPE", field: nil) }
            keyTags.withUnsafeBufferPointer { keys in
                payloads.withUnsafeBufferPointer { builder.addEdge(type: type, keyTags: keys, payloads: $0) }
            }
        }

        /// Edge ends not looked up yet (two an edge: source, target), when reading edges apart
        /// from their nodes; an end whose field is unescaped is kept spelled in `spelledEnds`.
        private(set) var pendingEnds: [EdgeEnd] = []
        private var spelledEnds: [[UInt8]] = []
        /// The file range of the last plain source, which the next edge often repeats.
        private var lastSource: Range<Int>? = nil

        private mutating func pendingEnd(_ fields: CSVFields, _ index: Int, isSource: Bool) -> EdgeEnd {
            if fields.unescaped[index] == nil {
                let range = fields.ranges[index]
                let repeats = isSource && lastSource.map { last in
                    last.count == range.count && memcmp(fields.file.baseAddress! + last.lowerBound, fields.file.baseAddress! + range.lowerBound, range.count) == 0
                } == true
                if let end = EdgeEnd(content: range, repeatsSource: repeats) {
                    if isSource { lastSource = range }
                    return end
                }
            }
            if isSource { lastSource = nil }
            spelledEnds.append(fields.withBytes(index) { Array($0) })
            return EdgeEnd(spelled: spelledEnds.count - 1)
        }

        /// Finds the nodes of the pending ends in `nodes` (all at once, their hash slots loaded
        /// ahead); false when an end names no node.
        mutating func resolveEnds(file: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let nodes else { return true }
            var (sources, targets, unresolved) = EdgeEndResolver.resolve(pendingEnds, file: file, builder: nodes, tasks: 1)
            for index in unresolved {
                let end = pendingEnds[index]
                let bytes = end.isSpelled ? spelledEnds[end.spelledIndex] : Array(file[end.content])
                guard let node = nodes.node(withID: String(decoding: bytes, as: UTF8.self)) else { return false }
                if index & 1 == 0 { sources[index / 2] = node } else { targets[index / 2] = node }
            }
            builder.edgeSource = sources
            builder.edgeTarget = targets
            pendingEnds = []
            return true
        }

        /// The node of this loader's own builder whose id is `bytes` (in NFC or not).
        private func node(withID bytes: UnsafeRawBufferPointer) -> NodeID? {
            let found = builder.arena.findString(bytes).flatMap { builder.node(withIDString: $0) }
            if found != nil || Normalization.isQuickNFC(utf8: bytes) { return found }
            return builder.node(withID: String(decoding: bytes, as: UTF8.self))
        }

        /// A string in the pool, in NFC.
        private mutating func intern(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
            if let string = builder.arena.internString(bytes, isNFC: { Normalization.isQuickNFC(utf8: $0) }) { return string }
            return builder.arena.internString(Normalization.nfc(String(decoding: bytes, as: UTF8.self)))
        }

        private mutating func labels(_ bytes: UnsafeRawBufferPointer) -> LabelSet {
            if let last = lastLabels, last.bytes.elementsEqual(bytes) { return last.set }
            let text = Normalization.nfc(String(decoding: bytes, as: UTF8.self))
            let set = LabelSet(text.split(separator: ";").map { builder.labels.intern(String($0)) })
            lastLabels = (Array(bytes), set)
            return set
        }

        private mutating func type(_ bytes: UnsafeRawBufferPointer) -> Symbol {
            if let last = lastType, last.bytes.elementsEqual(bytes) { return last.symbol }
            let symbol = builder.types.intern(Normalization.nfc(String(decoding: bytes, as: UTF8.self)))
            lastType = (Array(bytes), symbol)
            return symbol
        }

        /// A field in its stored form: strings, integers and dates from the bytes; the rest
        /// through the general conversion.
        private mutating func encode(_ fields: CSVFields, _ index: Int, name: String, type: String, array: Bool) throws(RowProblem) -> (StoredTag, UInt32) {
            if !array {
                switch type {
                case "string", "char": return (.string, fields.withBytes(index) { intern($0) })
                case "int", "long", "short", "byte":
                    if let number = fields.withBytes(index, Self.integer) { return builder.arena.encode(.int(number)) }
                case "date":
                    if let date = fields.withBytes(index, { PartialDate(isoBytes: $0) }) { return (.date, date.raw) }
                default: break
                }
            }
            guard let value = try CSVImporter.convert(fields.string(index), type, array, name, index) else { return builder.arena.encode(.null) }
            return builder.arena.encode(value.normalized())
        }

        /// Decimal digits with an optional sign (no blanks: those take the general path).
        private static func integer(_ bytes: UnsafeRawBufferPointer) -> Int64? {
            guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
            var index = 0, negative = false
            if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
                negative = bytes[0] == UInt8(ascii: "-")
                index = 1
                guard bytes.count > 1 else { return nil }
            }
            var value: Int64 = 0
            while index < bytes.count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
                index += 1
            }
            return negative ? -value : value
        }
    }
}

/// One CSV record's fields as byte ranges of the file; a quoted field with `""` inside is
/// unescaped into a buffer of its own.
struct CSVFields {
    let file: UnsafeRawBufferPointer
    /// Per field: its range in the file, or (when `unescaped[i]` is set) nothing.
    var ranges: [Range<Int>] = []
    var unescaped: [[UInt8]?] = []

    var count: Int { ranges.count }

    func isEmpty(_ index: Int) -> Bool { unescaped[index]?.isEmpty ?? ranges[index].isEmpty }

    func withBytes<T>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws(CSVImporter.RowProblem) -> T) throws(CSVImporter.RowProblem) -> T {
        if let bytes = unescaped[index] {
            let result = bytes.withUnsafeBytes { buffer in Result { () throws(CSVImporter.RowProblem) -> T in try body(buffer) } }
            return try result.get()
        }
        return try body(UnsafeRawBufferPointer(rebasing: file[ranges[index]]))
    }

    func withBytes<T>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        if let bytes = unescaped[index] { return bytes.withUnsafeBytes(body) }
        return body(UnsafeRawBufferPointer(rebasing: file[ranges[index]]))
    }

    func string(_ index: Int) -> String { withBytes(index) { String(decoding: $0, as: UTF8.self) } }
}
