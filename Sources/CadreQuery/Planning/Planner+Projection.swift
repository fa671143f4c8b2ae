import CadreGraph
import Glibc

extension Planner {
    /// WITH and RETURN: projection, aggregation, DISTINCT, ORDER BY, SKIP, LIMIT, and WITH's
    /// WHERE. Returns the column names; afterwards only those are in scope.
    mutating func compileProjection(_ projection: Projection, predicate: Expression?,
                                    isReturn: Bool) throws(QueryError) -> [String] {
        if options.rewrites, let (inner, outer) = splitAtAggregates(projection, predicate: predicate) {
            // `WITH a, collect(x)[0..3] AS some`: the aggregates first, as columns of their
            // own, then what is computed from them, as a plain projection.
            _ = try compileProjection(inner, predicate: nil, isReturn: false)
            takeBatchOutput()
            return try compileProjection(outer, predicate: predicate, isReturn: isReturn)
        }
        let (spelledItems, names, kinds) = try projectionItems(projection, isReturn: isReturn)
        var (items, aggregating) = (spelledItems, spelledItems.contains { $0.expression.containsAggregate })
        let (projection, predicate) = aggregating ? readingColumns(items, projection, predicate) : (projection, predicate)
        if aggregating, let counted = countedKey, let columns = Self.countsAsColumns(items, counted) {
            // The counted chain's rows are already one per key node with its count.
            items = columns
            aggregating = false
        }
        countedKey = nil
        let scopeBefore = scope
        // Without aggregation, ORDER BY and WITH's WHERE may also use the variables from before
        // the projection: rows keep them beside the items until those have run.
        var extended: Scope? = nil
        let stagesBefore = stages.count
        var aggregated: (stage: Int, kinds: [UInt8])? = nil
        if aggregating {
            try compileAggregation(items)
            if let fused = try fuseAggregation(items, stagesBefore: stagesBefore) {
                aggregated = (stagesBefore - 1, fused.outputKinds)
            } else if let input = batchInput,
                      let aggregation = try VectorAggregation.make(items, compiler: VectorCompiler(scope: scope, source: source, kinds: input),
                                                                   weights: countWeights.map { ($0, boundInEveryRow) }) {
                stages[stagesBefore] = { BatchOperator(inputKinds: input, stages: [], terminal: .aggregate(aggregation)) }
                aggregated = (stagesBefore, aggregation.outputKinds)
            } else if countWeights != nil, let counted = countedRows, counted.stage == stagesBefore - 1 {
                // The counted chain hands on weighted rows instead, which the row engine's
                // aggregation counts.
                stages[counted.stage] = counted.make
            }
            countedRows = nil
            scope = Scope()
            for (name, kind) in zip(names, kinds) { scope.declare(name); scope.setKind(kind, for: name) }
        } else {
            extended = try compilePlainProjection(items, keepOld: !projection.orderBy.isEmpty || predicate != nil)
            if extended == nil {
                scope = Scope()
                for (name, kind) in zip(names, kinds) { scope.declare(name); scope.setKind(kind, for: name) }
            }
        }
        if projection.distinct { addDistinct(width: names.count) }
        let slice = try sliceCounts(projection)
        if !projection.orderBy.isEmpty {
            try addSort(projection.orderBy, items: items, orderScope: extended ?? scope, keep: slice)
        }
        if slice.skip != nil || slice.limit != nil {
            stages.append { LazySlice(skip: slice.skip, limit: slice.limit) }
        }
        if let predicate {
            var compiler = ExpressionCompiler(scope: extended ?? scope, source: source)
            try StaticType.requireBoolean(predicate, in: extended ?? scope)
            let filter = try compiler.compile(predicate)
            let range = predicate.range
            stages.append {
                MapOperator { row, context, emit in
                    try Operations.truth(try filter(row, context), range) == true ? try emit(row) : true
                }
            }
        }
        if extended != nil {
            let width = names.count
            stages.append { MapOperator { row, _, emit in try emit(Array(row.prefix(width))) } }
            scope = Scope()
            for (name, kind) in zip(names, kinds) { scope.declare(name); scope.setKind(kind, for: name) }
        }
        if !aggregating && !projection.distinct && predicate == nil, let limit = slice.limit,
           try fuseTopK(items, projection.orderBy, skip: slice.skip, limit: limit, stagesBefore: stagesBefore) {
            return names
        }
        if let aggregated {
            try batchesAfterAggregation(projection, items: items, predicate: predicate, slice: slice, aggregated: aggregated)
        } else if !aggregating, let input = batchInput {
            try batchProjection(projection, items: items, predicate: predicate, slice: slice, input: input,
                                before: scopeBefore, extended: extended, stagesBefore: stagesBefore)
        }
        return names
    }

    /// A projection whose items compute with aggregates (`collect(x)[0..3]`, `count(*) * 2`,
    /// `max(x) - min(x)`), split in two: the grouping keys and each aggregate call as its own
    /// column (unspellable names), then the items computed from those columns, with DISTINCT,
    /// ORDER BY, WHERE, SKIP and LIMIT. So every aggregation runs as plain aggregates (in
    /// batches where the input allows). Nil when no item needs it, or when a part cannot be
    /// read from the columns (a variable of the items' own, a pattern, an aggregate in ORDER
    /// BY or WHERE): the projection runs whole, as before.
    private func splitAtAggregates(_ projection: Projection, predicate: Expression?) -> (inner: Projection, outer: Projection)? {
        func isAggregate(_ expression: Expression) -> Bool {
            let calls = ExpressionCompiler.aggregateCalls(in: expression)
            return calls.count == 1 && calls[0].range == expression.range
        }
        guard !projection.star,
              projection.items.contains(where: { $0.expression.containsAggregate && !isAggregate($0.expression) }),
              !projection.orderBy.contains(where: { $0.expression.containsAggregate }), !(predicate?.containsAggregate ?? false)
        else { return nil }
        var innerItems: [Projection.Item] = []
        var keyNames: [String: String] = [:]
        for item in projection.items where !item.expression.containsAggregate {
            innerItems.append(item)
            // Only a plain key (a variable or its property) may be read inside an aggregating
            // item; anything more complex is ambiguous, as openCypher says (the unsplit
            // projection raises it).
            switch item.expression.kind {
            case .variable: keyNames[source.text(in: item.expression.range)] = item.name
            case .property(let owner, _):
                if case .variable = owner.kind { keyNames[source.text(in: item.expression.range)] = item.name }
            default: break
            }
        }
        var outerItems: [Projection.Item] = []
        for item in projection.items {
            guard item.expression.containsAggregate else {
                outerItems.append(Projection.Item(expression: Expression(.variable(item.name), item.expression.range),
                                                  alias: item.alias, name: item.name))
                continue
            }
            var readable = true
            let source = self.source
            let computed = item.expression.replacingParts { part in
                if isAggregate(part) {
                    let name = " aggregate \(innerItems.count)"
                    innerItems.append(Projection.Item(expression: part, alias: name, name: name))
                    return Expression(.variable(name), part.range)
                }
                if let key = keyNames[source.text(in: part.range)] { return Expression(.variable(key), part.range) }
                switch part.kind {
                case .variable, .pattern, .exists, .patternComprehension, .mapProjection, .listComprehension, .quantifier, .reduce:
                    // Read from before the aggregation, or a scope of its own: not split.
                    readable = false
                default:
                    break
                }
                return nil
            }
            guard readable else { return nil }
            outerItems.append(Projection.Item(expression: computed, alias: item.alias, name: item.name))
        }
        let inner = Projection(distinct: false, star: false, items: innerItems, orderBy: [], skip: nil, limit: nil, range: projection.range)
        var outer = projection
        outer.items = outerItems
        return (inner, outer)
    }

    /// `WITH p, count(*) AS k` over a counted chain keyed by `p`: the chain passes one row per
    /// node with matches, its count in a slot of its own, so the groups are the rows and each
    /// count reads that slot. Nil when an item is neither the key node nor a count.
    private static func countsAsColumns(_ items: [Projection.Item],
                                        _ counted: (key: String, weight: String)) -> [Projection.Item]? {
        var keyed = false
        var columns = items
        for index in items.indices {
            let expression = items[index].expression
            switch expression.kind {
            case .variable(let name) where name == counted.key:
                keyed = true
            case .countStar, .call:
                // The counted chain admits `count(*)` and `count(v)` of a chain variable only.
                columns[index].expression = Expression(.variable(counted.weight), expression.range)
            default:
                return nil
            }
        }
        return keyed ? columns : nil
    }

    /// Only the columns are left after an aggregation: what ORDER BY and WHERE spell as an
    /// item (`WITH a.name AS name, count(*) AS n ORDER BY a.name + 'C'`) reads its column.
    private func readingColumns(_ items: [Projection.Item], _ projection: Projection,
                                _ predicate: Expression?) -> (Projection, Expression?) {
        var spelled: [String: String] = [:]
        for item in items where spelled[source.text(in: item.expression.range)] == nil {
            spelled[source.text(in: item.expression.range)] = item.name
        }
        let source = self.source
        let column = { (part: Expression) -> Expression? in
            spelled[source.text(in: part.range)].map { Expression(.variable($0), part.range) }
        }
        var projection = projection
        projection.orderBy = projection.orderBy.map {
            Projection.SortItem(expression: $0.expression.replacingParts(column), descending: $0.descending)
        }
        return (projection, predicate?.replacingParts(column))
    }

    /// The items of a projection, `*` spelled out (sorted for RETURN), checked (each column
    /// named once, WITH's expressions aliased), with their names and what each holds.
    private func projectionItems(_ projection: Projection, isReturn: Bool) throws(QueryError)
        -> (items: [Projection.Item], names: [String], kinds: [VariableKind]) {
        var items = projection.items
        if projection.star {
            var names = scope.visibleNames
            if isReturn { names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
            let range = SourceRange.at(projection.range.start)
            items = names.map { Projection.Item(expression: Expression(.variable($0), range), alias: $0, name: $0) } + items
        }
        let names = items.map(\.name)
        let kinds = items.map { item -> VariableKind in
            switch item.expression.kind {
            case .variable(let name): scope.kind(of: name)
            case .literal(let value): value.isNull ? .unknown : .value(StaticType.of(item.expression, in: scope))
            case .list, .map: .value(StaticType.of(item.expression, in: scope))
            default: .unknown
            }
        }
        return (items, names, kinds)
    }

    /// What follows an aggregation that hands on batches (`aggregated`: its stage and kinds),
    /// run on them: WITH's WHERE as a filter, or ORDER BY … LIMIT as top rows. The row stages
    /// compiled after it (for their checks) make way. A sort without LIMIT stays with the row
    /// engine.
    private mutating func batchesAfterAggregation(_ projection: Projection, items: [Projection.Item], predicate: Expression?,
                                                  slice: (skip: Evaluator?, limit: Evaluator?),
                                                  aggregated: (stage: Int, kinds: [UInt8])) throws(QueryError) {
        // DISTINCT after an aggregation changes nothing: each group's keys are its own.
        if projection.distinct { stages.remove(at: aggregated.stage + 1) }
        let kinds = aggregated.kinds
        let compiler = VectorCompiler(scope: scope, source: source, kinds: kinds)
        if projection.orderBy.isEmpty && slice.skip == nil && slice.limit == nil {
            guard let predicate else {
                batchOutput = aggregated
                return
            }
            let stage = BatchOperator.Stage.filter(try compiler.compile(predicate), range: predicate.range)
            stages[stages.count - 1] = { BatchOperator(inputKinds: kinds, stages: [stage], terminal: .emit) }
            batchOutput = (stages.count - 1, kinds)
            return
        }
        guard !projection.orderBy.isEmpty, let limit = slice.limit, predicate == nil else { return }
        let columns = kinds.indices.map { Self.slotKernel($0, kinds) }
        let topK = VectorTopK(items: columns, keys: try sortKeys(projection.orderBy, items: items, columns: columns, compiler: compiler),
                              skip: slice.skip, limit: limit)
        stages.removeLast(stages.count - aggregated.stage - 1)
        stages.append { BatchOperator(inputKinds: kinds, stages: [], terminal: .top(topK)) }
    }

    /// A projection without aggregates on the batches it receives: the items as kernels, then
    /// DISTINCT, then WITH's WHERE, or ORDER BY … LIMIT as top rows. The row stages compiled
    /// for it (for their checks) make way. A sort without LIMIT, or a slice without a sort,
    /// takes the rows the batches give after the items and DISTINCT (`rowTail`).
    private mutating func batchProjection(_ projection: Projection, items: [Projection.Item], predicate: Expression?,
                                          slice: (skip: Evaluator?, limit: Evaluator?), input: [UInt8], before: Scope,
                                          extended: Scope?, stagesBefore: Int) throws(QueryError) {
        guard stages.count > stagesBefore else { return }
        let sorted = !projection.orderBy.isEmpty && slice.limit != nil && predicate == nil
        let plain = projection.orderBy.isEmpty && slice.skip == nil && slice.limit == nil
        let inputCompiler = VectorCompiler(scope: before, source: source, kinds: input)
        let kernels = try items.map { (item) throws(QueryError) in try inputCompiler.compile(item.expression) }
        let keepOld = extended != nil
        let project = BatchOperator.Stage.project(kernels, keepOld: keepOld)
        guard sorted || plain else {
            rowTail([project] + (projection.distinct ? [.distinct(items.count)] : []), input: input, stagesBefore: stagesBefore)
            return
        }
        let projectedKinds = BatchOperator.kinds(after: [project], from: input)
        let itemKinds = Array(projectedKinds.prefix(items.count))
        let compiler = VectorCompiler(scope: extended ?? scope, source: source, kinds: projectedKinds)
        stages.removeLast(stages.count - stagesBefore)
        if sorted {
            let columns = itemKinds.indices.map { Self.slotKernel($0, itemKinds) }
            let topK = VectorTopK(items: columns, keys: try sortKeys(projection.orderBy, items: items, columns: columns, compiler: compiler),
                                  skip: slice.skip, limit: slice.limit!)
            let batchStages = projection.distinct ? [project, .distinct(items.count)] : [project]
            stages.append { BatchOperator(inputKinds: input, stages: batchStages, terminal: .top(topK)) }
            return
        }
        var run = [project]
        if projection.distinct { run.append(.distinct(items.count)) }
        if let predicate { run.append(.filter(try compiler.compile(predicate), range: predicate.range)) }
        if keepOld { run.append(.trim(items.count)) }
        let batchStages = run
        stages.append { BatchOperator(inputKinds: input, stages: batchStages, terminal: .emit) }
        batchOutput = (stages.count - 1, itemKinds)
    }

    /// The projection's items (and DISTINCT) in batches, which hand rows, laid out as the row
    /// stages compiled for them made theirs, to the row stages after them (a sort, a slice,
    /// WITH's WHERE, the trim of the old variables).
    private mutating func rowTail(_ run: [BatchOperator.Stage], input: [UInt8], stagesBefore: Int) {
        stages.removeSubrange(stagesBefore..<(stagesBefore + run.count))
        stages.insert({ BatchOperator(inputKinds: input, stages: run, terminal: .emit) }, at: stagesBefore)
    }

    /// The kernel reading slot `slot` of batches whose slots hold `kinds`.
    private static func slotKernel(_ slot: Int, _ kinds: [UInt8]) -> VectorExpression {
        kinds[slot] == VectorTag.node || kinds[slot] == VectorTag.edge ? EntityKernel(slot: slot, tag: kinds[slot]) : ValueKernel(slot: slot)
    }

    /// ORDER BY's keys as kernels: a key written as an item is (or named by its alias) reads that
    /// item's column (`columns`); any other is compiled by `compiler`.
    private func sortKeys(_ orderBy: [Projection.SortItem], items: [Projection.Item], columns: [VectorExpression],
                          compiler: VectorCompiler) throws(QueryError) -> [(kernel: VectorExpression, descending: Bool)] {
        var keys: [(kernel: VectorExpression, descending: Bool)] = []
        for sortItem in orderBy {
            let text = source.text(in: sortItem.expression.range)
            if let column = items.firstIndex(where: { source.text(in: $0.expression.range) == text && $0.alias == nil || $0.name == text }) {
                keys.append((columns[column], sortItem.descending))
            } else {
                keys.append((try compiler.compile(sortItem.expression), sortItem.descending))
            }
        }
        return keys
    }

    /// ORDER BY with LIMIT right after a MATCH that runs in batches runs inside it
    /// (`VectorTopK`): the projection, sort, slice and trim stages (compiled above, for their
    /// checks) and the MATCH's become one. Not when a sort key names an item's alias inside a
    /// larger expression (it means the item there, which the MATCH's rows do not hold).
    private mutating func fuseTopK(_ items: [Projection.Item], _ orderBy: [Projection.SortItem], skip: Evaluator?,
                                   limit: @escaping Evaluator, stagesBefore: Int) throws(QueryError) -> Bool {
        guard let vector = vectorMatch, vector.clause == clauseIndex - 1, vector.stage == stagesBefore - 1, !orderBy.isEmpty
        else { return false }
        let compiler = VectorCompiler(scope: vector.scope, source: source, kinds: vector.plan.kinds)
        let names = Set(items.map(\.name))
        var kernels: [VectorExpression] = []
        for item in items { kernels.append(try compiler.compile(item.expression)) }
        var keys: [(kernel: VectorExpression, descending: Bool)] = []
        for sortItem in orderBy {
            let text = source.text(in: sortItem.expression.range)
            if let column = items.firstIndex(where: { source.text(in: $0.expression.range) == text && $0.alias == nil || $0.name == text }) {
                keys.append((kernels[column], sortItem.descending))
                continue
            }
            var namesAnItem = false
            ExpressionCompiler.visit(sortItem.expression) { node in
                if case .variable(let name) = node.kind, names.contains(name) { namesAnItem = true }
                return !namesAnItem
            }
            guard !namesAnItem else { return false }
            keys.append((try compiler.compile(sortItem.expression), sortItem.descending))
        }
        let plan = vector.plan
        let topK = VectorTopK(items: kernels, keys: keys, skip: skip, limit: limit)
        stages.removeLast(stages.count - vector.stage)
        let options = self.options
        stages.append { VectorMatchOperator(plan: plan, topK: topK, options: options) }
        vectorMatch = nil
        return true
    }

    /// An aggregation right after a MATCH that runs in batches runs inside it: the
    /// aggregation's stage (compiled above, for its checks) and the MATCH's become one.
    private mutating func fuseAggregation(_ items: [Projection.Item], stagesBefore: Int) throws(QueryError) -> VectorAggregation? {
        guard let vector = vectorMatch, vector.clause == clauseIndex - 1, vector.stage == stagesBefore - 1,
              stages.count == stagesBefore + 1 else { return nil }
        let compiler = VectorCompiler(scope: vector.scope, source: source, kinds: vector.plan.kinds)
        guard let aggregation = try VectorAggregation.make(items, compiler: compiler) else { return nil }
        let plan = vector.plan
        stages.removeLast(2)
        let options = self.options
        stages.append { VectorMatchOperator(plan: plan, aggregation: aggregation, options: options) }
        vectorMatch = nil
        return aggregation
    }

    private func isVariable(_ expression: Expression) -> Bool {
        if case .variable = expression.kind { return true }
        return false
    }

    /// Without aggregates: compute the items; with `keepOld`, the old variables stay beside
    /// them, and the scope of those widened rows is returned.
    private mutating func compilePlainProjection(_ items: [Projection.Item], keepOld: Bool) throws(QueryError) -> Scope? {
        let evaluators = try items.map { (item) throws(QueryError) in try compileExpression(item.expression) }
        let oldWidth = scope.count
        stages.append {
            MapOperator { row, context, emit in
                var projected = try evaluators.map { try $0(row, context) }
                if keepOld { projected += row.padded(to: oldWidth) }
                return try emit(projected)
            }
        }
        guard keepOld else { return nil }
        var widened = Scope()
        for item in items { widened.declare(item.name) }
        for name in scope.names {
            if widened.contains(name) {
                widened.declareHidden()
            } else {
                widened.declare(name)
                widened.setKind(scope.kind(of: name), for: name)
            }
        }
        return widened
    }

    /// Groups rows by the non-aggregate items and folds the aggregates of each group
    /// (`BufferingAggregation`).
    private mutating func compileAggregation(_ items: [Projection.Item]) throws(QueryError) {
        var keyIndices: [Int] = []
        var keyEvaluators: [Evaluator] = []
        var calls: [Expression] = []
        for (index, item) in items.enumerated() {
            let found = ExpressionCompiler.aggregateCalls(in: item.expression)
            if found.isEmpty {
                keyIndices.append(index)
                keyEvaluators.append(try compileExpression(item.expression))
            } else {
                for call in found where !calls.contains(where: { $0.range == call.range }) {
                    calls.append(call)
                }
            }
        }
        var aggregates: [RowAggregationPlan.Aggregate] = []
        for call in calls { if let aggregate = try compileAggregate(call) { aggregates.append(aggregate) } }
        let grouped = try compileGroupRow(items, keyIndices: keyIndices, calls: calls)
        // Grouping by a node's property (`o.id`): only while nothing in the query can change
        // properties between rows.
        var nodeKeySlot: Int? = nil
        var nodeKey = SymbolCache([])
        if keyIndices.count == 1, !updates, case .property(let owner, let key) = items[keyIndices[0]].expression.kind,
           case .variable(let name) = owner.kind, let slot = scope.slot(name) {
            nodeKeySlot = slot
            nodeKey = SymbolCache([key])
        }
        let plan = RowAggregationPlan(keyIndices: keyIndices, keyEvaluators: keyEvaluators, keyAliasSlots: grouped.keyAliasSlots,
                                      aggregates: aggregates, resultSlots: grouped.resultSlots, finals: grouped.finals,
                                      width: grouped.width, itemCount: items.count, nodeKeySlot: nodeKeySlot, nodeKey: nodeKey)
        stages.append { BufferingAggregation(plan: plan) }
    }

    /// One aggregate call, checked, its arguments compiled in the input scope.
    private mutating func compileAggregate(_ call: Expression) throws(QueryError) -> RowAggregationPlan.Aggregate? {
        switch call.kind {
        case .countStar:
            return .init(kind: .countStar, distinct: false, arguments: [], range: call.range, argumentSlot: nil)
        case .call(let name, let distinct, let arguments):
            let kind = Accumulator.Kind(rawValue: name.lowercased())!
            // Counting a variable every row binds (a node or relationship of a chain whose
            // matches are counted, not built) counts rows.
            if kind == .count, !distinct, case .variable(let name) = arguments[0].kind, boundInEveryRow.contains(name) {
                return .init(kind: .countStar, distinct: false, arguments: [], range: call.range, argumentSlot: nil)
            }
            let evaluators = try arguments.map { (argument) throws(QueryError) in try compileExpression(argument) }
            var slot: Int? = nil
            if case .variable(let name) = arguments[0].kind { slot = scope.slot(name) }
            return .init(kind: kind, distinct: distinct, arguments: evaluators, range: call.range, argumentSlot: slot)
        default:
            return nil
        }
    }

    /// How a group's row is laid out and finished: the items' slots, then plain variables used
    /// as keys under their own names, then the aggregates' results; the items holding
    /// aggregates compiled over that row.
    private func compileGroupRow(_ items: [Projection.Item], keyIndices: [Int], calls: [Expression]) throws(QueryError)
        -> (keyAliasSlots: [Int?], resultSlots: [Int], finals: [(index: Int, evaluator: Evaluator)], width: Int) {
        var post = Scope()
        for item in items { post.declare(item.name) }
        for index in keyIndices {
            if case .variable(let name) = items[index].expression.kind, !post.contains(name) {
                post.declare(name)
            }
        }
        let keyAliasSlots = keyIndices.map { index -> Int? in
            if case .variable(let name) = items[index].expression.kind { return post.slot(name) }
            return nil
        }
        var compiler = ExpressionCompiler(scope: post, source: source)
        // Only plain keys (a variable or its property) may be reused inside an aggregating item;
        // anything more complex is ambiguous, as openCypher says.
        for index in keyIndices {
            var plain = false
            switch items[index].expression.kind {
            case .variable: plain = true
            case .property(let owner, _): if case .variable = owner.kind { plain = true }
            default: break
            }
            if plain { compiler.groupingKeys[source.text(in: items[index].expression.range)] = index }
        }
        var aggregateSlots: [Int: Int] = [:]
        for call in calls { aggregateSlots[call.range.start] = compiler.scope.declareHidden() }
        compiler.aggregateSlots = aggregateSlots
        var finals: [(index: Int, evaluator: Evaluator)] = []
        for (index, item) in items.enumerated() where !keyIndices.contains(index) {
            finals.append((index, try compiler.compile(item.expression)))
        }
        return (keyAliasSlots, calls.map { aggregateSlots[$0.range.start]! }, finals, compiler.scope.count)
    }

    private mutating func addDistinct(width: Int) {
        stages.append {
            var seen = Set<[Equivalent]>()
            return MapOperator { row, _, emit in
                seen.insert(row.prefix(width).map(Equivalent.init)).inserted ? try emit(row) : true
            }
        }
    }

    /// ORDER BY: a sort item written exactly like a projected item's expression sorts by that
    /// column (so `ORDER BY count(*)` works after `RETURN count(*)`).
    /// ORDER BY: a stable sort; with a LIMIT, only the first SKIP + LIMIT rows are kept in
    /// order (one pass, binary insertion), not the whole input sorted.
    private mutating func addSort(_ sortItems: [Projection.SortItem], items: [Projection.Item], orderScope: Scope,
                                  keep: (skip: Evaluator?, limit: Evaluator?)) throws(QueryError) {
        var compiler = ExpressionCompiler(scope: orderScope, source: source)
        var keys: [(Evaluator, Bool)] = []
        for sortItem in sortItems {
            let text = source.text(in: sortItem.expression.range)
            if let column = items.firstIndex(where: { source.text(in: $0.expression.range) == text && $0.alias == nil || $0.name == text }) {
                keys.append(({ row, _ in row[column] }, sortItem.descending))
                continue
            }
            keys.append((try compiler.compile(sortItem.expression), sortItem.descending))
        }
        stages.append {
            BufferOperator { rows, context in
                func precedes(_ lhs: (offset: Int, keys: [Value]), _ rhs: (offset: Int, keys: [Value])) -> Bool {
                    for (index, key) in keys.enumerated() {
                        let order = Comparison.order(lhs.keys[index], rhs.keys[index])
                        if order != 0 { return key.1 ? order > 0 : order < 0 }
                    }
                    return lhs.offset < rhs.offset
                }
                if let limit = keep.limit, case .int(let count) = try limit([], context) {
                    var kept = Int(count)
                    if let skip = keep.skip, case .int(let skipped) = try skip([], context) { kept += Int(skipped) }
                    if kept <= 1_000 && kept < rows.count / 2 {
                        // The first `kept` rows in order, by binary insertion; a row's keys go
                        // into one scratch array, kept only when the row is.
                        var best: [(offset: Int, keys: [Value])] = []
                        best.reserveCapacity(kept + 1)
                        var scratch = [Value](repeating: .null, count: keys.count)
                        for (offset, row) in rows.enumerated() {
                            for index in keys.indices { scratch[index] = try keys[index].0(row, context) }
                            let item = (offset: offset, keys: scratch)
                            if best.count == kept {
                                guard let last = best.last, precedes(item, last) else { continue }
                            }
                            var low = 0, high = best.count
                            while low < high {
                                let mid = (low + high) / 2
                                if precedes(best[mid], item) { low = mid + 1 } else { high = mid }
                            }
                            best.insert(item, at: low)
                            if best.count > kept { best.removeLast() }
                        }
                        return best.map { rows[$0.offset] }
                    }
                }
                // The keys in one flat array and the rows sorted as their offsets: moving an
                // integer costs nothing, moving a row with its array of keys a retain and a
                // release each time (most of the sort's time, measured).
                let width = keys.count
                let descending = keys.map(\.1)
                var flat: [Value] = []
                flat.reserveCapacity(rows.count * width)
                for row in rows { for key in keys { flat.append(try key.0(row, context)) } }
                var order = Array(0..<rows.count)
                // A column of strings only is compared as its UTF-8 bytes in one buffer, as
                // `Comparison.order` compares strings, without copying a string per comparison.
                let strings = (0..<width).map { Self.utf8Column(flat, column: $0, width: width) }
                flat.withUnsafeBufferPointer { flat in
                    order.sort { a, b in
                        for index in 0..<width {
                            let found = if let column = strings[index] {
                                column.order(a, b)
                            } else {
                                Comparison.order(flat[a * width + index], flat[b * width + index])
                            }
                            if found != 0 { return descending[index] ? found > 0 : found < 0 }
                        }
                        return a < b
                    }
                }
                return order.map { rows[$0] }
            }
        }
    }

    /// The strings of one column of sort keys as UTF-8 bytes in one buffer; nil unless every
    /// key of the column is a string.
    private static func utf8Column(_ flat: [Value], column: Int, width: Int) -> UTF8Column? {
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        var index = column
        while index < flat.count {
            guard case .string(let text) = flat[index] else { return nil }
            bytes.append(contentsOf: text.utf8)
            offsets.append(bytes.count)
            index += width
        }
        return UTF8Column(bytes: bytes, offsets: offsets)
    }

    /// SKIP and LIMIT, checked and compiled (constants only).
    private mutating func sliceCounts(_ projection: Projection) throws(QueryError) -> (skip: Evaluator?, limit: Evaluator?) {
        func constant(_ expression: Expression?, _ what: String) throws(QueryError) -> Evaluator? {
            guard let expression else { return nil }
            // A constant (`Binder` refused literals out of range and variables).
            var compiler = ExpressionCompiler(scope: Scope(), source: source)
            let evaluator = try compiler.compile(expression)
            let range = expression.range
            return { row, context in
                let value = try evaluator(row, context)
                guard case .int(let count) = value else {
                    throw QueryError(.argument, "\(what) needs an integer, not \(value.typeName)", at: range, detail: "InvalidArgumentType")
                }
                guard count >= 0 else {
                    throw QueryError(.argument, "\(what) needs a non-negative integer", at: range, detail: "NegativeIntegerArgument")
                }
                return value
            }
        }
        return (try constant(projection.skip, "SKIP"), try constant(projection.limit, "LIMIT"))
    }
}

/// SKIP and LIMIT whose counts are computed (from parameters) when the first row arrives.
final class LazySlice: Operator {
    let skip: Evaluator?
    let limit: Evaluator?
    private var counts: (skip: Int, limit: Int)? = nil

    init(skip: Evaluator?, limit: Evaluator?) {
        self.skip = skip
        self.limit = limit
    }

    private func resolve(_ context: ExecutionContext) throws -> (skip: Int, limit: Int) {
        if let counts { return counts }
        var resolved = (skip: 0, limit: Int.max)
        if let skip, case .int(let count) = try skip([], context) { resolved.skip = Int(count) }
        if let limit, case .int(let count) = try limit([], context) { resolved.limit = Int(count) }
        counts = resolved
        return resolved
    }

    override func push(_ row: Row, _ context: ExecutionContext) throws -> Bool {
        var current = try resolve(context)
        if current.skip > 0 {
            current.skip -= 1
            counts = current
            return true
        }
        guard current.limit > 0 else { return false }
        current.limit -= 1
        counts = current
        return try next.push(row, context) && current.limit > 0
    }

    override func finish(_ context: ExecutionContext) throws {
        _ = try resolve(context)
        try next.finish(context)
    }
}

/// Strings as UTF-8 bytes end to end: row `i`'s are `bytes[offsets[i]..<offsets[i + 1]]`.
struct UTF8Column {
    let bytes: [UInt8]
    let offsets: [Int]

    /// Code point order (`StringOrder.compare`): the bytes in order, then the shorter first.
    func order(_ a: Int, _ b: Int) -> Int {
        bytes.withUnsafeBufferPointer { all in
            StringOrder.compare(UnsafeBufferPointer(rebasing: all[offsets[a]..<offsets[a + 1]]),
                                UnsafeBufferPointer(rebasing: all[offsets[b]..<offsets[b + 1]]))
        }
    }
}
