import CadreGraph

/// Compiles expressions to closures over rows, resolving every variable to its slot: an
/// unknown variable is an error here, before anything runs.
struct ExpressionCompiler {
    var scope: Scope
    let source: SourceText
    /// In a projection after aggregation: where each aggregate call's result is (keyed by the
    /// call's source offset).
    var aggregateSlots: [Int: Int] = [:]
    /// After grouping: the slots of grouping-key expressions, by their source text, so that an
    /// aggregating item may reuse them (`n.age + count(*)` when `n.age` is a key).
    var groupingKeys: [String: Int] = [:]

    init(scope: Scope, source: SourceText) {
        self.scope = scope
        self.source = source
    }

    /// `n:Label:Other`: true when the node has every label; `r:TYPE`: true when the
    /// relationship is of that type (of every type named: at most one).
    private mutating func compileLabelTest(_ base: Expression, _ labels: [String], _ range: SourceRange) throws(QueryError) -> Evaluator {
        let owner = try compile(base)
        let cache = SymbolCache(labels)
        return { row, context in
            switch try owner(row, context) {
            case .null: return .null
            case .node(let node):
                let graph = context.graph
                return .bool(cache.resolve(.labels, in: graph).allSatisfy { $0.map { graph.hasLabel(node, $0) } ?? false })
            case .edge(let edge):
                let name = context.graph.typeName(of: edge)
                return .bool(labels.allSatisfy { $0 == name })
            default:
                throw QueryError(.type, "label checks need a node or a relationship", at: range, detail: "InvalidArgumentType")
            }
        }
    }

    mutating func compile(_ expression: Expression) throws(QueryError) -> Evaluator {
        let range = expression.range
        if !groupingKeys.isEmpty, let slot = groupingKeys[source.text(in: range)] {
            return { row, _ in row[slot] }
        }
        switch expression.kind {
        case .literal(let value):
            return { _, _ in value }
        case .parameter(let name):
            return { _, context in
                guard let value = context.parameters[name] else {
                    throw QueryError(.parameterMissing, "missing parameter $\(name)", at: range, detail: "ParameterMissing")
                }
                return value
            }
        case .variable(let name):
            guard let slot = scope.slot(name) else {
                throw QueryError(.semantic, "unknown variable `\(name)`", at: range, detail: "UndefinedVariable")
            }
            return { row, _ in slot < row.count ? row[slot] : .null }
        case .property(let base, let key):
            if let type = StaticType.of(base, in: scope), [.boolean, .integer, .float, .string, .list].contains(type) {
                throw QueryError(.semantic, "\(Value.withArticle(type.rawValue)) has no property `\(key)`", at: range, detail: "InvalidArgumentType")
            }
            let owner = try compile(base)
            let cache = SymbolCache([key])
            return { row, context in try Operations.property(try owner(row, context), key, context.graph, range, cache: cache) }
        case .index(let base, let index):
            let (owner, position) = (try compile(base), try compile(index))
            return { row, context in try Operations.index(try owner(row, context), try position(row, context), context.graph, range) }
        case .slice(let base, let from, let to):
            let owner = try compile(base)
            let low = try from.map { (e) throws(QueryError) in try compile(e) }
            let high = try to.map { (e) throws(QueryError) in try compile(e) }
            return { row, context in
                try Operations.slice(try owner(row, context), try low?(row, context), try high?(row, context), range)
            }
        case .hasLabels(let base, let labels):
            return try compileLabelTest(base, labels, range)
        case .unary(let op, let operand):
            if op == .not { try StaticType.requireBoolean(operand, in: scope) }
            if op != .not, let type = StaticType.of(operand, in: scope), type != .integer && type != .float {
                throw QueryError(.semantic, "cannot apply \(op.rawValue) to a \(type.rawValue)", at: range, detail: "InvalidArgumentType")
            }
            let value = try compile(operand)
            return { row, context in try Operations.unary(op, try value(row, context), range) }
        case .binary(let op, let lhs, let rhs):
            return try compileBinary(op, lhs, rhs, range)
        case .isNull(let operand, let negated):
            let value = try compile(operand)
            return { row, context in .bool(try value(row, context).isNull != negated) }
        case .list(let items):
            let compiled = try items.map { (e) throws(QueryError) in try compile(e) }
            return { row, context in .list(try compiled.map { try $0(row, context) }) }
        case .map(let entries):
            let compiled = try entries.map { (entry) throws(QueryError) in (entry.key, try compile(entry.value)) }
            return { row, context in .map(ValueMap(try compiled.map { ($0.0, try $0.1(row, context)) })) }
        case .call(let name, let distinct, let arguments):
            return try compileCall(name, distinct, arguments, expression)
        case .countStar:
            guard let slot = aggregateSlots[range.start] else {
                throw QueryError(.semantic, "count(*) is an aggregation and cannot be used here", at: range, detail: "InvalidAggregation")
            }
            return { row, _ in row[slot] }
        case .caseOf(let subject, let branches, let otherwise):
            return try compileCase(subject, branches, otherwise)
        case .listComprehension(let variable, let sourceList, let predicate, let projection):
            return try compileListComprehension(variable, sourceList, predicate, projection, range)
        case .quantifier(let quantifier, let variable, let sourceList, let predicate):
            return try compileQuantifier(quantifier, variable, sourceList, predicate, range)
        case .reduce(let accumulator, let initial, let variable, let sourceList, let step):
            return try compileReduce(accumulator, initial, variable, sourceList, step, range)
        case .mapProjection(let variable, let items):
            return try compileMapProjection(variable, items, range)
        case .pattern(let part):
            return try compilePatternPredicate(part)
        case .exists(let subquery):
            return try compileExists(subquery, range)
        case .patternComprehension(_, let part, let predicate, let projection):
            return try compilePatternComprehension(part, predicate, projection, range)
        }
    }

    private mutating func compileBinary(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression,
                                        _ range: SourceRange) throws(QueryError) -> Evaluator {
        switch op {
        case .and, .or, .xor:
            try StaticType.requireBoolean(lhs, in: scope)
            try StaticType.requireBoolean(rhs, in: scope)
        case .subtract, .multiply, .divide, .modulo, .power:
            for side in [lhs, rhs] {
                if let type = StaticType.of(side, in: scope), ![.integer, .float].contains(type) {
                    throw QueryError(.semantic, "cannot apply \(op.rawValue) to a \(type.rawValue)", at: side.range, detail: "InvalidArgumentType")
                }
            }
        case .add where StaticType.of(lhs, in: scope) != .list && StaticType.of(rhs, in: scope) != .list:
            for side in [lhs, rhs] {
                if let type = StaticType.of(side, in: scope), [.boolean, .map, .node, .relationship, .path].contains(type) {
                    throw QueryError(.semantic, "cannot apply + to a \(type.rawValue)", at: side.range, detail: "InvalidArgumentType")
                }
            }
        default: break
        }
        let left = try compile(lhs)
        let right = try compile(rhs)
        // Ranges only: closures that captured the operands would retain their trees on every call.
        let (leftRange, rightRange) = (lhs.range, rhs.range)
        switch op {
        case .and:
            return { row, context in
                let a = try Operations.truth(try left(row, context), leftRange)
                if a == false { return .bool(false) }
                let b = try Operations.truth(try right(row, context), rightRange)
                if b == false { return .bool(false) }
                return a == nil || b == nil ? .null : .bool(true)
            }
        case .or:
            return { row, context in
                let a = try Operations.truth(try left(row, context), leftRange)
                if a == true { return .bool(true) }
                let b = try Operations.truth(try right(row, context), rightRange)
                if b == true { return .bool(true) }
                return a == nil || b == nil ? .null : .bool(false)
            }
        case .xor:
            return { row, context in
                // Both sides are needed whatever the left is (no value decides XOR alone), so both
                // are evaluated, and an error on the right is raised as batches raise it.
                let a = try Operations.truth(try left(row, context), leftRange)
                let b = try Operations.truth(try right(row, context), rightRange)
                guard let a, let b else { return .null }
                return .bool(a != b)
            }
        case .regexMatch:
            // Our own engines (an automaton, or a bounded backtracker for back-references and
            // look-around): Ctrl-C heard, no pattern runs for ever.
            var cache: RegularExpression.Cache? = nil
            return { row, context in
                try RegularExpression.match(try left(row, context), try right(row, context), &cache, context, at: rightRange)
            }
        case .equal, .notEqual:
            // `c <> p` of two variables: nodes (or relationships) compared by handle in place.
            if case .variable(let a) = lhs.kind, case .variable(let b) = rhs.kind, let first = scope.slot(a), let second = scope.slot(b) {
                let equal = op == .equal
                return { row, context in
                    if first < row.count && second < row.count {
                        switch (row[first], row[second]) {
                        case (.node(let x), .node(let y)): return .bool((x == y) == equal)
                        case (.edge(let x), .edge(let y)): return .bool((x == y) == equal)
                        default: break
                        }
                    }
                    return try Operations.binary(op, try left(row, context), try right(row, context), range)
                }
            }
            return { row, context in try Operations.binary(op, try left(row, context), try right(row, context), range) }
        default:
            return { row, context in try Operations.binary(op, try left(row, context), try right(row, context), range) }
        }
    }

    private mutating func compileCase(_ subject: Expression?, _ branches: [(when: Expression, then: Expression)],
                                      _ otherwise: Expression?) throws(QueryError) -> Evaluator {
        let test = try subject.map { (e) throws(QueryError) in try compile(e) }
        let compiled = try branches.map { (branch) throws(QueryError) in
            (try compile(branch.when), try compile(branch.then), branch.when.range)
        }
        let fallback = try otherwise.map { (e) throws(QueryError) in try compile(e) }
        return { row, context in
            let value = try test?(row, context)
            for (condition, result, range) in compiled {
                let candidate = try condition(row, context)
                if let value {
                    if Comparison.equals(value, candidate) == true { return try result(row, context) }
                } else if try Operations.truth(candidate, range) == true {
                    return try result(row, context)
                }
            }
            return try fallback?(row, context) ?? .null
        }
    }

    private mutating func compileMapProjection(_ variable: String, _ items: [MapProjectionItem],
                                               _ range: SourceRange) throws(QueryError) -> Evaluator {
        guard let slot = scope.slot(variable) else {
            throw QueryError(.semantic, "unknown variable `\(variable)`", at: range, detail: "UndefinedVariable")
        }
        enum Part { case key(String), value(String, Evaluator), all }
        var parts: [Part] = []
        for item in items {
            switch item {
            case .property(let key): parts.append(.key(key))
            case .allProperties: parts.append(.all)
            case .literal(let key, let expression): parts.append(.value(key, try compile(expression)))
            case .variable(let name): parts.append(.value(name, try compile(Expression(.variable(name), range))))
            }
        }
        return { row, context in
            let base = row[slot]
            if base.isNull { return .null }
            var map = ValueMap()
            for part in parts {
                switch part {
                case .key(let key): map[key] = try Operations.property(base, key, context.graph, range)
                case .all:
                    for (key, value) in try Operations.allProperties(base, context.graph, range) { map[key] = value }
                case .value(let key, let evaluator): map[key] = try evaluator(row, context)
                }
            }
            return .map(map)
        }
    }
}

extension Array where Element == Value {
    func padded(to count: Int) -> [Value] {
        self.count >= count ? self : self + Array(repeating: .null, count: count - self.count)
    }
}
