import CadreQuery

/// Where the cursor stands in a partly typed statement: the word under it, and what may go
/// there. Read from the query lexer's tokens of the text before the cursor (`Lexer(typed:)`),
/// so strings, comments and backquoted names are taken as the parser takes them.
struct CypherContext {
    enum Kind: Equatable {
        case code
        case label
        case relationshipType
        case property(variable: String)
        case parameter
        /// Inside a quoted string; the key before it, as in `{id: '` or `n.name ~ '`.
        case string(key: String?)
    }

    let kind: Kind
    let word: String
    /// The tokens before the cursor (the word under it included).
    private let tokens: [Token]

    init(_ bytes: [UInt8]) {
        let scan = Lexer.typedTokens(bytes)
        tokens = scan.tokens
        if case .string = scan.open {
            word = String(decoding: bytes[(scan.openStart + 1)...], as: UTF8.self)
            kind = .string(key: Self.key(before: tokens[...]))
            return
        }
        var before = tokens[...]
        // The word under the cursor: a name, number or parameter the text ends in.
        if let last = before.last, last.range.end == bytes.count,
           last.kind == .identifier || last.kind == .integer || last.kind == .parameter {
            word = last.kind == .integer ? String(decoding: bytes[last.range.start..<last.range.end], as: UTF8.self) : last.text
            before = before.dropLast()
            if last.kind == .parameter {
                kind = .parameter
                return
            }
        } else {
            word = ""
        }
        switch before.last?.kind == .symbol ? before.last!.text : "" {
        case ":", "|":
            let open = Self.openBracket(before)
            kind = open == "[" ? .relationshipType : (open == "(" ? .label : .code)
        case ".":
            let owner = before.dropLast().last
            kind = .property(variable: owner.map { $0.kind == .identifier || $0.kind == .quotedIdentifier ? $0.text : "" } ?? "")
        default:
            kind = .code
        }
    }

    /// The innermost bracket open at the end of `tokens`.
    private static func openBracket(_ tokens: ArraySlice<Token>) -> String? {
        var brackets: [String] = []
        for token in tokens where token.kind == .symbol {
            switch token.text {
            case "(", "[", "{": brackets.append(token.text)
            case ")", "]", "}": if !brackets.isEmpty { brackets.removeLast() }
            default: break
            }
        }
        return brackets.last
    }

    /// `id` in `{id: '`, `name` in `n.name ~ '` or `n.name STARTS WITH '`.
    private static func key(before tokens: ArraySlice<Token>) -> String? {
        var rest = tokens
        let operators: Set<String> = [":", "=", "~", "=~", "<>", "<", ">", "<=", ">="]
        let words: Set<String> = ["STARTS", "ENDS", "WITH", "CONTAINS", "IN"]
        while let last = rest.last, last.kind == .symbol && operators.contains(last.text) || last.kind == .identifier && words.contains(last.text.uppercased()) {
            rest.removeLast()
        }
        guard let last = rest.last, last.kind == .identifier || last.kind == .quotedIdentifier else { return nil }
        return last.text
    }

    /// Labels given to `variable` anywhere in the statement: `(p:Person)`, `(p:Person:Leader)`.
    func labels(of variable: String) -> [String] {
        var found: [String] = []
        for index in tokens.indices.dropLast(2) where tokens[index].isSymbol("(") && tokens[index + 1].text == variable
            && tokens[index + 1].kind != .string {
            var next = index + 2
            while next + 1 < tokens.count && tokens[next].isSymbol(":") && tokens[next + 1].kind != .symbol {
                found.append(tokens[next + 1].text)
                next += 2
            }
        }
        return found
    }

    /// Variables declared so far: names right after `(` or `[`, and after AS.
    var variables: [String] {
        var names: [String] = []
        for index in tokens.indices.dropLast() {
            let next = tokens[index + 1]
            guard next.kind == .identifier || next.kind == .quotedIdentifier else { continue }
            if tokens[index].isSymbol("(") || tokens[index].isSymbol("[") || tokens[index].isKeyword("AS") { names.append(next.text) }
        }
        return names
    }
}
