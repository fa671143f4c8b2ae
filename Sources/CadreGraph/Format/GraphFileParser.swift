/// The parsing behind `GraphFileReader`: one pass over the bytes that adds nodes to a graph as
/// they come and keeps edges until every node is known.
struct GraphFileParser {
    /// Thrown to abandon a statement once its error is recorded.
    struct Abort: Error {}

    struct PendingEdge {
        var source: String
        var sourceRange: SourceRange
        var type: String
        var properties: [(String, Value)]
        var target: String
        var targetRange: SourceRange
    }

    let source: SourceText
    var reader: ByteReader
    var graph = Graph()
    var diagnostics: [Diagnostic] = []
    /// Where each node id was defined, for duplicate reports.
    var definitions: [String: Int] = [:]
    var pendingEdges: [PendingEdge] = []
    /// Open brackets: inside any, newlines are plain white space.
    var depth = 0

    init(source: SourceText) {
        self.source = source
        reader = ByteReader(source.bytes)
        if reader.match("\u{FEFF}") {} // a byte order mark is allowed and ignored
        graph.beginBulkLoad()
    }

    mutating func parseFile() {
        while diagnostics.count < GraphFileReader.maxErrors {
            skipTrivia(newlines: true)
            if reader.isAtEnd { return }
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
        try expect(UInt8(ascii: "("), "expected `(` to start a node or an edge")
        skipTrivia()
        if reader.peek == UInt8(ascii: "\"") || reader.peek == UInt8(ascii: "'") {
            try parseEdge(start: start)
        } else {
            try parseNode(start: start)
        }
        skipTrivia()
        if !reader.isAtEnd && reader.peek != UInt8(ascii: "\n") && reader.peek != UInt8(ascii: "\r") {
            throw fail(.syntax, "expected the end of the line after a complete node or edge", at: .at(reader.offset))
        }
    }

    private mutating func parseNode(start: Int) throws(Abort) {
        var labels: [String] = []
        while reader.peek == UInt8(ascii: ":") {
            reader.advance()
            skipTrivia()
            labels.append(try parseName("a label"))
            skipTrivia()
        }
        var properties: [(String, Value)] = []
        var ranges: [SourceRange] = []
        if reader.peek == UInt8(ascii: "{") {
            (properties, ranges) = try parseMap()
            skipTrivia()
        }
        try expect(UInt8(ascii: ")"), "expected `)` to close the node")
        let whole = SourceRange(start: start, end: reader.offset)
        guard let idIndex = properties.firstIndex(where: { $0.0 == "id" }) else {
            throw fail(.semantic, "a node needs an `id` property, such as {id: \"person:tran-quoc-trung\"}", at: whole)
        }
        if case .string(let id) = properties[idIndex].1 {
            if let first = definitions[id] {
                throw fail(.semantic, "duplicate id \"\(id)\"", at: ranges[idIndex],
                           notes: ["first defined at \(source.location(of: first))"])
            }
            // Registered before the other checks, so edges to a node with a bad value are not
            // reported as edges to an unknown node as well.
            definitions[id] = ranges[idIndex].start
        }
        try checkSchema(properties, ranges)
        graph.addNode(labels: labels, properties: properties)
    }

    private mutating func parseEdge(start: Int) throws(Abort) {
        let (sourceID, sourceRange) = try parseReference()
        try expect(UInt8(ascii: ")"), "expected `)` after the source node's id")
        skipTrivia()
        guard reader.match("-[") else {
            throw fail(.syntax, "expected `-[` after the source node", at: .at(reader.offset))
        }
        depth += 1
        skipTrivia()
        try expect(UInt8(ascii: ":"), "expected `:` and the edge type, as in -[:HELD]->")
        skipTrivia()
        let type = try parseName("an edge type")
        skipTrivia()
        var properties: [(String, Value)] = []
        if reader.peek == UInt8(ascii: "{") {
            let (parsed, ranges) = try parseMap()
            try checkSchema(parsed, ranges)
            properties = parsed
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
        let (targetID, targetRange) = try parseReference()
        try expect(UInt8(ascii: ")"), "expected `)` after the target node's id")
        // Edges usually follow their nodes (the canonical order): add them at once, and keep
        // only those naming a node not read yet.
        if diagnostics.isEmpty, let source = graph.node(withID: sourceID), let target = graph.node(withID: targetID) {
            graph.addEdge(from: source, to: target, type: type, properties: properties)
            return
        }
        pendingEdges.append(PendingEdge(source: sourceID, sourceRange: sourceRange, type: type,
                                        properties: properties, target: targetID, targetRange: targetRange))
    }

    /// `"node-id"` inside the parentheses of an edge end.
    private mutating func parseReference() throws(Abort) -> (String, SourceRange) {
        let start = reader.offset
        guard reader.peek == UInt8(ascii: "\"") || reader.peek == UInt8(ascii: "'") else {
            throw fail(.syntax, "expected a quoted node id", at: .at(reader.offset))
        }
        let id = try parseString()
        let range = SourceRange(start: start, end: reader.offset)
        skipTrivia()
        return (id, range)
    }

    /// Adds the kept edges once all nodes are known; an unknown end is an error.
    mutating func resolveEdges() {
        for edge in pendingEdges {
            guard diagnostics.count < GraphFileReader.maxErrors else { return }
            let sourceNode = graph.node(withID: edge.source)
            let targetNode = graph.node(withID: edge.target)
            // A node with an error was not added but is defined: only a truly unknown id is reported.
            if sourceNode == nil && definitions[edge.source] == nil {
                record(.semantic, "edge from unknown node id \"\(edge.source)\"", at: edge.sourceRange)
            }
            if targetNode == nil && definitions[edge.target] == nil {
                record(.semantic, "edge to unknown node id \"\(edge.target)\"", at: edge.targetRange)
            }
            if let sourceNode, let targetNode, diagnostics.isEmpty {
                graph.addEdge(from: sourceNode, to: targetNode, type: edge.type, properties: edge.properties)
            }
        }
    }

    private mutating func checkSchema(_ properties: [(String, Value)], _ ranges: [SourceRange]) throws(Abort) {
        for (index, (key, value)) in properties.enumerated() where !value.isNull {
            if let expected = PropertySchema.violation(key: key, value: value) {
                throw fail(.type, "`\(key)` must be \(expected.description), not \(describe(value))", at: ranges[index])
            }
        }
    }

    private func describe(_ value: Value) -> String {
        switch value {
        case .string(let text): "the string \"\(text.count > 30 ? String(text.prefix(30)) + "…" : text)\""
        case .list: "a list of \(value.literal.count > 40 ? "other values" : value.literal)"
        default: "\(value.typeName) \(value.literal)"
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

    mutating func expect(_ byte: UInt8, _ message: String) throws(Abort) {
        guard reader.match(byte) else { throw fail(.syntax, message, at: .at(reader.offset)) }
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
    mutating func skipTrivia(newlines: Bool = false) {
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
