import CadreGraph

extension Parser {
    mutating func parsePatternList() throws(QueryError) -> [PatternPart] {
        var parts: [PatternPart] = []
        repeat { parts.append(try parsePatternPart()) } while matchSymbol(",")
        return parts
    }

    /// `[p =] (a)-[r]->(b)...`, or `[p =] shortestPath((a)-[*]-(b))`.
    mutating func parsePatternPart(allowPathVariable: Bool = true) throws(QueryError) -> PatternPart {
        let start = peek.range.start
        var pathVariable: String? = nil
        if allowPathVariable, peek.kind == .identifier || peek.kind == .quotedIdentifier, peek(1).isSymbol("=") {
            pathVariable = advance().text
            advance()
        }
        var shortest: PatternPart.Shortest? = nil
        if peek.kind == .identifier, peek(1).isSymbol("(") {
            switch peek.text.lowercased() {
            case "shortestpath": shortest = .shortest
            case "allshortestpaths": shortest = .all
            default: throw unexpected("a pattern")
            }
            advance(); advance()
        }
        var part = try parseChain(start: start)
        if shortest != nil { try consumeSymbol(")") }
        part.pathVariable = pathVariable
        part.shortest = shortest
        part.range = SourceRange(start: start, end: previousEnd)
        return part
    }

    private mutating func parseChain(start: Int) throws(QueryError) -> PatternPart {
        var nodes = [try parseNodePattern()]
        var relationships: [RelationshipPattern] = []
        while peek.isSymbol("-") || (peek.isSymbol("<") && peek(1).isSymbol("-")) {
            relationships.append(try parseRelationshipPattern())
            nodes.append(try parseNodePattern())
        }
        return PatternPart(pathVariable: nil, shortest: nil, nodes: nodes, relationships: relationships,
                           range: SourceRange(start: start, end: previousEnd))
    }

    mutating func parseNodePattern() throws(QueryError) -> NodePattern {
        let start = peek.range.start
        try consumeSymbol("(")
        var variable: String? = nil
        if peek.kind == .identifier || peek.kind == .quotedIdentifier { variable = advance().text }
        var labels: [String] = []
        while matchSymbol(":") { labels.append(try consumeName("a label")) }
        let properties = try parsePatternProperties()
        try consumeSymbol(")")
        return NodePattern(variable: variable, labels: labels, properties: properties, range: SourceRange(start: start, end: previousEnd))
    }

    private mutating func parsePatternProperties() throws(QueryError) -> Expression? {
        let start = peek.range.start
        if peek.isSymbol("{") {
            return Expression(.map(try parseMapEntries()), SourceRange(start: start, end: previousEnd))
        }
        if peek.kind == .parameter {
            let token = advance()
            return Expression(.parameter(token.text), token.range)
        }
        return nil
    }

    private mutating func parseRelationshipPattern() throws(QueryError) -> RelationshipPattern {
        let start = peek.range.start
        let leftArrow = matchSymbol("<")
        try consumeSymbol("-")
        var variable: String? = nil
        var types: [String] = []
        var properties: Expression? = nil
        var length: (min: Int?, max: Int?)? = nil
        if matchSymbol("[") {
            if peek.kind == .identifier || peek.kind == .quotedIdentifier { variable = advance().text }
            if matchSymbol(":") {
                types.append(try consumeName("a relationship type"))
                while matchSymbol("|") {
                    _ = matchSymbol(":")
                    types.append(try consumeName("a relationship type"))
                }
            }
            if matchSymbol("*") {
                var low: Int? = nil
                var high: Int? = nil
                if peek.kind == .integer { low = Int(try integerValue(advance())) }
                if matchSymbol("..") {
                    if peek.kind == .integer { high = Int(try integerValue(advance())) }
                } else {
                    high = low
                }
                length = (low, high)
            }
            properties = try parsePatternProperties()
            try consumeSymbol("]")
        }
        try consumeSymbol("-")
        let rightArrow = matchSymbol(">")
        let direction: Direction = leftArrow == rightArrow ? .both : (rightArrow ? .outgoing : .incoming)
        return RelationshipPattern(variable: variable, types: types, direction: direction, properties: properties,
                                   length: length, range: SourceRange(start: start, end: previousEnd))
    }
}
