import CadreGraph

/// A recursive-descent parser from tokens to `Statement`s, in jlox's vocabulary: `peek`,
/// `check`, `match`, `consume`. Every AST node keeps its source range.
public struct Parser {
    let source: SourceText
    var tokens: [Token]
    var position = 0
    /// How many expressions the parser is inside (see `nested`).
    var nesting = 0
    /// The deepest expression (and nesting of expressions) a statement may have: far more than
    /// a person writes, far less than the stack holds.
    static let maximumDepth = 200

    public init(_ source: SourceText) throws(QueryError) {
        self.source = source
        tokens = try Lexer.tokenize(source)
    }

    /// Parses one or more statements separated by `;`.
    public static func parse(_ source: SourceText) throws(QueryError) -> [Statement] {
        var parser = try Parser(source)
        return try parser.parseStatements()
    }

    mutating func parseStatements() throws(QueryError) -> [Statement] {
        var statements: [Statement] = []
        while true {
            while matchSymbol(";") {}
            if peek.kind == .end { break }
            statements.append(try parseStatement())
            if peek.kind != .end && !peek.isSymbol(";") {
                throw unexpected("`;` or the end of the statement")
            }
        }
        if statements.isEmpty {
            throw QueryError(.syntax, "empty query", at: peek.range)
        }
        return statements
    }

    mutating func parseStatement() throws(QueryError) -> Statement {
        let start = peek.range.start
        var parts = [try parseSingleQuery()]
        var unionAll: [Bool] = []
        while matchKeyword("UNION") {
            unionAll.append(matchKeyword("ALL"))
            parts.append(try parseSingleQuery())
        }
        return Statement(parts: parts, unionAll: unionAll, range: SourceRange(start: start, end: previousEnd))
    }

    mutating func parseSingleQuery() throws(QueryError) -> SingleQuery {
        var clauses: [Clause] = []
        while peek.kind == .identifier, let clause = try parseClause() {
            clauses.append(clause)
            if case .return = clause.kind { break }
        }
        if clauses.isEmpty { throw unexpected("a clause such as MATCH, CREATE or RETURN") }
        return SingleQuery(clauses: clauses)
    }

    /// The clause starting at the current token, or nil when it starts none.
    mutating func parseClause() throws(QueryError) -> Clause? {
        let start = peek.range.start
        let kind: Clause.Kind
        switch peek.text.uppercased() {
        case "MATCH":
            advance()
            kind = try parseMatch(optional: false)
        case "OPTIONAL":
            advance()
            try consumeKeyword("MATCH")
            kind = try parseMatch(optional: true)
        case "UNWIND":
            advance()
            let expression = try parseExpression()
            try consumeKeyword("AS")
            kind = .unwind(expression, variable: try consumeName("a variable name"))
        case "WITH":
            advance()
            let projection = try parseProjection(start: start)
            let predicate = matchKeyword("WHERE") ? try parseExpression() : nil
            kind = .with(projection, predicate: predicate)
        case "RETURN":
            advance()
            kind = .return(try parseProjection(start: start))
        case "CREATE":
            advance()
            kind = .create(try parsePatternList())
        case "MERGE":
            advance()
            kind = try parseMerge()
        case "SET":
            advance()
            kind = .set(try parseSetItems())
        case "REMOVE":
            advance()
            kind = .remove(try parseRemoveItems())
        case "DELETE":
            advance()
            kind = .delete(detach: false, try parseExpressionList())
        case "DETACH":
            advance()
            try consumeKeyword("DELETE")
            kind = .delete(detach: true, try parseExpressionList())
        default:
            return nil
        }
        return Clause(kind: kind, range: SourceRange(start: start, end: previousEnd))
    }

    private mutating func parseMatch(optional: Bool) throws(QueryError) -> Clause.Kind {
        let patterns = try parsePatternList()
        let predicate = matchKeyword("WHERE") ? try parseExpression() : nil
        return .match(optional: optional, patterns: patterns, predicate: predicate)
    }

    private mutating func parseMerge() throws(QueryError) -> Clause.Kind {
        let pattern = try parsePatternPart()
        var onCreate: [SetItem] = []
        var onMatch: [SetItem] = []
        while matchKeyword("ON") {
            if matchKeyword("CREATE") {
                try consumeKeyword("SET")
                onCreate += try parseSetItems()
            } else if matchKeyword("MATCH") {
                try consumeKeyword("SET")
                onMatch += try parseSetItems()
            } else {
                throw unexpected("CREATE or MATCH after ON")
            }
        }
        return .merge(pattern, onCreate: onCreate, onMatch: onMatch)
    }

    mutating func parseProjection(start: Int) throws(QueryError) -> Projection {
        let distinct = matchKeyword("DISTINCT")
        var star = false
        var items: [Projection.Item] = []
        if matchSymbol("*") {
            star = true
            if matchSymbol(",") { items = try parseProjectionItems() }
        } else {
            items = try parseProjectionItems()
        }
        var orderBy: [Projection.SortItem] = []
        if matchKeyword("ORDER") {
            try consumeKeyword("BY")
            repeat {
                let expression = try parseExpression()
                var descending = false
                if matchKeyword("DESC") || matchKeyword("DESCENDING") {
                    descending = true
                } else if matchKeyword("ASC") || matchKeyword("ASCENDING") {
                    descending = false
                }
                orderBy.append(Projection.SortItem(expression: expression, descending: descending))
            } while matchSymbol(",")
        }
        let skip = matchKeyword("SKIP") ? try parseExpression() : nil
        let limit = matchKeyword("LIMIT") ? try parseExpression() : nil
        return Projection(distinct: distinct, star: star, items: items, orderBy: orderBy, skip: skip, limit: limit,
                          range: SourceRange(start: start, end: previousEnd))
    }

    private mutating func parseProjectionItems() throws(QueryError) -> [Projection.Item] {
        var items: [Projection.Item] = []
        repeat {
            let expression = try parseExpression()
            if matchKeyword("AS") {
                let alias = try consumeName("a name after AS")
                items.append(Projection.Item(expression: expression, alias: alias, name: alias))
            } else {
                items.append(Projection.Item(expression: expression, alias: nil, name: source.text(in: expression.range)))
            }
        } while matchSymbol(",")
        return items
    }

    private mutating func parseSetItems() throws(QueryError) -> [SetItem] {
        var items: [SetItem] = []
        repeat {
            let start = peek.range.start
            if peek.kind == .identifier || peek.kind == .quotedIdentifier,
               tokens[position + 1].isSymbol("=") || tokens[position + 1].isSymbol("+=") || tokens[position + 1].isSymbol(":") {
                let variable = advance().text
                if matchSymbol("=") {
                    let value = try parseExpression()
                    items.append(.replaceAll(variable: variable, value: value, range: SourceRange(start: start, end: previousEnd)))
                } else if matchSymbol("+=") {
                    let value = try parseExpression()
                    items.append(.merge(variable: variable, value: value, range: SourceRange(start: start, end: previousEnd)))
                } else {
                    let labels = try parseLabels()
                    items.append(.labels(variable: variable, labels: labels, range: SourceRange(start: start, end: previousEnd)))
                }
                continue
            }
            let target = try parsePostfixExpression()
            guard case .property(let owner, let key) = target.kind else {
                throw QueryError(.syntax, "expected a property such as n.name, or a variable, to SET", at: target.range)
            }
            try consumeSymbol("=")
            items.append(.property(target: owner, key: key, value: try parseExpression()))
        } while matchSymbol(",")
        return items
    }

    private mutating func parseRemoveItems() throws(QueryError) -> [RemoveItem] {
        var items: [RemoveItem] = []
        repeat {
            let start = peek.range.start
            if peek.kind == .identifier || peek.kind == .quotedIdentifier, tokens[position + 1].isSymbol(":") {
                let variable = advance().text
                items.append(.labels(variable: variable, labels: try parseLabels(), range: SourceRange(start: start, end: previousEnd)))
                continue
            }
            let target = try parsePostfixExpression()
            guard case .property(let owner, let key) = target.kind else {
                throw QueryError(.syntax, "expected a property such as n.name, or labels such as n:Label, to REMOVE", at: target.range)
            }
            items.append(.property(target: owner, key: key))
        } while matchSymbol(",")
        return items
    }

    mutating func parseExpressionList() throws(QueryError) -> [Expression] {
        var list: [Expression] = []
        repeat { list.append(try parseExpression()) } while matchSymbol(",")
        return list
    }

    /// `:A:B` (at least one label).
    mutating func parseLabels() throws(QueryError) -> [String] {
        var labels: [String] = []
        while matchSymbol(":") {
            labels.append(try consumeName("a label"))
        }
        if labels.isEmpty { throw unexpected("`:` and a label") }
        return labels
    }

    // MARK: Token cursor

    var peek: Token { tokens[position] }
    func peek(_ distance: Int) -> Token { tokens[min(position + distance, tokens.count - 1)] }
    var previousEnd: Int { position > 0 ? tokens[position - 1].range.end : 0 }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[position]
        if token.kind != .end { position += 1 }
        return token
    }

    mutating func matchKeyword(_ word: String) -> Bool {
        guard peek.isKeyword(word) else { return false }
        advance()
        return true
    }

    mutating func matchSymbol(_ symbol: String) -> Bool {
        guard peek.isSymbol(symbol) else { return false }
        advance()
        return true
    }

    mutating func consumeKeyword(_ word: String) throws(QueryError) {
        guard matchKeyword(word) else { throw unexpected(word) }
    }

    mutating func consumeSymbol(_ symbol: String) throws(QueryError) {
        guard matchSymbol(symbol) else { throw unexpected("`\(symbol)`") }
    }

    /// A name: an identifier (keywords allowed) or a backquoted name.
    mutating func consumeName(_ what: String) throws(QueryError) -> String {
        guard peek.kind == .identifier || peek.kind == .quotedIdentifier else { throw unexpected(what) }
        return advance().text
    }

    func unexpected(_ expected: String) -> QueryError {
        let token = peek
        if token.kind == .end {
            return QueryError(.syntax, "expected \(expected), but the query ended", at: token.range)
        }
        return QueryError(.syntax, "expected \(expected), found `\(source.text(in: token.range))`", at: token.range)
    }
}
