import CadreGraph

/// Binding, the stage between parsing and planning: it follows the names a statement declares
/// and reads, clause by clause, with what each holds, and raises the semantic errors a statement
/// can be refused for before anything runs (the TCK's "SyntaxError at compile time"): names
/// read but never bound, bound twice or as two kinds of thing, clauses in an order Cypher does
/// not allow, aggregations where none may be, projections without names, what CREATE, MERGE and
/// DELETE cannot take. What it returns is the statement it checked, with the columns it gives.
///
/// Left to the expression compiler: the types an operator or a function's argument meets,
/// which it learns as it compiles.
struct Binder {
    /// What a name holds, as far as binding can tell.
    enum Kind: Equatable {
        case node, relationship, relationships, path
        /// A value known not to be an entity (a literal, a list, a map).
        case value
        /// Anything: what an expression gives (a parameter, a property, a function's result).
        case unknown
    }

    /// The names in scope, in the order they were bound, with their kinds.
    private(set) var names: [String] = []
    private(set) var kinds: [String: Kind] = [:]
    /// A subquery (`EXISTS { … }`, `COUNT { … }`): it may end without RETURN, never updates.
    private let subquery: Bool
    /// The text, to tell expressions spelled alike (ORDER BY after DISTINCT).
    let source: SourceText

    init(subquery: Bool, source: SourceText) {
        self.subquery = subquery
        self.source = source
    }

    /// The statement, checked; the columns it returns (none for one without RETURN).
    static func bind(_ statement: Statement, source: SourceText) throws(QueryError) -> BoundStatement {
        if Set(statement.unionAll).count > 1 {
            throw QueryError(.semantic, "UNION and UNION ALL cannot be mixed", at: statement.range, detail: "InvalidClauseComposition")
        }
        var columns: [String]? = nil
        for part in statement.parts {
            var binder = Binder(subquery: false, source: source)
            let returned = try binder.bind(part)
            if let columns, columns != returned {
                throw QueryError(.semantic, "all parts of a UNION must return the same columns", at: statement.range,
                                 detail: "DifferentColumnsInUnion")
            }
            columns = returned
        }
        return BoundStatement(statement: statement, columns: columns ?? [])
    }

    mutating func declare(_ name: String, _ kind: Kind) {
        if kinds[name] == nil { names.append(name) }
        kinds[name] = kind
    }

    mutating func replaceScope(with names: [String], _ kinds: [Kind]) {
        self.names = []
        self.kinds = [:]
        for (name, kind) in zip(names, kinds) { declare(name, kind) }
    }

    // MARK: Clauses

    /// A subquery's clauses, the names around it in scope.
    mutating func bindSubquery(_ query: SingleQuery) throws(QueryError) -> [String] { try bind(query) }

    /// The clauses of one query, in order; returns RETURN's columns.
    private mutating func bind(_ query: SingleQuery) throws(QueryError) -> [String] {
        if subquery, let updating = query.clauses.first(where: \.isUpdating) {
            throw QueryError(.semantic, "a subquery cannot change the graph", at: updating.range, detail: "InvalidClauseComposition")
        }
        var columns: [String] = []
        for (index, clause) in query.clauses.enumerated() {
            let isLast = index == query.clauses.count - 1
            switch clause.kind {
            case .match(_, let patterns, let predicate):
                try bindMatch(patterns, predicate: predicate)
            case .unwind(let expression, let variable):
                try read(expression)
                if kinds[variable] != nil {
                    throw QueryError(.semantic, "the variable `\(variable)` is already declared", at: clause.range, detail: "VariableAlreadyBound")
                }
                declare(variable, .unknown)
            case .with(let projection, let predicate):
                if isLast && !subquery {
                    throw QueryError(.semantic, "a query cannot end with WITH; add a RETURN", at: clause.range, detail: "InvalidClauseComposition")
                }
                _ = try project(projection, predicate: predicate, isReturn: false)
            case .return(let projection):
                columns = try project(projection, predicate: nil, isReturn: true)
            case .create(let parts):
                for part in parts { try bindCreated(part, merging: false) }
            case .merge(let part, let onCreate, let onMatch):
                try bindCreated(part, merging: true)
                for item in onCreate + onMatch { try bindSet(item) }
            case .set(let items):
                for item in items { try bindSet(item) }
            case .remove(let items):
                for item in items { try bindRemove(item) }
            case .delete(_, let expressions):
                for expression in expressions {
                    switch expression.kind {
                    case .literal, .hasLabels:
                        throw QueryError(.semantic, "DELETE needs a node, a relationship or a path", at: expression.range, detail: "InvalidDelete")
                    default: try read(expression)
                    }
                }
            }
            if isLast && !clause.isUpdating && !subquery {
                guard case .return = clause.kind else {
                    throw QueryError(.semantic, "a query must end with RETURN or an updating clause", at: clause.range,
                                     detail: "InvalidClauseComposition")
                }
            }
        }
        return columns
    }

    /// MATCH and OPTIONAL MATCH: the pattern's names, bound or declared, then WHERE.
    private mutating func bindMatch(_ patterns: [PatternPart], predicate: Expression?) throws(QueryError) {
        var here: [String: Kind] = [:]
        var relationshipsHere = Set<String>()
        for part in patterns {
            if let path = part.pathVariable, kinds[path] != nil {
                throw QueryError(.semantic, "the path variable `\(path)` is already bound", at: part.range, detail: "VariableAlreadyBound")
            }
            if part.shortest != nil && part.relationships.count != 1 {
                throw QueryError(.semantic, "shortestPath needs a pattern with exactly one relationship", at: part.range)
            }
            for node in part.nodes {
                try readProperties(node.properties, parameterAllowed: false)
                if let name = node.variable { try bindPatternName(name, .node, node.range, &here) }
            }
            for relationship in part.relationships {
                try readProperties(relationship.properties, parameterAllowed: false)
                guard let name = relationship.variable else { continue }
                if relationship.length == nil && kinds[name] == nil && !relationshipsHere.insert(name).inserted {
                    throw QueryError(.semantic, "the relationship `\(name)` appears twice in one pattern", at: relationship.range,
                                     detail: "RelationshipUniquenessViolation")
                }
                try bindPatternName(name, relationship.length == nil ? .relationship : .relationships, relationship.range, &here)
            }
            if let path = part.pathVariable { try bindPatternName(path, .path, part.range, &here) }
        }
        for name in patterns.flatMap(\.names) where kinds[name] == nil { declare(name, here[name] ?? .unknown) }
        if let predicate { try read(predicate, predicate: true) }
    }

    /// A name a pattern gives an element: the same kind wherever the pattern and the clauses
    /// before name it.
    private func bindPatternName(_ name: String, _ kind: Kind, _ range: SourceRange, _ here: inout [String: Kind]) throws(QueryError) {
        if let existing = here[name], existing != kind {
            throw QueryError(.semantic, "`\(name)` is used both as a \(Self.describe(existing)) and as a \(Self.describe(kind))", at: range,
                             detail: "VariableTypeConflict")
        }
        here[name] = kind
        if let known = kinds[name], known != .unknown, known != kind {
            throw QueryError(.semantic, "`\(name)` is already bound to a value of another kind; it cannot be a \(Self.describe(kind)) here",
                             at: range, detail: "VariableTypeConflict")
        }
    }

    static func describe(_ kind: Kind) -> String {
        switch kind {
        case .node: "node"
        case .relationship: "relationship"
        case .relationships: "list of relationships"
        case .path: "path"
        case .value, .unknown: "value"
        }
    }

    /// A pattern's property map: read in scope; a parameter standing for the whole map only
    /// where entities are created.
    private func readProperties(_ properties: Expression?, parameterAllowed: Bool) throws(QueryError) {
        guard let properties else { return }
        if case .parameter = properties.kind, !parameterAllowed {
            throw QueryError(.semantic, "a parameter cannot stand for a pattern's properties here; write {key: $value}",
                             at: properties.range, detail: "InvalidParameterUse")
        }
        try read(properties)
    }

    /// CREATE and MERGE: a bound node is only referred to (never given labels, properties, or
    /// created alone); relationships are new, of one type, one hop, directed (CREATE).
    private mutating func bindCreated(_ part: PatternPart, merging: Bool) throws(QueryError) {
        let clause = merging ? "MERGE" : "CREATE"
        var declaredHere = Set<String>()
        for node in part.nodes {
            try readProperties(node.properties, parameterAllowed: !merging)
            guard let name = node.variable else { continue }
            if let known = kinds[name] {
                if known != .node && known != .unknown {
                    throw QueryError(.semantic, "`\(name)` is not a node", at: node.range, detail: "VariableTypeConflict")
                }
                let alone = part.relationships.isEmpty
                if alone || !node.labels.isEmpty || node.properties != nil {
                    throw QueryError(.semantic, "`\(name)` is already bound; \(clause) cannot declare it again", at: node.range,
                                     detail: "VariableAlreadyBound")
                }
            } else if declaredHere.contains(name) {
                if !node.labels.isEmpty || node.properties != nil {
                    throw QueryError(.semantic, "`\(name)` is already bound; \(clause) cannot declare it again", at: node.range,
                                     detail: "VariableAlreadyBound")
                }
            } else {
                declaredHere.insert(name)
            }
        }
        for relationship in part.relationships {
            guard relationship.types.count == 1 else {
                throw QueryError(.semantic, "\(clause) needs exactly one relationship type, as in -[:HELD]->", at: relationship.range,
                                 detail: "NoSingleRelationshipType")
            }
            guard relationship.length == nil else {
                throw QueryError(.semantic, "\(clause) cannot create a variable-length relationship", at: relationship.range,
                                 detail: "CreatingVarLength")
            }
            if relationship.direction == .both && !merging {
                throw QueryError(.semantic, "CREATE needs a direction: -[...]-> or <-[...]-", at: relationship.range,
                                 detail: "RequiresDirectedRelationship")
            }
            if let name = relationship.variable, kinds[name] != nil || declaredHere.contains(name) {
                throw QueryError(.semantic, "`\(name)` is already bound; \(clause) cannot declare it again", at: relationship.range,
                                 detail: "VariableAlreadyBound")
            }
            try readProperties(relationship.properties, parameterAllowed: !merging)
            if let name = relationship.variable { declaredHere.insert(name) }
        }
        if let path = part.pathVariable, kinds[path] != nil || declaredHere.contains(path) {
            throw QueryError(.semantic, "`\(path)` is already bound", at: part.range, detail: "VariableAlreadyBound")
        }
        for node in part.nodes { if let name = node.variable, kinds[name] == nil { declare(name, .node) } }
        for relationship in part.relationships { if let name = relationship.variable { declare(name, .relationship) } }
        if let path = part.pathVariable { declare(path, .path) }
    }

    private func bindSet(_ item: SetItem) throws(QueryError) {
        switch item {
        case .property(let target, _, let value):
            try read(target)
            try read(value)
        case .replaceAll(let variable, let value, let range), .merge(let variable, let value, let range):
            try requireBound(variable, range)
            try read(value)
        case .labels(let variable, _, let range):
            try requireBound(variable, range)
        }
    }

    private func bindRemove(_ item: RemoveItem) throws(QueryError) {
        switch item {
        case .property(let target, _): try read(target)
        case .labels(let variable, _, let range): try requireBound(variable, range)
        }
    }

    private func requireBound(_ name: String, _ range: SourceRange) throws(QueryError) {
        if kinds[name] == nil {
            throw QueryError(.semantic, "unknown variable `\(name)`", at: range, detail: "UndefinedVariable")
        }
    }
}

/// A statement that binding accepted, with the columns it returns.
struct BoundStatement {
    let statement: Statement
    let columns: [String]
}
