import CadreGraph

/// A statement compiled to a pipeline of operators, ready to run.
struct CompiledQuery: @unchecked Sendable {
    var columns: [String]
    /// How many operators the pipeline has (for tests of what the planner chose).
    var stageCount: Int { stages.count }
    /// Makes the pipeline's operators, in order.
    var stages: [() -> Operator] = []
    /// The kinds of operator the pipeline is made of (for tests of what the planner chose).
    var operatorNames: [String] { stages.map { String(describing: type(of: $0())) } }
    /// Builds a fresh pipeline (operators keep state while running) and runs it: its rows, or,
    /// given a consumer, none (each row goes to the consumer as it is made).
    var run: (ExecutionContext, RowConsumer?) throws -> [Row]
}

/// Takes a statement's rows one by one as they are made (see `QueryEngine.run(_:on:parameters:cancel:consume:)`).
public typealias RowConsumer = ([Value]) throws -> Void

/// Compiles statements clause by clause: each clause sees the variables the ones before it
/// left in scope and adds its operators to the pipeline. Semantic errors (unknown variables,
/// misplaced aggregates, bad clause order) are raised here, before anything runs.
struct Planner {
    let source: SourceText
    var scope = Scope()
    /// Factories for the pipeline's operators, in order.
    var stages: [() -> Operator] = []
    /// Whether an updating clause comes before what is being compiled: then a node's
    /// properties may change from one row to the next.
    var updates = false
    /// Variables bound in every row the next aggregation reads, though the rows carry no value
    /// for them (a counted chain, see `compileCountedChain`): `count(v)` counts rows.
    var boundInEveryRow: Set<String> = []
    /// With `boundInEveryRow`, when the counted rows come as batches: the slot of each row's
    /// weight, which the aggregation sums for its counts.
    var countWeights: Int? = nil
    /// When a counted chain keyed by a node runs on batches: that node's variable and the
    /// (hidden) name of the slot holding each row's count.
    var countedKey: (key: String, weight: String)? = nil
    /// The counted chain's stage and its factory for rows (see `compileCountedChain`).
    var countedRows: (stage: Int, make: () -> Operator)? = nil
    let options: QueryOptions
    /// The clause being compiled, by index.
    var clauseIndex = 0
    /// No clause of the query changes the graph: batches may read columns of the graph as it
    /// was when the statement started.
    var readOnly = false
    /// Compiling a subquery's clauses (`compileSubquery`): its first MATCH may start from the
    /// variables of the query around it, and it may end without RETURN.
    var subquery = false
    /// The last MATCH when it runs in batches: an aggregation right after it may fuse into it.
    var vectorMatch: (clause: Int, stage: Int, plan: VectorMatchPlan, scope: Scope)? = nil
    /// Set by a clause whose last stage hands on batches (`Operator.push(_:_:kinds:_:)`): that
    /// stage and the kinds of its slots. Cleared before each clause.
    var batchOutput: (stage: Int, kinds: [UInt8])? = nil
    /// The batches the clause being compiled receives: the kinds of their slots, as wide as the
    /// scope; nil when its input comes as rows (see `BatchOperator`).
    var batchInput: [UInt8]? = nil
    /// Names the statement writes once (`namedOnce`): variables nothing reads.
    var unread: Set<String> = []

    init(source: SourceText, options: QueryOptions = .default) {
        self.source = source
        self.options = options
    }

    /// Plans a statement binding accepted (`Binder`): the semantic checks are behind it.
    static func compile(_ bound: BoundStatement, source: SourceText, options: QueryOptions = .default) throws(QueryError) -> CompiledQuery {
        let statement = bound.statement
        let unread = options.rewrites ? namedOnce(statement, source) : []
        if statement.parts.count == 1 {
            var planner = Planner(source: source, options: options)
            planner.unread = unread
            return try planner.compile(statement.parts[0])
        }
        var parts: [CompiledQuery] = []
        for part in statement.parts {
            var planner = Planner(source: source, options: options)
            planner.unread = unread
            parts.append(try planner.compile(part))
        }
        let distinct = statement.unionAll.first == false
        return CompiledQuery(columns: parts[0].columns) { context, consume in
            var rows: [Row] = []
            var seen = Set<[Equivalent]>()
            for part in parts {
                _ = try part.run(context) { row in
                    if distinct && !seen.insert(row.map(Equivalent.init)).inserted { return }
                    if let consume { try consume(row) } else { rows.append(row) }
                }
            }
            return rows
        }
    }

    /// The names written once in the statement: a variable among them is declared and never
    /// read. A name that also stands for a key, a label or a type is written more than once
    /// and left out, which only costs the shortcut. None when a projection is `*` (it reads
    /// every variable without naming it).
    static func namedOnce(_ statement: Statement, _ source: SourceText) -> Set<String> {
        var counts: [String: Int] = [:]
        var matches = false
        for part in statement.parts {
            for clause in part.clauses {
                switch clause.kind {
                case .with(let projection, _), .return(let projection): if projection.star { return [] }
                case .match(_, let patterns, _):
                    matches = true
                    // A property map is read through its node (rewritten as WHERE's conjuncts).
                    for pattern in patterns {
                        for node in pattern.nodes where node.properties != nil { if let name = node.variable { counts[name, default: 0] += 1 } }
                    }
                default: break
                }
            }
        }
        // Only a MATCH has nodes to leave unfilled: other statements (a script's CREATEs) are
        // not lexed again.
        guard matches else { return [] }
        let text = SourceText(name: source.name, text: source.text(in: statement.range))
        guard let tokens = try? Lexer.tokenize(text) else { return [] }
        for token in tokens where token.kind == .identifier || token.kind == .quotedIdentifier { counts[token.text, default: 0] += 1 }
        return Set(counts.compactMap { $0.value == 1 ? $0.key : nil })
    }

    mutating func compile(_ query: SingleQuery) throws(QueryError) -> CompiledQuery {
        let columns = try compileClauses(options.rewrites && options.vectorized ? DisconnectedParts.split(ProjectionMerge.merge(query)) : query)
        let stages = self.stages
        let width = columns.count
        let returns = query.clauses.last.map { if case .return = $0.kind { true } else { false } } ?? false
        return CompiledQuery(columns: columns, stages: stages) { context, consume in
            let collector = Collector(width: width)
            collector.consume = returns ? consume : nil
            let operators = stages.map { $0() }
            for (index, stage) in operators.enumerated() {
                stage.next = index + 1 < operators.count ? operators[index + 1] : collector
            }
            let first: Operator = operators.first ?? collector
            _ = try first.push([], context)
            try first.finish(context)
            return returns ? collector.rows : []
        }
    }

    /// A subquery (`EXISTS { MATCH … RETURN … }`, `COUNT { … }`), run once per row of the query
    /// around it, whose variables (`scope`) it reads: it gives the rows its last clause gives
    /// (a RETURN is optional). Row by row; a clause that changes the graph is refused.
    static func compileSubquery(_ query: SingleQuery, scope: Scope, source: SourceText) throws(QueryError) -> (Row, ExecutionContext) throws -> [Row] {
        var planner = Planner(source: source, options: QueryOptions(vectorized: false, workers: 1))
        planner.scope = scope
        planner.subquery = true
        let columns = try planner.compileClauses(query)
        let stages = planner.stages
        let (outerWidth, width) = (scope.count, columns.isEmpty ? planner.scope.count : columns.count)
        return { row, context in
            let collector = Collector(width: width)
            let operators = stages.map { $0() }
            for (index, stage) in operators.enumerated() {
                stage.next = index + 1 < operators.count ? operators[index + 1] : collector
            }
            let first: Operator = operators.first ?? collector
            _ = try first.push(row.padded(to: outerWidth), context)
            try first.finish(context)
            return collector.rows
        }
    }

    /// What the last stage hands on in batches becomes the next stage's input (none when the
    /// last stage hands on rows).
    mutating func takeBatchOutput() {
        batchInput = nil
        if options.vectorized, readOnly, let output = batchOutput, output.stage == stages.count - 1 {
            batchInput = output.kinds + [UInt8](repeating: VectorTag.null, count: max(0, scope.count - output.kinds.count))
        }
        batchOutput = nil
    }

    /// Compiles the clauses into `stages`; returns RETURN's column names (none without RETURN).
    private mutating func compileClauses(_ query: SingleQuery) throws(QueryError) -> [String] {
        var columns: [String] = []
        readOnly = !query.clauses.contains(where: \.isUpdating)
        for (index, clause) in query.clauses.enumerated() {
            clauseIndex = index
            if clause.isUpdating { updates = true }
            takeBatchOutput()
            switch clause.kind {
            case .match(let optional, var patterns, var predicate):
                if options.rewrites { (patterns, predicate) = RelationshipTypes.narrowed(patterns, by: predicate, before: scope) }
                let next = index + 1 < query.clauses.count ? query.clauses[index + 1].kind : nil
                if index == 0, !optional, !subquery, let next, let chain = CountedChain(patterns, countedBy: next),
                   !scansBetter(chain, predicate: predicate), try compileCountedChain(chain, patterns, predicate: predicate) {
                    // Counted, not matched one by one.
                } else if index == 0, !optional, options.vectorized, try compileVectorMatch(patterns, predicate: predicate) {
                    // In batches.
                } else if index > 0, options.vectorized, try compileVectorFollowing(patterns, optional: optional, predicate: predicate) {
                    // In the batches of the MATCH before.
                } else if let input = batchInput, try compileBatchMatch(patterns, optional: optional, predicate: predicate, input: input) {
                    // On the batches an aggregation or a projection hands on.
                } else if index > 0, !optional, options.vectorized, try compileVectorMatch(patterns, predicate: predicate, afterRows: true) {
                    // In batches, once per row before it.
                } else {
                    try compileMatch(optional: optional, patterns: patterns, predicate: predicate,
                                     deduplicated: next.map(Self.deduplicatesRows) ?? false)
                }
            case .unwind(let expression, let variable):
                try compileUnwind(expression, variable, clause.range)
            case .with(let projection, let predicate):
                if try !compilePassingWith(projection, predicate: predicate) {
                    _ = try compileProjection(projection, predicate: predicate, isReturn: false)
                }
                boundInEveryRow = []
                countWeights = nil
                countedKey = nil
            case .return(let projection):
                columns = try compileProjection(projection, predicate: nil, isReturn: true)
                boundInEveryRow = []
                countWeights = nil
                countedKey = nil
            case .create(let patterns):
                try compileCreate(patterns)
            case .merge(let pattern, let onCreate, let onMatch):
                try compileMerge(pattern, onCreate: onCreate, onMatch: onMatch)
            case .set(let items):
                try compileSet(items)
            case .remove(let items):
                try compileRemove(items)
            case .delete(let detach, let expressions):
                try compileDelete(detach: detach, expressions)
            }
        }
        return columns
    }

    mutating func expressionCompiler() -> ExpressionCompiler {
        ExpressionCompiler(scope: scope, source: source)
    }

    /// Compiles an expression in the current scope.
    mutating func compileExpression(_ expression: Expression) throws(QueryError) -> Evaluator {
        var compiler = expressionCompiler()
        let evaluator = try compiler.compile(expression)
        return evaluator
    }

    /// True when a clause following a MATCH keeps no duplicate rows and counts none: a DISTINCT
    /// projection without aggregates, or one whose every aggregate ignores duplicates
    /// (`count(DISTINCT …)` and the like, `min`, `max`).
    static func deduplicatesRows(_ clause: Clause.Kind) -> Bool {
        let projection: Projection
        switch clause {
        case .with(let with, _): projection = with
        case .return(let returned): projection = returned
        default: return false
        }
        if projection.star { return false }
        let aggregates = projection.items.flatMap { ExpressionCompiler.aggregateCalls(in: $0.expression) }
        if aggregates.isEmpty { return projection.distinct }
        return aggregates.allSatisfy { call in
            guard case .call(let name, let distinct, _) = call.kind else { return false }
            return distinct || ["min", "max"].contains(name.lowercased())
        }
    }

    private mutating func compileMatch(optional: Bool, patterns: [PatternPart], predicate: Expression?,
                                       deduplicated: Bool) throws(QueryError) {
        let before = scope
        let hints = indexHints(predicate, in: before)
        var matcher = try PatternCompiler.compile(patterns, scope: &scope, source: source, hints: hints, deduplicated: deduplicated)
        let width = scope.count
        // Simple comparisons on a scanned relationship move into the scan; the rest stays here.
        // Only when no conjunct can raise an error: a scan drops the matches its test does not
        // keep, and a match WHERE would test (`null AND toUpper(3) …`) may be one that raises.
        let conjuncts = predicate.map(Self.conjuncts) ?? []
        let nodeNames = Set(patterns.flatMap { $0.nodes.compactMap(\.variable) })
        let scans = conjuncts.allSatisfy {
            VectorMatchPlan.raisesNothing($0, nodes: { nodeNames.contains($0) || before.kind(of: $0) == .node })
        }
        var residual: Expression? = nil
        for conjunct in conjuncts {
            let pushed = scans ? try push(conjunct, into: matcher, before: before) : false
            if !pushed {
                residual = residual.map { Expression(.binary(.and, $0, conjunct), SourceRange(start: $0.range.start, end: conjunct.range.end)) } ?? conjunct
            }
        }
        let filter = try residual.map { (e) throws(QueryError) in try compileExpression(e) }
        matcher = try pushingDown(predicate, into: matcher, before: before)
        // Only the range is needed per row; capturing the whole expression would retain its tree.
        let predicateRange = predicate?.range ?? .at(0)
        let newSlots = (before.count..<width)
        stages.append { MatchOperator(matcher: matcher, filter: filter, predicateRange: predicateRange, optional: optional,
                                      width: width, newSlots: newSlots) }
    }

    /// `matcher` with WHERE's conjuncts tested as soon as the variables they read are bound
    /// (`PredicatePushdown`), beside WHERE itself, which still runs on every whole match.
    private mutating func pushingDown(_ predicate: Expression?, into matcher: PatternMatcher,
                                      before: Scope) throws(QueryError) -> PatternMatcher {
        guard options.rewrites, let predicate else { return matcher }
        let scope = self.scope
        let candidates = PredicatePushdown.candidates(Self.conjuncts(predicate), nodes: { scope.kind(of: $0) == .node },
                                                      entities: { [.node, .relationship].contains(scope.kind(of: $0)) })
        var plan = matcher.plan
        let outer = Set(0..<before.count)
        // Every test here is speculative: an error is left to WHERE, which meets it on whole matches.
        for (conjunct, _) in candidates {
            guard let slots = PredicatePushdown.slots(conjunct, in: scope) else { continue }
            let steps = PredicatePushdown.steps(testing: slots, in: plan, outer: outer)
            if steps.isEmpty { continue }
            let test = PredicatePushdown.test(try compileExpression(conjunct), speculative: true)
            if plan.checks.isEmpty { plan.checks = Array(repeating: [], count: plan.steps.count) }
            for step in steps { plan.checks[step].append(test) }
        }
        return plan.checks.isEmpty ? matcher : PatternMatcher(plan: plan)
    }

    /// A first MATCH compiled to run in batches (`VectorMatchPlan`), or with `afterRows`, a
    /// MATCH after rows that shares no variable with them (`UNWIND … AS y MATCH (p) WHERE
    /// p.born.year = y`, `MATCH (a {id: …}) MATCH (b) WHERE b.born = a.born`), matched in batches
    /// once per row, whose values the batches hold (`VectorMatchPlan.outer`); false, with
    /// nothing changed, when its pattern has steps only the row engine runs.
    private mutating func compileVectorMatch(_ patterns: [PatternPart], predicate: Expression?,
                                             afterRows: Bool = false) throws(QueryError) -> Bool {
        guard readOnly, afterRows ? !subquery : stages.isEmpty else { return false }
        let before = scope
        if afterRows {
            guard !patterns.flatMap(\.names).contains(where: before.contains) else { return false }
        }
        var (patterns, predicate) = (patterns, predicate)
        if options.rewrites, let rewritten = PatternProperties.asConjuncts(patterns, predicate: predicate, clause: clauseIndex,
                                                                           before: afterRows ? before : Scope()) {
            (patterns, predicate) = rewritten
        }
        let matcher = try PatternCompiler.compile(patterns, scope: &scope, source: source, hints: indexHints(predicate, in: before))
        // The row engine's compilation raises every error the predicate has.
        if let predicate { _ = try compileExpression(predicate) }
        guard let plan = try VectorMatchPlan.make(matcher, predicate: predicate, scope: scope, source: source, rewrites: options.rewrites,
                                                  outer: afterRows ? before.count : 0) else {
            scope = before
            return false
        }
        if afterRows && options.rewrites { plan.join = try valueJoin(predicate, plan: plan, before: before) }
        let options = self.options
        stages.append { VectorMatchOperator(plan: plan, options: options) }
        vectorMatch = (clauseIndex, stages.count - 1, plan, scope)
        batchOutput = (stages.count - 1, plan.kinds)
        return true
    }

    /// For a MATCH after rows: WHERE's first conjunct `inner = outer` whose one side reads only
    /// the MATCH's variables and the other only the rows' (`p.born.year = y`), as a hash join's
    /// keys (see `VectorMatchOperator.HashJoin`); nil when there is none, or the pattern reads the
    /// rows in a property map.
    private func valueJoin(_ predicate: Expression?, plan: VectorMatchPlan, before: Scope) throws(QueryError) -> VectorMatchOperator.HashJoin? {
        guard let predicate, plan.options.allSatisfy({ !$0.readsRow }) else { return nil }
        for var conjunct in Self.conjuncts(predicate) {
            // A property map's entry as a conjunct (`PatternProperties`): `coalesce(p.name = n, false)`.
            if case .call(let name, false, let arguments) = conjunct.kind, name.lowercased() == "coalesce", arguments.count == 2,
               case .literal(.bool(false)) = arguments[1].kind {
                conjunct = arguments[0]
            }
            guard case .binary(.equal, let lhs, let rhs) = conjunct.kind else { continue }
            for (inner, outer) in [(lhs, rhs), (rhs, lhs)] {
                let innerNames = PredicatePushdown.names(in: inner), outerNames = PredicatePushdown.names(in: outer)
                guard innerNames.patternNames.isEmpty, outerNames.patternNames.isEmpty, !innerNames.variables.isEmpty,
                      !outerNames.variables.isEmpty, innerNames.variables.allSatisfy({ !before.contains($0) && scope.contains($0) }),
                      outerNames.variables.allSatisfy(before.contains) else { continue }
                let compiler = VectorCompiler(scope: scope, source: source, kinds: plan.kinds)
                var outerCompiler = ExpressionCompiler(scope: before, source: source)
                return VectorMatchOperator.HashJoin(inner: try compiler.compile(inner), outer: try outerCompiler.compile(outer),
                                                    predicate: try compiler.compile(predicate))
            }
        }
        return nil
    }

    /// A MATCH or OPTIONAL MATCH right after a MATCH that runs in batches, run in its batches
    /// (`VectorMatchPlan.adding`); false, with nothing changed, when it cannot.
    private mutating func compileVectorFollowing(_ patterns: [PatternPart], optional: Bool,
                                                 predicate: Expression?) throws(QueryError) -> Bool {
        guard let vector = vectorMatch, vector.clause == clauseIndex - 1, vector.stage == stages.count - 1,
              patterns.count == 1 else { return false }
        var (patterns, predicate) = (patterns, predicate)
        if options.rewrites, let rewritten = PatternProperties.asConjuncts(patterns, predicate: predicate, clause: clauseIndex) { (patterns, predicate) = rewritten }
        let before = scope
        let matcher = try PatternCompiler.compile(patterns, scope: &scope, source: source)
        // The row engine's compilation raises every error the predicate has.
        if let predicate { _ = try compileExpression(predicate) }
        guard let plan = try vector.plan.adding(matcher, optional: optional, predicate: predicate, scope: scope, source: source) else {
            scope = before
            return false
        }
        let options = self.options
        stages[vector.stage] = { VectorMatchOperator(plan: plan, options: options) }
        vectorMatch = (clauseIndex, vector.stage, plan, scope)
        batchOutput = (vector.stage, plan.kinds)
        return true
    }

    /// A MATCH or OPTIONAL MATCH on the batches a clause hands on (after an aggregation or a
    /// projection), from a node they hold, in single hops (`BatchOperator`); false, with nothing
    /// changed, when it cannot.
    private mutating func compileBatchMatch(_ patterns: [PatternPart], optional: Bool, predicate: Expression?,
                                            input: [UInt8]) throws(QueryError) -> Bool {
        guard patterns.count == 1 else { return false }
        var (patterns, predicate) = (patterns, predicate)
        if options.rewrites, let rewritten = PatternProperties.asConjuncts(patterns, predicate: predicate, clause: clauseIndex) { (patterns, predicate) = rewritten }
        let before = scope
        let matcher = try PatternCompiler.compile(patterns, scope: &scope, source: source)
        // The row engine's compilation raises every error the predicate has.
        if let predicate { _ = try compileExpression(predicate) }
        var kinds = input
        guard let stage = try VectorMatchPlan.stage(matcher, optional: optional, predicate: predicate, scope: scope, source: source,
                                                    kinds: &kinds) else {
            scope = before
            return false
        }
        stages.append { BatchOperator(inputKinds: input, stages: [.match(stage)], terminal: .emit) }
        batchOutput = (stages.count - 1, kinds)
        return true
    }

    /// A WITH right after a MATCH that runs in batches, which only passes variables on, under
    /// their own names or one other each (`WITH a, b AS c WHERE …`, `WITH DISTINCT a`, `WITH *`;
    /// no aggregate, ORDER BY, SKIP or LIMIT): the batches go on through it. Its WHERE filters the batches; what it drops is
    /// hidden from the clauses after it. False, with nothing changed, for any other WITH.
    private mutating func compilePassingWith(_ projection: Projection, predicate: Expression?) throws(QueryError) -> Bool {
        guard options.vectorized, let vector = vectorMatch, vector.clause == clauseIndex - 1, vector.stage == stages.count - 1,
              projection.orderBy.isEmpty, projection.skip == nil, projection.limit == nil else { return false }
        var kept = Set(projection.star ? scope.visibleNames : [])
        // Variables passed on under another name (`WITH p AS person`), each at most once and
        // not also under its own name.
        var renamed: [(name: String, alias: String)] = []
        for item in projection.items {
            guard case .variable(let name) = item.expression.kind, scope.contains(name) else { return false }
            if item.name == name {
                guard kept.insert(name).inserted else { return false }
            } else {
                renamed.append((name, item.name))
            }
        }
        let aliases = renamed.map(\.alias), sources = renamed.map(\.name)
        guard !kept.isEmpty || !renamed.isEmpty, Set(aliases).count == aliases.count, Set(sources).count == sources.count,
              kept.isDisjoint(with: aliases), kept.isDisjoint(with: sources), Set(aliases).isDisjoint(with: sources),
              renamed.isEmpty || predicate == nil, !projection.distinct || predicate == nil else { return false }
        var plan = vector.plan
        if let predicate {
            // WHERE sees what the WITH drops too (openCypher's WithWhere7). The row engine's
            // compilation raises every error the predicate has.
            _ = try compileExpression(predicate)
            plan = try plan.filtered(by: predicate, scope: scope, source: source)
        }
        let renaming = Set(sources)
        for name in scope.visibleNames where !kept.contains(name) && !renaming.contains(name) { scope.hide(name) }
        // An alias may be the name of a variable just hidden: hidden first, then renamed.
        for (name, alias) in renamed { scope.rename(name, to: alias) }
        if projection.distinct {
            // DISTINCT applies to what the WITH passes on (with no WHERE: see the guard).
            plan = plan.distinct(on: scope.visibleNames.compactMap { scope.slot($0) })
        }
        let options = self.options
        stages[vector.stage] = { VectorMatchOperator(plan: plan, options: options) }
        vectorMatch = (clauseIndex, vector.stage, plan, scope)
        batchOutput = (vector.stage, plan.kinds)
        return true
    }

    /// The operands of a chain of ANDs, left to right.
    static func conjuncts(_ expression: Expression) -> [Expression] {
        if case .binary(.and, let lhs, let rhs) = expression.kind { return conjuncts(lhs) + conjuncts(rhs) }
        return [expression]
    }

    /// Moves `conjunct` into the step that binds its relationship when it compares `r.key` (or
    /// `r.key.year`, `.month`, `.day`) with a literal or a parameter, and into the steps that
    /// bind a node `n` when it is `n <> m` with `m` bound before the MATCH; false when it cannot.
    mutating func push(_ conjunct: Expression, into matcher: PatternMatcher, before: Scope) throws(QueryError) -> Bool {
        if case .binary(.notEqual, let lhs, let rhs) = conjunct.kind,
           case .variable(let left) = lhs.kind, case .variable(let right) = rhs.kind {
            for (new, old) in [(left, right), (right, left)] where !before.contains(new) {
                guard let other = before.slot(old), let slot = scope.slot(new),
                      let nodes = matcher.filterableNodes(slot: slot) else { continue }
                for node in nodes { node.distinctFrom.append(other) }
                return true
            }
            return false
        }
        guard case .binary(let op, let lhs, let rhs) = conjunct.kind,
              [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(op) else { return false }
        func access(_ expression: Expression) -> (variable: String, key: String, component: PushedFilter.Component?)? {
            guard case .property(let owner, let name) = expression.kind else { return nil }
            if case .variable(let variable) = owner.kind { return (variable, name, nil) }
            guard case .property(let inner, let key) = owner.kind, case .variable(let variable) = inner.kind else { return nil }
            let component: PushedFilter.Component? = switch name.lowercased() {
            case "year": .year
            case "month": .month
            case "day": .day
            default: nil
            }
            return component.map { (variable, key, $0) }
        }
        func isConstant(_ expression: Expression) -> Bool {
            switch expression.kind {
            case .literal, .parameter: true
            default: false
            }
        }
        let (found, constant, normalized): ((variable: String, key: String, component: PushedFilter.Component?)?, Expression, BinaryOperator)
        if let left = access(lhs), isConstant(rhs) {
            (found, constant, normalized) = (left, rhs, op)
        } else if let right = access(rhs), isConstant(lhs) {
            (found, constant, normalized) = (right, lhs, op.flipped)
        } else {
            return false
        }
        guard let found, !before.contains(found.variable), let slot = scope.slot(found.variable),
              let relationship = matcher.filterableRelationship(slot: slot) else { return false }
        relationship.filters.append(PushedFilter(key: SymbolCache([found.key]), component: found.component, op: normalized,
                                                 constant: try compileExpression(constant),
                                                 general: try compileExpression(conjunct), range: conjunct.range))
        return true
    }

    /// Conjuncts of WHERE that an index can answer: `n.id = text`, `n.id IN texts` and `n.name ~ text`, where
    /// the text depends only on what is bound before the MATCH.
    private func indexHints(_ predicate: Expression?, in before: Scope) -> PatternCompiler.Hints {
        var hints = PatternCompiler.Hints()
        hints.unread = unread
        var conjuncts = predicate.map { [$0] } ?? []
        while let expression = conjuncts.popLast() {
            guard case .binary(let op, let lhs, let rhs) = expression.kind else { continue }
            if op == .and { conjuncts += [lhs, rhs]; continue }
            // `n.id IN list`: the nodes of each id in the list (a list of strings; any other
            // value leaves the scan as it is).
            if op == .in, case .property(let owner, "id") = lhs.kind, case .variable(let name) = owner.kind, !before.contains(name) {
                var compiler = ExpressionCompiler(scope: before, source: source)
                if let evaluator = try? compiler.compile(rhs) { hints.id[name] = evaluator }
                continue
            }
            // `~`, CONTAINS, STARTS WITH and ENDS WITH on `name` take candidates from the
            // folded-name index: a name containing the text exactly (at its start, its end or
            // anywhere) also contains it folded, so the index finds a superset, and the
            // predicate (still applied to every row) keeps the exact matches.
            guard [.equal, .foldedContains, .contains, .startsWith, .endsWith].contains(op) else { continue }
            for (property, value) in [(lhs, rhs), (rhs, lhs)] {
                guard case .property(let owner, let key) = property.kind, case .variable(let name) = owner.kind,
                      !before.contains(name) else { continue }
                var compiler = ExpressionCompiler(scope: before, source: source)
                guard let evaluator = try? compiler.compile(value) else { continue }
                if op == .equal && key == "id" { hints.id[name] = evaluator }
                if op != .equal && key == "name" && property.range == lhs.range { hints.name[name] = evaluator }
            }
        }
        return hints
    }

    private mutating func compileUnwind(_ expression: Expression, _ variable: String, _ range: SourceRange) throws(QueryError) {
        let list = try compileExpression(expression)
        // `UNWIND range(a, b, step)`: the integers one by one, no list built, so any count
        // runs in constant memory (and Ctrl-C stops it).
        if case .call(let name, false, let arguments) = expression.kind, name.lowercased() == "range", (2...3).contains(arguments.count) {
            let bounds = try arguments.map { (argument) throws(QueryError) in try compileExpression(argument) }
            let slot = scope.declare(variable)
            let width = scope.count
            let callRange = expression.range
            stages.append {
                MapOperator { row, context, emit in
                    let values = try bounds.map { try $0(row, context) }
                    guard case .int(let start) = values[0], case .int(let end) = values[1] else {
                        throw QueryError(.type, "range() needs integers", at: callRange, detail: "InvalidArgumentType")
                    }
                    var step: Int64 = 1
                    if values.count == 3 {
                        guard case .int(let given) = values[2] else {
                            throw QueryError(.type, "range() needs integers", at: callRange, detail: "InvalidArgumentType")
                        }
                        step = given
                    }
                    if step == 0 { throw QueryError(.argument, "range() step must not be zero", at: callRange, detail: "NumberOutOfRange") }
                    var extended = row.padded(to: width)
                    var current = start
                    while step > 0 ? current <= end : current >= end {
                        try context.checkCancel()
                        extended[slot] = .int(current)
                        guard try emit(extended) else { return false }
                        let (next, overflowed) = current.addingReportingOverflow(step)
                        if overflowed { break }
                        current = next
                    }
                    return true
                }
            }
            return
        }
        if let input = batchInput {
            // In batches: the list's kernel over each batch, the elements in a new slot.
            let kernel = try VectorCompiler(scope: scope, source: source, kinds: input).compile(expression)
            scope.declare(variable)
            let stage = BatchOperator.Stage.unwind(kernel)
            stages.append { BatchOperator(inputKinds: input, stages: [stage], terminal: .emit) }
            batchOutput = (stages.count - 1, BatchOperator.kinds(after: [stage], from: input))
            return
        }
        let slot = scope.declare(variable)
        let width = scope.count
        stages.append {
            MapOperator { row, context, emit in
                let value = try list(row, context)
                let items: [Value]
                switch value {
                case .list(let elements): items = elements
                case .null: items = []
                default: items = [value]
                }
                var extended = row.padded(to: width)
                for item in items {
                    extended[slot] = item
                    guard try emit(extended) else { return false }
                }
                return true
            }
        }
    }
}

/// MATCH: each input row extended with every match (filtered by what is left of WHERE); with
/// OPTIONAL, a row without matches passes with the new variables null. A batch of matches the
/// matcher finds at once goes on to an aggregation as one batch, filtered first.
final class MatchOperator: Operator {
    let matcher: PatternMatcher
    let filter: Evaluator?
    let predicateRange: SourceRange
    let optional: Bool
    let width: Int
    let newSlots: Range<Int>
    let batches: Bool

    init(matcher: PatternMatcher, filter: Evaluator?, predicateRange: SourceRange, optional: Bool, width: Int, newSlots: Range<Int>) {
        self.matcher = matcher
        batches = matcher.mayBatch
        self.filter = filter
        self.predicateRange = predicateRange
        self.optional = optional
        self.width = width
        self.newSlots = newSlots
    }

    override func push(_ row: Row, _ context: ExecutionContext) throws -> Bool {
        try context.checkCancel()
        var matched = false
        var keepGoing = true
        let next = self.next!
        // Only an aggregation: it takes every row anyway, so finding (and filtering) them all
        // first does no work that a LIMIT would have spared.
        let batch: PatternMatcher.Batch? = optional || !batches || !(next is BufferingAggregation) ? nil : { row, slot, nodes in
            guard let filter = self.filter else {
                keepGoing = try next.push(row, slot: slot, nodes: nodes, context)
                return keepGoing
            }
            var candidate = row
            var kept: [NodeID] = []
            kept.reserveCapacity(nodes.count)
            for node in nodes {
                candidate[slot] = .node(node)
                if try Operations.truth(try filter(candidate, context), self.predicateRange) == true { kept.append(node) }
            }
            keepGoing = try kept.isEmpty || next.push(row, slot: slot, nodes: kept, context)
            return keepGoing
        }
        try matcher.forEachMatch(row.padded(to: width), context, batch: batch) { candidate in
            if let filter, try Operations.truth(try filter(candidate, context), predicateRange) != true { return true }
            matched = true
            keepGoing = try next.push(candidate, context)
            return keepGoing
        }
        if optional && !matched {
            var padded = row.padded(to: width)
            for slot in newSlots { padded[slot] = .null }
            return try next.push(padded, context)
        }
        return keepGoing
    }
}
