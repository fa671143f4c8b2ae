import CadreGraph

/// `MATCH (o:Organization)<-[:MEMBER_OF]-(p:Person)-[:RECEIVED]->(a:Award) RETURN o.id, count(a)`:
/// a chain of single hops whose matches are only counted, per node of the chain (or in all).
/// Such counts need no match built one by one: the number of matches through each node is a
/// product of counts propagated along the chain, one pass over each hop's edges (see
/// `ChainCounter`). The rows that reach the aggregation are one per node with matches, carrying
/// the node and how many matches it stands for.
struct CountedChain {
    /// The chain's nodes' labels and its hops, left to right.
    var labels: [[String]]
    var hops: [(types: [String], direction: Direction)]
    /// The node whose variable (or a property of it) is the grouping key; nil: no key.
    var key: Int?

    /// The chain when `patterns` (of a first MATCH) form one and the clause after them
    /// only counts their matches: WITH or RETURN of at most one key (a chain node, or a property
    /// of one) and aggregates that are `count(*)` or `count(v)` of a chain variable, nothing
    /// else, not DISTINCT. The chain: single hops with types, no two hops sharing a type (so no
    /// edge can serve two hops: Cypher's relationships in one match are all different), no
    /// properties in the pattern, no variable named twice, no path variable.
    init?(_ patterns: [PatternPart], countedBy next: Clause.Kind) {
        guard patterns.count == 1, let part = patterns.first, part.pathVariable == nil, part.shortest == nil,
              !part.relationships.isEmpty else { return nil }
        let projection: Projection
        switch next {
        case .with(let with, _): projection = with
        case .return(let returned): projection = returned
        default: return nil
        }
        // What rules most patterns out, before any set is made (this runs for every query).
        guard !projection.star, !projection.distinct, projection.items.contains(where: \.isCount),
              part.nodes.allSatisfy({ $0.properties == nil }) else { return nil }
        var names = Set<String>()
        var nodeNames: [String: Int] = [:]
        var chainNames = Set<String>()
        for (index, node) in part.nodes.enumerated() {
            guard node.properties == nil else { return nil }
            if let name = node.variable {
                guard names.insert(name).inserted else { return nil }
                nodeNames[name] = index
                chainNames.insert(name)
            }
        }
        var types = Set<String>()
        for relationship in part.relationships {
            guard !relationship.isVariableLength, relationship.properties == nil, !relationship.types.isEmpty else { return nil }
            for type in Set(relationship.types) { guard types.insert(type).inserted else { return nil } }
            if let name = relationship.variable {
                guard names.insert(name).inserted else { return nil }
                chainNames.insert(name)
            }
        }
        var key: Int? = nil
        var keys = 0
        for item in projection.items {
            switch item.expression.kind {
            case .countStar: continue
            case .call(let name, let distinct, let arguments):
                guard name.lowercased() == "count", !distinct, arguments.count == 1,
                      case .variable(let counted) = arguments[0].kind, chainNames.contains(counted) else { return nil }
            case .variable(let name):
                guard let node = nodeNames[name] else { return nil }
                key = node
                keys += 1
            case .property(let owner, _):
                guard case .variable(let name) = owner.kind, let node = nodeNames[name] else { return nil }
                key = node
                keys += 1
            default: return nil
            }
        }
        guard keys <= 1 else { return nil }
        labels = part.nodes.map(\.labels)
        hops = part.relationships.map { ($0.types.uniqued(), $0.direction) }
        self.key = key
    }
}

private extension Projection.Item {
    /// `count(*)` or `count(...)`.
    var isCount: Bool {
        switch expression.kind {
        case .countStar: true
        case .call(let name, _, _): name.lowercased() == "count"
        default: false
        }
    }
}

extension Planner {
    /// Whether batches count the chain's matches better than the chain counter: one hop, no
    /// key, tests in WHERE. Counting then carries a count across each passing edge to its far
    /// node (two reads at random per edge); a batch scan of the type's edges decides the tests
    /// on columns and counts what passes.
    func scansBetter(_ chain: CountedChain, predicate: Expression?) -> Bool {
        options.vectorized && readOnly && chain.hops.count == 1 && chain.key == nil && predicate != nil
    }

    /// Declares the chain's variables as MATCH would (with its checks), then adds the stage that
    /// counts the matches per key node and passes one weighted row per node with matches. WHERE
    /// may hold comparisons of the hops' properties with constants (`h.from.year >= 2010`),
    /// tested on each hop's edges; anything else in it: false, nothing compiled, for MATCH to
    /// compile as usual.
    mutating func compileCountedChain(_ chain: CountedChain, _ patterns: [PatternPart],
                                      predicate: Expression?) throws(QueryError) -> Bool {
        let before = scope
        // The pattern compiler declares the variables and raises what MATCH would raise.
        let matcher = try PatternCompiler.compile(patterns, scope: &scope, source: source)
        for conjunct in predicate.map(Self.conjuncts) ?? [] {
            guard try push(conjunct, into: matcher, before: before) else {
                scope = before
                return false
            }
        }
        let part = patterns[0]
        // Each hop's filters, from the relationship the matcher made of it.
        var specs: [PatternPlan.RelationshipSpec] = []
        for step in matcher.plan.steps {
            switch step {
            case .expand(_, let relationship, _, _, _, _), .scanEdges(_, let relationship, _): specs.append(relationship)
            default: break
            }
        }
        let hopFilters = part.relationships.map { relationship in
            specs.first { $0.range == relationship.range }?.filters ?? []
        }
        let keySlot = chain.key.flatMap { part.nodes[$0].variable }.flatMap { scope.slot($0) }
        boundInEveryRow = Set(part.nodes.compactMap(\.variable) + part.relationships.compactMap(\.variable))
        let width = scope.count
        let counter = ChainCounter(labels: chain.labels.map(SymbolCache.init), types: chain.hops.map { SymbolCache($0.types) },
                                   directions: chain.hops.map(\.direction), filters: hopFilters, at: chain.key ?? 0)
        let range = part.range
        if options.vectorized && readOnly {
            // In batches: the key node's handles and each row's weight in a slot of its own,
            // which the aggregation after sums for its counts (`VectorAggregation.make`).
            let weightSlot = scope.declareHidden()
            var kinds = [UInt8](repeating: VectorTag.null, count: scope.count)
            if let keySlot { kinds[keySlot] = VectorTag.node }
            kinds[weightSlot] = VectorTag.boxed
            let batchKinds = kinds
            stages.append {
                CountedChainOperator(counter: counter, matcher: matcher, keySlot: keySlot, width: width, range: range,
                                     batches: (weightSlot, batchKinds))
            }
            batchOutput = (stages.count - 1, kinds)
            countWeights = weightSlot
            if let key = chain.key, let name = part.nodes[key].variable { countedKey = (name, scope.names[weightSlot]) }
            // For an aggregation the batches cannot run: the rows, each with its weight.
            countedRows = (stages.count - 1, {
                CountedChainOperator(counter: counter, matcher: matcher, keySlot: keySlot, width: width, range: range)
            })
            return true
        }
        stages.append { CountedChainOperator(counter: counter, matcher: matcher, keySlot: keySlot, width: width, range: range) }
        return true
    }
}

/// Passes one row per node at the chain's key position that has matches, weighted by their
/// number (or, without a key, one row weighted by all matches), in node handle order. When the
/// stored values cannot decide a comparison of WHERE, it passes every match, one by one, as
/// MATCH would (`matcher` holds the same pattern and comparisons).
final class CountedChainOperator: Operator {
    let counter: ChainCounter
    let matcher: PatternMatcher
    let keySlot: Int?
    let width: Int
    let range: SourceRange

    /// When the counts go on as batches: the slot of each row's weight, and the batches' kinds.
    let batches: (weightSlot: Int, kinds: [UInt8])?

    init(counter: ChainCounter, matcher: PatternMatcher, keySlot: Int?, width: Int, range: SourceRange,
         batches: (weightSlot: Int, kinds: [UInt8])? = nil) {
        self.counter = counter
        self.matcher = matcher
        self.keySlot = keySlot
        self.width = width
        self.range = range
        self.batches = batches
    }

    override func push(_ row: Row, _ context: ExecutionContext) throws -> Bool {
        if keySlot == nil, let total = counter.edgeTotal(context.graph) {
            // One hop without labels: the count of its type, no pass over the edges.
            guard total > 0 else { return true }
            if let batches { return try pushBatches([total], batches, context) }
            return try next!.push(row.padded(to: width), weight: total, context)
        }
        let weights: [Int]
        do {
            weights = try counter.matches(context)
        } catch is ChainCounter.Undecided {
            let next = self.next!
            guard let batches else {
                return try matcher.forEachMatch(row.padded(to: width), context) { try next.push($0, context) }
            }
            // Counted one by one, per key node: the same rows as the counts give (one per
            // node with matches, in handle order), which a projection may take as its groups.
            var counted = [Int](repeating: 0, count: keySlot == nil ? 1 : context.graph.nodeHandleCount)
            _ = try matcher.forEachMatch(row.padded(to: width), context) { match in
                guard let keySlot else {
                    counted[0] += 1
                    return true
                }
                if case .node(let node) = match[keySlot] { counted[node.index] += 1 }
                return true
            }
            return try pushBatches(counted, batches, context)
        }
        if let batches { return try pushBatches(weights, batches, context) }
        var extended = row.padded(to: width)
        guard let keySlot else {
            let total = try total(weights)
            return total == 0 ? true : try next.push(extended, weight: total, context)
        }
        for (node, weight) in weights.enumerated() where weight > 0 {
            extended[keySlot] = .node(NodeID(node))
            guard try next.push(extended, weight: weight, context) else { return false }
        }
        return true
    }

    /// Every match: the sum of the weights (its overflow the error of the count).
    private func total(_ weights: [Int]) throws -> Int {
        var total = 0
        for weight in weights where weight > 0 {
            let (sum, overflow) = total.addingReportingOverflow(weight)
            if overflow { throw Operations.overflow(range) }
            total = sum
        }
        return total
    }

    /// The counts as batches: per node with matches, its handle (with a key) and its weight;
    /// without a key, one row weighted by all matches.
    private func pushBatches(_ weights: [Int], _ batches: (weightSlot: Int, kinds: [UInt8]), _ context: ExecutionContext) throws -> Bool {
        let next = self.next!
        var batch = Batch(width: batches.kinds.count)
        func flush() throws -> Bool {
            guard batch.count > 0 else { return true }
            defer { batch = Batch(width: batches.kinds.count) }
            return try next.push(batch, batch.all, kinds: batches.kinds, context)
        }
        guard let keySlot else {
            let total = try total(weights)
            if total == 0 { return true }
            batch.values[batches.weightSlot].append(.int(Int64(total)), context.graph)
            batch.count = 1
            return try flush()
        }
        for (node, weight) in weights.enumerated() where weight > 0 {
            batch.entities[keySlot].append(UInt32(node))
            batch.values[batches.weightSlot].tags.append(VectorTag.int)
            batch.values[batches.weightSlot].payloads.append(UInt64(weight))
            batch.count += 1
            if batch.count == VectorMatchOperator.batchSize { guard try flush() else { return false } }
        }
        return try flush()
    }
}
