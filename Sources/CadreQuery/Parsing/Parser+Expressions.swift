import CadreGraph

extension Parser {
    mutating func parseExpression() throws(QueryError) -> Expression {
        try nested { (parser) throws(QueryError) in try parser.parseOr() }
    }

    /// Runs `body` one level of nesting deeper: past `maximumDepth` levels (parentheses,
    /// lists, maps, CASE, NOT NOT …, - - …), a located error rather than a stack overflow.
    mutating func nested<T>(_ body: (inout Parser) throws(QueryError) -> T) throws(QueryError) -> T {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Self.maximumDepth {
            throw QueryError(.syntax, "an expression nested more than \(Self.maximumDepth) levels deep", at: peek.range)
        }
        return try body(&self)
    }

    /// A node the parser built: refused when its tree is deeper than `maximumDepth`
    /// (`1 + 1 + …` of thousands of terms, `.a.a.a…`), which later stages walk recursively.
    func checked(_ expression: Expression) throws(QueryError) -> Expression {
        guard expression.depth > Self.maximumDepth else { return expression }
        throw QueryError(.syntax, "an expression nested more than \(Self.maximumDepth) levels deep", at: expression.range)
    }

    private mutating func binary(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression) throws(QueryError) -> Expression {
        try checked(Expression(.binary(op, lhs, rhs), lhs.range.union(rhs.range)))
    }

    /// `a OR b OR c …` (and AND, XOR): the operands in a balanced tree, which evaluates them in
    /// the same order with the same result (the operators are associative, and `false AND x`
    /// is false wherever it stands), so a chain of 100,000 terms is 17 levels deep, not 100,000.
    private mutating func chain(_ op: BinaryOperator, _ keyword: String,
                                _ operand: (inout Parser) throws(QueryError) -> Expression) throws(QueryError) -> Expression {
        var operands = [try operand(&self)]
        while matchKeyword(keyword) { operands.append(try operand(&self)) }
        func balanced(_ range: Range<Int>) -> Expression {
            if range.count == 1 { return operands[range.lowerBound] }
            let middle = range.lowerBound + range.count / 2
            let (lhs, rhs) = (balanced(range.lowerBound..<middle), balanced(middle..<range.upperBound))
            return Expression(.binary(op, lhs, rhs), lhs.range.union(rhs.range))
        }
        return try checked(balanced(0..<operands.count))
    }

    private mutating func parseOr() throws(QueryError) -> Expression {
        try chain(.or, "OR") { (parser) throws(QueryError) in try parser.parseXor() }
    }

    private mutating func parseXor() throws(QueryError) -> Expression {
        try chain(.xor, "XOR") { (parser) throws(QueryError) in try parser.parseAnd() }
    }

    private mutating func parseAnd() throws(QueryError) -> Expression {
        try chain(.and, "AND") { (parser) throws(QueryError) in try parser.parseNot() }
    }

    private mutating func parseNot() throws(QueryError) -> Expression {
        let start = peek.range.start
        if matchKeyword("NOT") {
            let operand = try nested { (parser) throws(QueryError) in try parser.parseNot() }
            return Expression(.unary(.not, operand), SourceRange(start: start, end: operand.range.end))
        }
        return try parseComparison()
    }

    /// `a < b < c` means `a < b AND b < c`, as in openCypher.
    private mutating func parseComparison() throws(QueryError) -> Expression {
        let first = try parsePredicate()
        var result: Expression? = nil
        var lhs = first
        while let op = comparisonOperator() {
            advance()
            let rhs = try parsePredicate()
            let comparison = try binary(op, lhs, rhs)
            result = try result.map { (earlier) throws(QueryError) in try binary(.and, earlier, comparison) } ?? comparison
            lhs = rhs
        }
        return result ?? first
    }

    private func comparisonOperator() -> BinaryOperator? {
        guard peek.kind == .symbol else { return nil }
        switch peek.text {
        case "=": return .equal
        case "<>", "!=": return .notEqual
        case "<": return .less
        case ">": return .greater
        case "<=": return .lessOrEqual
        case ">=": return .greaterOrEqual
        default: return nil
        }
    }

    /// IN, STARTS WITH, ENDS WITH, CONTAINS, =~, ~, IS [NOT] NULL.
    private mutating func parsePredicate() throws(QueryError) -> Expression {
        var lhs = try parseAdditive()
        while true {
            if matchKeyword("IN") {
                lhs = try binary(.in, lhs, try parseAdditive())
            } else if peek.isKeyword("STARTS") && peek(1).isKeyword("WITH") {
                advance(); advance()
                lhs = try binary(.startsWith, lhs, try parseAdditive())
            } else if peek.isKeyword("ENDS") && peek(1).isKeyword("WITH") {
                advance(); advance()
                lhs = try binary(.endsWith, lhs, try parseAdditive())
            } else if matchKeyword("CONTAINS") {
                lhs = try binary(.contains, lhs, try parseAdditive())
            } else if matchSymbol("=~") {
                lhs = try binary(.regexMatch, lhs, try parseAdditive())
            } else if matchSymbol("~") {
                lhs = try binary(.foldedContains, lhs, try parseAdditive())
            } else if peek.isKeyword("IS") {
                advance()
                let negated = matchKeyword("NOT")
                try consumeKeyword("NULL")
                lhs = try checked(Expression(.isNull(lhs, negated: negated), SourceRange(start: lhs.range.start, end: previousEnd)))
            } else {
                return lhs
            }
        }
    }

    private mutating func parseAdditive() throws(QueryError) -> Expression {
        var lhs = try parseMultiplicative()
        while true {
            if matchSymbol("+") {
                lhs = try binary(.add, lhs, try parseMultiplicative())
            } else if matchSymbol("-") {
                lhs = try binary(.subtract, lhs, try parseMultiplicative())
            } else {
                return lhs
            }
        }
    }

    private mutating func parseMultiplicative() throws(QueryError) -> Expression {
        var lhs = try parsePower()
        while true {
            if matchSymbol("*") {
                lhs = try binary(.multiply, lhs, try parsePower())
            } else if matchSymbol("/") {
                lhs = try binary(.divide, lhs, try parsePower())
            } else if matchSymbol("%") {
                lhs = try binary(.modulo, lhs, try parsePower())
            } else {
                return lhs
            }
        }
    }

    private mutating func parsePower() throws(QueryError) -> Expression {
        var lhs = try parseUnary()
        while matchSymbol("^") { lhs = try binary(.power, lhs, try parseUnary()) }
        return lhs
    }

    private mutating func parseUnary() throws(QueryError) -> Expression {
        let start = peek.range.start
        if matchSymbol("-") {
            // A negative literal is a literal, so -9223372036854775808 is in range.
            if peek.kind == .integer, peek.range.start == start + 1 {
                let token = advance()
                let value = try integerValue(token, negative: true)
                return try parsePostfix(Expression(.literal(.int(value)), SourceRange(start: start, end: token.range.end)))
            }
            let operand = try nested { (parser) throws(QueryError) in try parser.parseUnary() }
            return Expression(.unary(.minus, operand), SourceRange(start: start, end: operand.range.end))
        }
        if matchSymbol("+") {
            let operand = try nested { (parser) throws(QueryError) in try parser.parseUnary() }
            return Expression(.unary(.plus, operand), SourceRange(start: start, end: operand.range.end))
        }
        return try parsePostfixExpression()
    }

    mutating func parsePostfixExpression() throws(QueryError) -> Expression {
        try parsePostfix(try parseAtom())
    }

    /// `.key`, `[index]`, `[from..to]`, `:Label`.
    private mutating func parsePostfix(_ base: Expression) throws(QueryError) -> Expression {
        var expression = base
        while true {
            if peek.isSymbol("."), peek(1).kind == .identifier || peek(1).kind == .quotedIdentifier {
                advance()
                let key = advance().text
                expression = try checked(Expression(.property(expression, key), SourceRange(start: expression.range.start, end: previousEnd)))
            } else if matchSymbol("[") {
                var from: Expression? = nil
                if !peek.isSymbol("..") { from = try parseExpression() }
                if matchSymbol("..") {
                    let to: Expression? = peek.isSymbol("]") ? nil : try parseExpression()
                    try consumeSymbol("]")
                    expression = try checked(Expression(.slice(expression, from, to), SourceRange(start: expression.range.start, end: previousEnd)))
                } else {
                    try consumeSymbol("]")
                    expression = try checked(Expression(.index(expression, from!), SourceRange(start: expression.range.start, end: previousEnd)))
                }
            } else if peek.isSymbol(":"), peek(1).kind == .identifier || peek(1).kind == .quotedIdentifier {
                let labels = try parseLabels()
                expression = try checked(Expression(.hasLabels(expression, labels), SourceRange(start: expression.range.start, end: previousEnd)))
            } else {
                return expression
            }
        }
    }

    func integerValue(_ token: Token, negative: Bool = false) throws(QueryError) -> Int64 {
        let text = token.text.lowercased()
        var magnitude: UInt64?
        if text.hasPrefix("0x") {
            magnitude = UInt64(text.dropFirst(2), radix: 16)
        } else if text.hasPrefix("0o") {
            magnitude = UInt64(text.dropFirst(2), radix: 8)
        } else {
            magnitude = UInt64(text)
        }
        guard let magnitude else {
            if text.hasPrefix("0x") || text.hasPrefix("0o"), text.dropFirst(2).allSatisfy(\.isHexDigit) {
                throw QueryError(.syntax, "integer literal is too large", at: token.range, detail: "IntegerOverflow")
            }
            if text.allSatisfy(\.isNumber) {
                throw QueryError(.syntax, "integer literal is too large", at: token.range, detail: "IntegerOverflow")
            }
            throw QueryError(.syntax, "invalid number `\(token.text)`", at: token.range, detail: "InvalidNumberLiteral")
        }
        if negative && magnitude == UInt64(Int64.max) + 1 { return .min }
        guard magnitude <= UInt64(Int64.max) else {
            throw QueryError(.syntax, "integer literal is too large", at: token.range, detail: "IntegerOverflow")
        }
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }
}
