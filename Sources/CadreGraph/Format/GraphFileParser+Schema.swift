extension GraphFileParser {
    /// A `schema` statement (graph/README.md): `schema (:Label {key: TYPE, …})`, `schema ({…})`
    /// for every node, `schema ()-[:TYPE {…}]->()`, `schema ()-[{…}]->()` for every edge. They
    /// come before the first node or edge, so every part of a file read at once knows them.
    mutating func parseSchemaStatement() throws(Abort) {
        let start = reader.offset
        guard reader.match("schema"), !reader.peek.isIdentifierPart else {
            throw fail(.syntax, "expected `(` to start a node or an edge, or `schema` to declare types", at: .at(start))
        }
        if sawEntity {
            throw fail(.semantic, "`schema` statements come before the first node or edge", at: SourceRange(start: start, end: reader.offset))
        }
        skipTrivia()
        try expect(UInt8(ascii: "("), "expected `(` after `schema`, as in schema (:Person {born: DATE})")
        skipTrivia()
        if reader.match(UInt8(ascii: ")")) {
            depth -= 1
            skipTrivia()
            guard reader.match("-[") else { throw fail(.syntax, "expected `-[` after `()`, as in schema ()-[:HELD {from: DATE}]->()", at: .at(reader.offset)) }
            depth += 1
            skipTrivia()
            var type: String? = nil
            if reader.match(UInt8(ascii: ":")) {
                skipTrivia()
                type = Normalization.nfc(try parseName("an edge type"))
                skipTrivia()
            }
            try parseSchemaMap(.edges(type: type))
            skipTrivia()
            guard reader.match("]->") else { throw fail(.syntax, "expected `]->()` to close the edge", at: .at(reader.offset)) }
            depth -= 1
            skipTrivia()
            try expect(UInt8(ascii: "("), "expected `()` after `]->`")
            skipTrivia()
            try expect(UInt8(ascii: ")"), "expected `)`: the far node of a schema edge is written `()`")
        } else {
            var label: String? = nil
            if reader.match(UInt8(ascii: ":")) {
                skipTrivia()
                label = Normalization.nfc(try parseName("a label"))
                skipTrivia()
            }
            try parseSchemaMap(.nodes(label: label))
            skipTrivia()
            try expect(UInt8(ascii: ")"), "expected `)` to close the node")
        }
    }

    /// `{key: TYPE, …}`: each key's declaration, added to `schema`.
    private mutating func parseSchemaMap(_ scope: GraphSchema.Scope) throws(Abort) {
        try expect(UInt8(ascii: "{"), "expected `{` and the declared keys, as in {born: DATE}")
        skipTrivia()
        var seen = Set<String>()
        while reader.peek != UInt8(ascii: "}") {
            let keyStart = reader.offset
            let key = Normalization.nfc(try parseName("a property key"))
            guard seen.insert(key).inserted else {
                throw fail(.semantic, "duplicate key `\(key)` in this map", at: SourceRange(start: keyStart, end: reader.offset))
            }
            skipTrivia()
            guard reader.match(UInt8(ascii: ":")) else { throw fail(.syntax, "expected `:` and a type after `\(key)`", at: .at(reader.offset)) }
            skipTrivia()
            schema.declare(GraphSchema.Declaration(scope, key, try parseSchemaType(nesting: 0)))
            skipTrivia()
            if !reader.match(UInt8(ascii: ",")) { break }
            skipTrivia()
        }
        try expect(UInt8(ascii: "}"), "expected `,` or `}` in the map")
    }

    /// `STRING`, `INTEGER`, `FLOAT`, `BOOLEAN`, `DATE`, `LIST<type>`, a quoted string (one
    /// allowed value), and unions of those with `|`.
    private mutating func parseSchemaType(nesting: Int) throws(Abort) -> GraphSchema.PropertyType {
        guard nesting < 16 else { throw fail(.syntax, "types nested too deeply", at: .at(reader.offset)) }
        var members: [GraphSchema.PropertyType] = []
        var choices: [String] = []
        repeat {
            skipTrivia()
            if reader.peek == UInt8(ascii: "\"") || reader.peek == UInt8(ascii: "'") {
                choices.append(Normalization.nfc(try parseString()))
            } else {
                members.append(try parseSchemaTypeName(nesting: nesting))
            }
            skipTrivia()
        } while reader.match(UInt8(ascii: "|"))
        if !choices.isEmpty { members.append(.choice(choices)) }
        return members.count == 1 ? members[0] : .union(members)
    }

    private mutating func parseSchemaTypeName(nesting: Int) throws(Abort) -> GraphSchema.PropertyType {
        let start = reader.offset
        while reader.peek.isIdentifierPart { reader.advance() }
        let word = reader.text(from: start).uppercased()
        switch word {
        case "STRING": return .string
        case "INTEGER", "INT": return .integer
        case "FLOAT": return .float
        case "BOOLEAN", "BOOL": return .boolean
        case "DATE": return .date
        case "LOCALTIME": return .localTime
        case "TIME": return .time
        case "LOCALDATETIME": return .localDateTime
        case "DATETIME": return .dateTime
        case "DURATION": return .duration
        case "LIST":
            skipTrivia()
            guard reader.match(UInt8(ascii: "<")) else { throw fail(.syntax, "expected `<` after LIST, as in LIST<STRING>", at: .at(reader.offset)) }
            let item = try parseSchemaType(nesting: nesting + 1)
            skipTrivia()
            guard reader.match(UInt8(ascii: ">")) else { throw fail(.syntax, "expected `>` to close LIST<…>", at: .at(reader.offset)) }
            return .list(item)
        default:
            throw fail(.syntax, "expected a type: STRING, INTEGER, FLOAT, BOOLEAN, DATE, LIST<…> or a quoted string",
                       at: SourceRange(start: start, end: max(reader.offset, start + 1)))
        }
    }
}
