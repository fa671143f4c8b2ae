import Dispatch

/// The parsing behind `GraphFileReader`: one pass over the bytes of a file, or of a part of it
/// (`GraphFileReader` parses a large file in parts at once and joins them), that adds nodes and
/// edges to a builder as they come; edge ends are kept as written and resolved once every node
/// is known (`resolveEdges`).
///
/// The common path builds no `String` and no `Value`: names are interned from their bytes (a
/// parser-local pool maps them to symbols), string values are interned into the graph's pool
/// from their bytes, dates are parsed from bytes, and properties are collected in scratch arrays
/// reused from statement to statement. Anything unusual (escapes, lists, maps, non-NFC text)
/// takes the general path through `Value`.
struct GraphFileParser {
    /// Thrown to abandon a statement once its error is recorded.
    struct Abort: Error {}

    enum NameKind: Int { case label = 0, type, key }

    /// One `key: value` of the statement being read; `tag` nil for a null value.
    struct Entry {
        var key: Symbol
        var tag: StoredTag?
        var payload: UInt32
        var range: SourceRange
        var keyRange: SourceRange
    }

    /// The file's name, for diagnostics.
    let name: String
    var reader: ByteReader
    var builder = GraphBuilder()
    var diagnostics: [Diagnostic] = []
    /// Where each node's id is written, by node handle, for duplicate reports.
    var definedAt: [UInt32] = []
    /// Ids (pool indexes) of nodes that had an error after their id was read: they are defined
    /// (edges to them are not reported again) but not in the builder.
    var failedDefinitions: [UInt32: Int] = [:]
    /// Two per edge, source then target, in the order of `builder`'s edges: resolved once every
    /// node is known (`resolveEdges`).
    var edgeEnds: [EdgeEnd] = []
    /// Ids of edge ends written with escapes (NFC), and where.
    var spelledIDs: [(id: String, range: SourceRange)] = []
    /// Open brackets: inside any, newlines are plain white space.
    var depth = 0
    /// How many lists and maps the value being read is inside.
    var valueNesting = 0
    static let maximumValueNesting = Value.maximumNesting

    /// Names read so far, and the symbol each stands for as a label, a type and a key.
    var names = StringPool()
    /// At `3 * name + kind`; `UInt32.max` when not looked up yet.
    var nameSymbols: [UInt32] = []
    /// Names of up to 15 bytes seen last (256 slots per kind; see `parseSymbol`).
    var seenNames = [SeenName](repeating: SeenName(), count: 256 * 3)

    struct SeenName {
        /// The name's bytes and the byte after it, as two little-endian words under their masks.
        var first: UInt64 = 0, second: UInt64 = 0, firstMask: UInt64 = 0, secondMask: UInt64 = 0
        /// 0 for an empty slot.
        var length: UInt32 = 0
        var symbol = Symbol(0)
    }
    /// The types the file declares (`schema` statements, before any node or edge).
    var schema = GraphSchema()
    /// A node or an edge was read: no `schema` statement may follow.
    var sawEntity = false
    /// Per key symbol, its declarations, looked up once per key (`learnSchema`), and the stored
    /// types every one of them accepts without a look at the value, one bit per `StoredTag`
    /// (bit 15: looked up).
    var keyDeclarations: [[GraphSchema.Declaration]] = []
    var storedTagsAccepted: [UInt16] = []

    /// The bytes of the previous edge's source: edges of one node come together in a canonical
    /// file, so most sources repeat it and are resolved once.
    var lastSource: Range<Int>?

    /// Per key symbol, the last plain string value read under it (its bytes in the file and
    /// its pool index): values such as `status: "ended"` repeat from statement to statement.
    var lastValues: [(content: Range<Int>, string: UInt32)?] = []

    /// The properties of the statement being read.
    let scratch = Scratch()

    /// Room for one statement's properties, reused by every statement: plain memory that only
    /// grows, appended to without an array's checks (its one user is the parser that made it).
    final class Scratch {
        private(set) var entries: UnsafeMutablePointer<Entry>
        /// The entries without nulls, encoded (`encode`).
        private(set) var keyTags: UnsafeMutablePointer<UInt32>
        private(set) var payloads: UnsafeMutablePointer<UInt32>
        private(set) var count = 0
        private var capacity = 16

        init() {
            entries = .allocate(capacity: capacity)
            keyTags = .allocate(capacity: capacity)
            payloads = .allocate(capacity: capacity)
        }

        deinit {
            entries.deallocate()
            keyTags.deallocate()
            payloads.deallocate()
        }

        var all: UnsafeBufferPointer<Entry> { UnsafeBufferPointer(start: entries, count: count) }

        func removeAll() { count = 0 }

        func append(_ entry: Entry) {
            if count == capacity { grow() }
            (entries + count).initialize(to: entry)
            count += 1
        }

        /// The entries without nulls, as `PropertyArena` stores them.
        func encode() -> (keyTags: UnsafeBufferPointer<UInt32>, payloads: UnsafeBufferPointer<UInt32>) {
            var encoded = 0
            for entry in all {
                guard let tag = entry.tag else { continue }
                keyTags[encoded] = PropertyArena.keyTag(entry.key, tag)
                payloads[encoded] = entry.payload
                encoded += 1
            }
            return (UnsafeBufferPointer(start: keyTags, count: encoded), UnsafeBufferPointer(start: payloads, count: encoded))
        }

        private func grow() {
            capacity *= 2
            let entries = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
            entries.moveInitialize(from: self.entries, count: count)
            self.entries.deallocate()
            self.entries = entries
            keyTags.deallocate()
            keyTags = .allocate(capacity: capacity)
            payloads.deallocate()
            payloads = .allocate(capacity: capacity)
        }
    }

    /// Statements are read from those that start in `part` (the whole file by default).
    let part: Range<Int>

    init(name: String, bytes: ByteBuffer, part: Range<Int>? = nil) {
        self.name = name
        self.part = part ?? 0..<bytes.bytes.count
        reader = ByteReader(bytes, offset: self.part.lowerBound)
        if reader.offset == 0 && reader.match("\u{FEFF}") {} // a byte order mark is allowed and ignored
        // Generous estimates from the size (a statement takes 40 bytes or more, a property 12
        // or more), so the arrays never grow by copying while the file is read.
        let size = self.part.count
        builder.reserve(nodes: size / 40, edges: size / 40, properties: size / 12)
        edgeEnds.reserveLargeCapacity(size / 20)
    }

    /// A value written in the file format's syntax (a snapshot's boxed values), or nil.
    static func value(fromLiteral literal: String) -> Value? {
        var parser = GraphFileParser(name: "<value>", bytes: ByteBuffer(copying: Array(literal.utf8)))
        guard let value = try? parser.parseValue(), parser.reader.isAtEnd, parser.diagnostics.isEmpty else { return nil }
        return value
    }

    /// Reads the statements that start in `part`; the last may run past it (only in a file with
    /// an error: a line that starts with `(` always starts a statement). The part is checked to
    /// be UTF-8 first: if it is not, its first bad byte is reported and nothing is parsed.
    mutating func parseFile() {
        if let bad = UTF8Validation.firstInvalidOffset(in: UnsafeBufferPointer(rebasing: reader.bytes[part])) {
            let offset = part.lowerBound + bad
            let byte = String(reader.bytes[offset], radix: 16, uppercase: true)
            record(.syntax, "invalid UTF-8 (byte 0x\(byte)); the file must be UTF-8 text", at: SourceRange(start: offset, end: offset + 1))
            return
        }
        while diagnostics.count < GraphFileReader.maxErrors {
            skipTrivia(newlines: true)
            if reader.offset >= part.upperBound { return }
            do {
                try parseStatement()
            } catch {
                recover()
            }
        }
    }

    // MARK: Statements

    private mutating func parseStatement() throws(Abort) {
        let start = reader.offset
        if reader.peek == UInt8(ascii: "s") {
            try parseSchemaStatement()
            try expectLineEnd()
            return
        }
        sawEntity = true
        try expect(UInt8(ascii: "("), "expected `(` to start a node or an edge")
        skipTrivia()
        if reader.peek == UInt8(ascii: "\"") || reader.peek == UInt8(ascii: "'") {
            try parseEdge(start: start)
        } else {
            try parseNode(start: start)
        }
        try expectLineEnd()
    }

    private mutating func expectLineEnd() throws(Abort) {
        skipTrivia()
        if !reader.isAtEnd && reader.peek != UInt8(ascii: "\n") && reader.peek != UInt8(ascii: "\r") {
            throw fail(.syntax, "expected the end of the line after a complete statement", at: .at(reader.offset))
        }
    }

    private mutating func parseNode(start: Int) throws(Abort) {
        var labels = LabelSet()
        while reader.peek == UInt8(ascii: ":") {
            reader.advance()
            skipTrivia()
            labels.insert(try parseSymbol(.label, "a label"))
            skipTrivia()
        }
        scratch.removeAll()
        if reader.peek == UInt8(ascii: "{") {
            try parseProperties()
            skipTrivia()
        }
        try expect(UInt8(ascii: ")"), "expected `)` to close the node")
        let whole = SourceRange(start: start, end: reader.offset)
        guard let idEntry = scratch.all.first(where: { $0.key == builder.idKey && $0.tag != nil }) else {
            throw fail(.semantic, "a node needs an `id` property, such as {id: \"person:tran-quoc-trung\"}", at: whole)
        }
        guard idEntry.tag == .string else {
            throw fail(.type, "`id` must be a string, not \(describe(builder.arena.decode(tag: idEntry.tag!, payload: idEntry.payload)))",
                       at: idEntry.range)
        }
        var id: UInt32?
        if idEntry.tag == .string {
            let string = UInt32(truncatingIfNeeded: idEntry.payload)
            let first = builder.node(withIDString: string).map { Int(definedAt[$0.index]) } ?? failedDefinitions[string]
            if let first {
                throw fail(.semantic, "duplicate id \"\(builder.arena.string(string))\"", at: idEntry.range,
                           notes: ["first defined at \(SourceText(name: name, bytes: Array(reader.bytes)).location(of: first))"])
            }
            id = string
        }
        do {
            try checkSchema(labels: labels, type: nil)
        } catch {
            // Defined all the same, so edges to a node with a bad value are not reported as
            // edges to an unknown node as well.
            if let id { failedDefinitions[id] = idEntry.range.start }
            throw error
        }
        let (keyTags, payloads) = scratch.encode()
        builder.addNode(labels: labels, keyTags: keyTags, payloads: payloads, id: id)
        definedAt.append(UInt32(idEntry.range.start))
    }

    private mutating func parseEdge(start: Int) throws(Abort) {
        let source = try parseReference(isSource: true)
        try expect(UInt8(ascii: ")"), "expected `)` after the source node's id")
        skipTrivia()
        guard reader.match("-[") else {
            throw fail(.syntax, "expected `-[` after the source node", at: .at(reader.offset))
        }
        depth += 1
        skipTrivia()
        try expect(UInt8(ascii: ":"), "expected `:` and the edge type, as in -[:HELD]->")
        skipTrivia()
        let type = try parseSymbol(.type, "an edge type")
        skipTrivia()
        scratch.removeAll()
        if reader.peek == UInt8(ascii: "{") {
            try parseProperties()
            try checkSchema(labels: nil, type: type)
            skipTrivia()
        }
        guard reader.match("]->") else {
            if reader.match("]-") {
                throw fail(.syntax, "edges are written source first: use `]->`", at: SourceRange(start: reader.offset - 2, end: reader.offset))
            }
            throw fail(.syntax, "expected `]->` after the edge", at: .at(reader.offset))
        }
        depth -= 1
        skipTrivia()
        try expect(UInt8(ascii: "("), "expected `(` and the target node's id")
        skipTrivia()
        let target = try parseReference(isSource: false)
        try expect(UInt8(ascii: ")"), "expected `)` after the target node's id")
        let (keyTags, payloads) = scratch.encode()
        builder.addEdge(type: type, keyTags: keyTags, payloads: payloads)
        edgeEnds.append(source)
        edgeEnds.append(target)
    }

    /// `"node-id"` inside the parentheses of an edge end, kept as written.
    private mutating func parseReference(isSource: Bool) throws(Abort) -> EdgeEnd {
        let start = reader.offset
        guard reader.peek == UInt8(ascii: "\"") || reader.peek == UInt8(ascii: "'") else {
            throw fail(.syntax, "expected a quoted node id", at: .at(reader.offset))
        }
        if let content = scanPlainString() {
            let repeats = isSource && lastSource.map { last in
                last.count == content.count
                    && StringPool.equal(reader.bytes.baseAddress! + last.lowerBound, reader.bytes.baseAddress! + content.lowerBound, content.count)
            } == true
            if let end = EdgeEnd(content: content, repeatsSource: repeats) {
                if isSource { lastSource = content }
                skipTrivia()
                return end
            }
            reader.offset = start
        }
        let id = try parseString()
        spelledIDs.append((Normalization.nfc(id), SourceRange(start: start, end: reader.offset)))
        if isSource { lastSource = nil }
        skipTrivia()
        return EdgeEnd(spelled: spelledIDs.count - 1)
    }

    /// Joins parsers of consecutive parts of one file (none with an error) into the parser
    /// that read the whole file (see `GraphBuilder.joined`); nil when their ids clash. The
    /// parsers give up their builders on the way.
    static func joined(_ parts: inout [GraphFileParser]) -> GraphFileParser? {
        var builders: [GraphBuilder] = []
        for index in parts.indices {
            builders.append(parts[index].builder)
            parts[index].builder = GraphBuilder()
        }
        guard let (builder, maps) = GraphBuilder.joined(&builders) else { return nil }
        var joined = parts[0]
        joined.builder = builder
        var spelledBases: [Int] = [], spelledCount = 0
        for part in parts {
            spelledBases.append(spelledCount)
            spelledCount += part.spelledIDs.count
        }
        joined.spelledIDs = parts.flatMap(\.spelledIDs)
        let ends = parts.map(\.edgeEnds), bases = spelledBases
        joined.edgeEnds = [EdgeEnd](unsafeUninitializedCapacity: 2 * maps.last!.edges + ends.last!.count) { joinedEnds, initialized in
            HugePages.advise(joinedEnds)
            if let first = joinedEnds.baseAddress {
                let output = SendablePointer(first)
                DispatchQueue.concurrentPerform(iterations: ends.count) { index in
                    let target = output.pointer + 2 * maps[index].edges, base = bases[index]
                    for (offset, end) in ends[index].enumerated() {
                        (target + offset).initialize(to: end.isSpelled ? EdgeEnd(spelled: base + end.spelledIndex) : end)
                    }
                }
            }
            initialized = joinedEnds.count
        }
        return joined
    }

    /// Gives every edge its ends once all nodes are known; an unknown end is an error.
    mutating func resolveEdges() {
        var (sources, targets, unresolved) = EdgeEndResolver.resolve(edgeEnds, file: reader.bytes, builder: builder)
        for index in unresolved {
            guard diagnostics.count < GraphFileReader.maxErrors,
                  let node = resolveSlowly(edgeEnds[index], direction: index & 1 == 0 ? "from" : "to") else { continue }
            if index & 1 == 0 { sources[index / 2] = node } else { targets[index / 2] = node }
        }
        if diagnostics.isEmpty {
            builder.edgeSource = sources
            builder.edgeTarget = targets
        }
    }

    /// The node of an end the resolver left: spelled with escapes, or not in NFC as written;
    /// an unknown id is reported, unless a node with an error defined it.
    private mutating func resolveSlowly(_ end: EdgeEnd, direction: String) -> NodeID? {
        let id: String, range: SourceRange
        if end.isSpelled {
            (id, range) = spelledIDs[end.spelledIndex]
        } else {
            id = Normalization.nfc(String(decoding: reader.bytes[end.content], as: UTF8.self))
            range = end.range
        }
        if let node = builder.node(withID: id) { return node }
        var text = id
        let string = text.withUTF8 { builder.arena.findString(UnsafeRawBufferPointer($0)) }
        if string.flatMap({ failedDefinitions[$0] }) == nil {
            record(.semantic, "edge \(direction) unknown node id \"\(id)\"", at: range)
        }
        return nil
    }

    // MARK: Properties

    /// `{key: value, ...}` of a node or an edge, into `scratch`.
    mutating func parseProperties() throws(Abort) {
        try expect(UInt8(ascii: "{"), "expected `{`")
        skipTrivia()
        while reader.peek != UInt8(ascii: "}") {
            let keyStart = reader.offset
            let key = try parseSymbol(.key, "a property key")
            let keyRange = SourceRange(start: keyStart, end: reader.offset)
            if scratch.all.contains(where: { $0.key == key }) {
                throw fail(.semantic, "duplicate key `\(builder.keys.name(key))` in this map", at: keyRange)
            }
            skipTrivia()
            if !reader.match(UInt8(ascii: ":")) {
                throw fail(.syntax, "expected `:` after the key `\(builder.keys.name(key))`", at: .at(reader.offset))
            }
            skipTrivia()
            let valueStart = reader.offset
            let (tag, payload) = try parseStoredValue(key)
            scratch.append(Entry(key: key, tag: tag, payload: payload,
                                 range: SourceRange(start: valueStart, end: reader.offset), keyRange: keyRange))
            skipTrivia()
            if !reader.match(UInt8(ascii: ",")) { break }
            skipTrivia()
        }
        try expect(UInt8(ascii: "}"), "expected `,` or `}` in the map")
    }

    /// One property value in its stored form (tag nil for null): plain strings and dates
    /// straight from the bytes, the rest through `parseValue`.
    private mutating func parseStoredValue(_ key: Symbol) throws(Abort) -> (StoredTag?, UInt32) {
        let peek = reader.peek
        if peek == UInt8(ascii: "\"") || peek == UInt8(ascii: "'"), let content = scanPlainString() {
            if key.index < lastValues.count, let last = lastValues[key.index], last.content.count == content.count,
               StringPool.equal(reader.bytes.baseAddress! + last.content.lowerBound, reader.bytes.baseAddress! + content.lowerBound, content.count) {
                return (.string, last.string)
            }
            let string = internString(content)
            while lastValues.count <= key.index { lastValues.append(nil) }
            lastValues[key.index] = (content, string)
            return (.string, string)
        }
        if peek == UInt8(ascii: "d"), let date = scanPlainDate() {
            return (.date, date.raw)
        }
        let value = try parseValue()
        if value.isNull { return (nil, 0) }
        let (tag, payload) = builder.arena.encode(value.normalized())
        return (tag, payload)
    }

    /// Interns the string in `content` (bytes of the source), normalized to NFC.
    private mutating func internString(_ content: Range<Int>) -> UInt32 {
        let slice = reader.raw(content)
        // Only a new string is checked: the pool holds NFC alone.
        if let string = builder.arena.internString(slice, isNFC: { Normalization.isQuickNFC(utf8: $0) }) { return string }
        return builder.arena.internString(Normalization.nfc(String(decoding: slice, as: UTF8.self)))
    }

    /// A quoted string without escapes on one line: its content's byte range, the reader moved
    /// past the closing quote. Nil (the reader unmoved) for anything else. (Static, over the
    /// reader alone: a method would copy the whole parser for each call.)
    private static func plainStringEnd(_ reader: borrowing ByteReader) -> Int? {
        let quote = reader.peek
        let bytes = reader.bytes
        var index = reader.offset + 1
        // Eight bytes at a time, up to the first that is the quote, a backslash or a control
        // character (line breaks among them; a tab, rare, is left to the general path). The
        // lowest marked byte of each mask is exactly the first match (a borrow only runs
        // upwards); the lowest byte of a word is the first (little-endian loads).
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = UInt64(quote) &* ones
        let base = UnsafeRawPointer(bytes.baseAddress!)
        @inline(__always) func below(_ word: UInt64, _ limit: UInt64) -> UInt64 { (word &- limit &* ones) & ~word & 0x8080_8080_8080_8080 }
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let found = below(word ^ quotes, 1) | below(word ^ (0x5C &* ones), 1) | below(word, 0x20)
            if found != 0 {
                let first = index + found.trailingZeroBitCount / 8
                return bytes[first] == quote ? first : nil
            }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote { return index }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    private mutating func scanPlainString() -> Range<Int>? {
        guard let end = Self.plainStringEnd(reader) else { return nil }
        let content = reader.offset + 1..<end
        reader.offset = end + 1
        return content
    }

    /// `date("YYYY-MM-DD")` written plainly, with a valid date; else nil, the reader unmoved
    /// (the general path then reads it, or reports what is wrong).
    private mutating func scanPlainDate() -> PartialDate? {
        let start = reader.offset
        // The usual form, `date("YYYY-MM-DD")`, read by position.
        if start + 18 <= reader.bytes.count {
            let bytes = reader.bytes.baseAddress! + start
            @inline(__always) func digits(_ at: Int, _ count: Int) -> Int? {
                var value = 0
                for index in at..<at + count {
                    let digit = bytes[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int(digit)
                }
                return value
            }
            if bytes[4] == UInt8(ascii: "("), bytes[5] == UInt8(ascii: "\""), bytes[10] == UInt8(ascii: "-"),
               bytes[13] == UInt8(ascii: "-"), bytes[16] == UInt8(ascii: "\""), bytes[17] == UInt8(ascii: ")"),
               bytes[0] == UInt8(ascii: "d"), bytes[1] == UInt8(ascii: "a"), bytes[2] == UInt8(ascii: "t"), bytes[3] == UInt8(ascii: "e"),
               let year = digits(6, 4), let month = digits(11, 2), let day = digits(14, 2),
               let date = PartialDate(year: year, month: month, day: day) {
                reader.offset = start + 18
                return date
            }
        }
        guard reader.match("date(\"") else { return nil }
        reader.offset -= 1
        guard let content = scanPlainString(), reader.match(UInt8(ascii: ")")),
              let date = PartialDate(isoBytes: UnsafeBufferPointer(rebasing: reader.bytes[content])) else {
            reader.offset = start
            return nil
        }
        return date
    }

    /// Checks the statement's properties against the declarations that apply to a node with
    /// `labels` or an edge of `type`.
    private mutating func checkSchema(labels: LabelSet?, type: Symbol?) throws(Abort) {
        if schema.isEmpty { return }
        for entry in scratch.all {
            guard let tag = entry.tag else { continue }
            let key = entry.key
            if key.index >= storedTagsAccepted.count || storedTagsAccepted[key.index] == 0 { learnSchema(of: key) }
            if storedTagsAccepted[key.index] & 1 << tag.rawValue != 0 { continue }
            let value = builder.arena.decode(tag: tag, payload: entry.payload)
            for declaration in keyDeclarations[key.index] where applies(declaration.scope, labels: labels, type: type) {
                if !declaration.type.matches(value) {
                    throw fail(.type, "`\(builder.keys.name(key))` must be \(declaration.type.description), not \(describe(value)) "
                               + "(declared \(declaration.place))", at: entry.range)
                }
            }
        }
    }

    private func applies(_ scope: GraphSchema.Scope, labels: LabelSet?, type: Symbol?) -> Bool {
        switch scope {
        case .nodes(nil): labels != nil
        case .nodes(let label?): labels?.contains { builder.labels.name($0) == label } ?? false
        case .edges(nil): type != nil
        case .edges(let declared?): type.map { builder.types.name($0) == declared } ?? false
        }
    }

    /// Looks up the declarations of `key`, and which stored types suit them all without a look
    /// at the value.
    private mutating func learnSchema(of key: Symbol) {
        while storedTagsAccepted.count <= key.index {
            keyDeclarations.append([])
            storedTagsAccepted.append(0)
        }
        let declarations = schema.declarations(of: builder.keys.name(key))
        var accepted: UInt16 = 1 << 15
        for tag in [StoredTag.bool, .int, .wideInt, .float, .string, .date, .boxed]
        where declarations.allSatisfy({ Self.storedTags(suiting: $0.type).contains(tag) }) {
            accepted |= 1 << tag.rawValue
        }
        keyDeclarations[key.index] = declarations
        storedTagsAccepted[key.index] = accepted
    }

    /// The stored types whose every value suits `type` (lists and choices need a look).
    private static func storedTags(suiting type: GraphSchema.PropertyType) -> [StoredTag] {
        switch type {
        case .string: [.string]
        case .integer: [.int, .wideInt]
        case .float: [.float]
        case .boolean: [.bool]
        case .date: [.date]
        case .localTime, .time, .localDateTime, .dateTime, .duration, .list, .choice: []
        case .union(let members): members.flatMap(storedTags(suiting:))
        }
    }

    private func describe(_ value: Value) -> String {
        switch value {
        case .string(let text): "the string \"\(text.count > 30 ? String(text.prefix(30)) + "…" : text)\""
        case .list: "a list of \(value.literal.count > 40 ? "other values" : value.literal)"
        default: "\(value.typeName) \(value.literal)"
        }
    }

    // MARK: Names

    /// A label, a type or a key, as its symbol in the builder.
    mutating func parseSymbol(_ kind: NameKind, _ what: String) throws(Abort) -> Symbol {
        let start = reader.offset
        guard reader.peek.isIdentifierStart else {
            return symbol(kind, for: try parseName(what))
        }
        // A name of up to 15 bytes is known by its bytes and the byte that ends it, when they
        // were seen before (at a slot chosen by the first four bytes).
        let fits = start + 16 <= reader.bytes.count
        var first: UInt64 = 0, second: UInt64 = 0, slot = 0
        if fits {
            let bytes = UnsafeRawPointer(reader.bytes.baseAddress! + start)
            first = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
            second = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            slot = Int(truncatingIfNeeded: ((first & 0xFFFF_FFFF) &* 0x9E37_79B9_7F4A_7C15) >> 56) * 3 + kind.rawValue
            let seen = seenNames[slot]
            if seen.length != 0 && first & seen.firstMask == seen.first && second & seen.secondMask == seen.second {
                reader.offset = start + Int(seen.length)
                return seen.symbol
            }
        }
        while reader.peek.isIdentifierPart { reader.advance() }
        let range = start..<reader.offset
        let symbol = try parseSymbolSlow(kind, range)
        if fits && range.count <= 15 {
            // The name and the byte after it, in the low bytes of the two words.
            let covered = range.count + 1
            let firstMask: UInt64 = covered >= 8 ? ~0 : 1 << (8 * covered) - 1
            let secondMask: UInt64 = covered <= 8 ? 0 : covered >= 16 ? ~0 : 1 << (8 * (covered - 8)) - 1
            seenNames[slot] = SeenName(first: first & firstMask, second: second & secondMask, firstMask: firstMask,
                                       secondMask: secondMask, length: UInt32(range.count), symbol: symbol)
        }
        return symbol
    }

    private mutating func parseSymbolSlow(_ kind: NameKind, _ range: Range<Int>) throws(Abort) -> Symbol {
        let slice = reader.raw(range)
        let index = names.intern(slice)
        let slot = 3 * Int(index) + kind.rawValue
        if slot < nameSymbols.count, nameSymbols[slot] != UInt32.max { return Symbol(nameSymbols[slot]) }
        let symbol = symbol(kind, for: names[index])
        while nameSymbols.count <= slot { nameSymbols.append(UInt32.max) }
        nameSymbols[slot] = symbol.raw
        return symbol
    }

    private mutating func symbol(_ kind: NameKind, for name: String) -> Symbol {
        let normalized = Normalization.nfc(name)
        switch kind {
        case .label: return builder.labels.intern(normalized)
        case .type: return builder.types.intern(normalized)
        case .key: return builder.keys.intern(normalized)
        }
    }

    // MARK: Errors

    mutating func record(_ kind: Diagnostic.Kind, _ message: String, at range: SourceRange, notes: [String] = []) {
        diagnostics.append(Diagnostic(kind, message, at: range, notes: notes))
    }

    /// Records an error and returns the `Abort` to throw.
    mutating func fail(_ kind: Diagnostic.Kind, _ message: String, at range: SourceRange, notes: [String] = []) -> Abort {
        record(kind, message, at: range, notes: notes)
        return Abort()
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8, _ message: @autoclosure () -> String) throws(Abort) {
        guard reader.match(byte) else { throw fail(.syntax, message(), at: .at(reader.offset)) }
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
        default: break
        }
    }

    /// Skips to the next line that starts with `(`: the next statement.
    private mutating func recover() {
        depth = 0
        while !reader.isAtEnd {
            if reader.advance() == UInt8(ascii: "\n") && reader.peek == UInt8(ascii: "(") { return }
        }
    }

    /// Skips blanks and `//` comments; newlines too inside brackets or when asked.
    @inline(__always)
    mutating func skipTrivia(newlines: Bool = false) {
        // Most often there is nothing to skip: no blank, line break or slash is above a space.
        let next = reader.peek
        if next > UInt8(ascii: " ") && next != UInt8(ascii: "/") { return }
        skipTriviaSlowly(newlines: newlines)
    }

    private mutating func skipTriviaSlowly(newlines: Bool) {
        while true {
            reader.skipBlanks(newlines: newlines || depth > 0)
            if reader.peek == UInt8(ascii: "/") && reader.peek(1) == UInt8(ascii: "/") {
                while !reader.isAtEnd && reader.peek != UInt8(ascii: "\n") { reader.advance() }
                continue
            }
            return
        }
    }
}
