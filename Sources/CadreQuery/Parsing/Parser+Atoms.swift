import CadreGraph

extension Parser {
    mutating func parseAtom() throws(QueryError) -> Expression {
        let token = peek
        let start = token.range.start
        switch token.kind {
        case .integer:
            advance()
            return Expression(.literal(.int(try integerValue(token))), token.range)
        case .float:
            advance()
            guard let number = Double(token.text), number.isFinite else {
                throw QueryError(.syntax, "float literal is too large", at: token.range, detail: "FloatingPointOverflow")
            }
            return Expression(.literal(.float(number)), token.range)
        case .string:
            advance()
            return Expression(.literal(.string(token.text)), token.range)
        case .parameter:
            advance()
            return Expression(.parameter(token.text), token.range)
        case .quotedIdentifier:
            advance()
            return Expression(.variable(token.text), token.range)
        case .end:
            throw unexpected("an expression")
        case .symbol:
            switch token.text {
            case "[": return try parseBracket()
            case "{":
                let entries = try parseMapEntries()
                return Expression(.map(entries), SourceRange(start: start, end: previousEnd))
            case "(":
                if let pattern = try attemptPatternExpression() { return pattern }
                advance()
                let inner = try parseExpression()
                try consumeSymbol(")")
                return Expression(inner.kind, SourceRange(start: start, end: previousEnd))
            default:
                throw unexpected("an expression")
            }
        case .identifier:
            return try parseIdentifierAtom()
        }
    }

    /// Words that end or join expressions and so cannot be variables unless backquoted.
    static let reserved: Set<String> = [
        "MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "UNWIND", "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE",
        "UNION", "ORDER", "BY", "SKIP", "LIMIT", "AS", "AND", "OR", "XOR", "IN", "IS", "STARTS", "ENDS", "CONTAINS",
        "WHEN", "THEN", "ELSE", "END", "ON", "DISTINCT", "ASC", "DESC", "ASCENDING", "DESCENDING",
    ]

    private mutating func parseIdentifierAtom() throws(QueryError) -> Expression {
        let token = peek
        let start = token.range.start
        let upper = token.text.uppercased()
        let next = peek(1)
        if Self.reserved.contains(upper) { throw unexpected("an expression") }
        switch upper {
        case "TRUE": advance(); return Expression(.literal(.bool(true)), token.range)
        case "FALSE": advance(); return Expression(.literal(.bool(false)), token.range)
        case "NULL": advance(); return Expression(.literal(.null), token.range)
        case "CASE": return try parseCase()
        case "COUNT" where next.isSymbol("(") && peek(2).isSymbol("*"):
            advance(); advance(); advance()
            try consumeSymbol(")")
            return Expression(.countStar, SourceRange(start: start, end: previousEnd))
        case "EXISTS" where next.isSymbol("{"):
            advance()
            return try parseExistsSubquery(start: start, counts: false)
        case "COUNT" where next.isSymbol("{"):
            advance()
            return try parseExistsSubquery(start: start, counts: true)
        case _ where ["ALL", "ANY", "NONE", "SINGLE"].contains(upper) && next.isSymbol("(") && peek(3).isKeyword("IN"):
            advance(); advance()
            let variable = try consumeName("a variable")
            try consumeKeyword("IN")
            let source = try parseExpression()
            guard matchKeyword("WHERE") else { throw unexpected("WHERE and a predicate") }
            let predicate = try parseExpression()
            try consumeSymbol(")")
            return Expression(.quantifier(Quantifier(rawValue: upper.lowercased())!, variable: variable, source: source, predicate: predicate),
                              SourceRange(start: start, end: previousEnd))
        case "REDUCE" where next.isSymbol("("):
            advance(); advance()
            let accumulator = try consumeName("an accumulator variable")
            try consumeSymbol("=")
            let initial = try parseExpression()
            try consumeSymbol(",")
            let variable = try consumeName("a variable")
            try consumeKeyword("IN")
            let source = try parseExpression()
            try consumeSymbol("|")
            let step = try parseExpression()
            try consumeSymbol(")")
            return Expression(.reduce(accumulator: accumulator, initial: initial, variable: variable, source: source, step: step),
                              SourceRange(start: start, end: previousEnd))
        default:
            break
        }
        // A function call: name or namespace.name followed by `(`.
        var lookahead = 1
        while peek(lookahead).isSymbol("."), peek(lookahead + 1).kind == .identifier { lookahead += 2 }
        if peek(lookahead).isSymbol("(") {
            var name = advance().text
            while peek.isSymbol(".") { advance(); name += "." + advance().text }
            advance()
            let distinct = matchKeyword("DISTINCT")
            var arguments: [Expression] = []
            if !peek.isSymbol(")") { arguments = try parseExpressionList() }
            try consumeSymbol(")")
            return Expression(.call(name: name, distinct: distinct, arguments: arguments), SourceRange(start: start, end: previousEnd))
        }
        advance()
        if peek.isSymbol("{") {
            return try parseMapProjection(variable: token.text, start: start)
        }
        return Expression(.variable(token.text), token.range)
    }

    /// `{key: value, ...}` (keys are names, so keywords are fine).
    mutating func parseMapEntries() throws(QueryError) -> [(key: String, value: Expression)] {
        try consumeSymbol("{")
        var entries: [(key: String, value: Expression)] = []
        if !peek.isSymbol("}") {
            repeat {
                let key = try consumeName("a property key")
                try consumeSymbol(":")
                entries.append((key, try parseExpression()))
            } while matchSymbol(",")
        }
        try consumeSymbol("}")
        return entries
    }

    private mutating func parseMapProjection(variable: String, start: Int) throws(QueryError) -> Expression {
        try consumeSymbol("{")
        var items: [MapProjectionItem] = []
        if !peek.isSymbol("}") {
            repeat {
                if matchSymbol(".") {
                    if matchSymbol("*") {
                        items.append(.allProperties)
                    } else {
                        items.append(.property(try consumeName("a property key")))
                    }
                } else {
                    let name = try consumeName("a key, `.key` or `.*`")
                    if matchSymbol(":") {
                        items.append(.literal(name, try parseExpression()))
                    } else {
                        items.append(.variable(name))
                    }
                }
            } while matchSymbol(",")
        }
        try consumeSymbol("}")
        return Expression(.mapProjection(variable: variable, items: items), SourceRange(start: start, end: previousEnd))
    }

    private mutating func parseCase() throws(QueryError) -> Expression {
        let start = peek.range.start
        advance()
        var subject: Expression? = nil
        if !peek.isKeyword("WHEN") { subject = try parseExpression() }
        var branches: [(when: Expression, then: Expression)] = []
        while matchKeyword("WHEN") {
            let condition = try parseExpression()
            try consumeKeyword("THEN")
            branches.append((condition, try parseExpression()))
        }
        if branches.isEmpty { throw unexpected("WHEN") }
        let otherwise = matchKeyword("ELSE") ? try parseExpression() : nil
        try consumeKeyword("END")
        return Expression(.caseOf(subject: subject, branches: branches, otherwise: otherwise), SourceRange(start: start, end: previousEnd))
    }

    /// `[` starts a list, a list comprehension or a pattern comprehension.
    private mutating func parseBracket() throws(QueryError) -> Expression {
        let start = peek.range.start
        if (peek(1).kind == .identifier || peek(1).kind == .quotedIdentifier) && peek(2).isKeyword("IN") {
            advance()
            let variable = advance().text
            advance()
            let source = try parseExpression()
            let predicate = matchKeyword("WHERE") ? try parseExpression() : nil
            let projection = matchSymbol("|") ? try parseExpression() : nil
            try consumeSymbol("]")
            return Expression(.listComprehension(variable: variable, source: source, predicate: predicate, projection: projection),
                              SourceRange(start: start, end: previousEnd))
        }
        let saved = position
        advance()
        if peek.isSymbol("(") || (peek(1).isSymbol("=") && (peek.kind == .identifier || peek.kind == .quotedIdentifier)) {
            if let part = try? parsePatternPart(), !part.relationships.isEmpty, peek.isKeyword("WHERE") || peek.isSymbol("|") {
                let predicate = matchKeyword("WHERE") ? try parseExpression() : nil
                try consumeSymbol("|")
                let projection = try parseExpression()
                try consumeSymbol("]")
                return Expression(.patternComprehension(pathVariable: part.pathVariable, pattern: part, predicate: predicate, projection: projection),
                                  SourceRange(start: start, end: previousEnd))
            }
            position = saved + 1
        }
        var items: [Expression] = []
        if !peek.isSymbol("]") { items = try parseExpressionList() }
        try consumeSymbol("]")
        return Expression(.list(items), SourceRange(start: start, end: previousEnd))
    }

    /// A pattern used as a predicate, `(a)-[:T]->()`; nil (and nothing consumed) when the
    /// parenthesis starts an ordinary expression.
    private mutating func attemptPatternExpression() throws(QueryError) -> Expression? {
        let saved = position
        guard let part = try? parsePatternPart(allowPathVariable: false), !part.relationships.isEmpty else {
            position = saved
            return nil
        }
        return Expression(.pattern(part), part.range)
    }

    /// After EXISTS or COUNT: `{ pattern WHERE … }` (MATCH optional), or `{ clauses }`.
    private mutating func parseExistsSubquery(start: Int, counts: Bool) throws(QueryError) -> Expression {
        try consumeSymbol("{")
        let body = position
        let startsWithMatch = matchKeyword("MATCH")
        if startsWithMatch || peek.isSymbol("(") {
            let patterns = try parsePatternList()
            let predicate = matchKeyword("WHERE") ? try parseExpression() : nil
            if peek.isSymbol("}") {
                advance()
                return Expression(.exists(ExistsSubquery(patterns: patterns, predicate: predicate, counts: counts)),
                                  SourceRange(start: start, end: previousEnd))
            }
            guard startsWithMatch else { throw unexpected("`}`") }
            position = body
        }
        var clauses: [Clause] = []
        while !peek.isSymbol("}") {
            guard peek.kind == .identifier, let clause = try parseClause() else { throw unexpected("a clause or `}`") }
            clauses.append(clause)
        }
        advance()
        if clauses.isEmpty { throw unexpected("a pattern or a clause") }
        return Expression(.exists(ExistsSubquery(patterns: [], predicate: nil, query: SingleQuery(clauses: clauses), counts: counts)),
                          SourceRange(start: start, end: previousEnd))
    }
}
