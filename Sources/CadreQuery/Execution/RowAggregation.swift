import CadreGraph

/// WITH or RETURN with aggregates in the row engine, compiled (`Planner.compileAggregation`):
/// the group keys, each aggregate's arguments, and how a group's row is built.
struct RowAggregationPlan {
    struct Aggregate {
        var kind: Accumulator.Kind
        var distinct: Bool
        var arguments: [Evaluator]
        var range: SourceRange
        /// The slot of the one argument when it is a plain variable (read in place).
        var argumentSlot: Int?
    }

    /// The items that are keys, by position, with their evaluators over the input rows.
    var keyIndices: [Int]
    var keyEvaluators: [Evaluator]
    /// Per key: the slot where a key that is a plain variable stays visible under its own name.
    var keyAliasSlots: [Int?]
    var aggregates: [Aggregate]
    /// Per aggregate: its slot in the group's row (where the items after it read it).
    var resultSlots: [Int]
    /// The items holding aggregates, evaluated over the group's row.
    var finals: [(index: Int, evaluator: Evaluator)]
    /// The group's row: as wide as the items, the alias slots and the aggregates' slots.
    var width: Int
    var itemCount: Int
    /// Grouping by a node's property (`o.id`): the node's slot and the key, so that each node's
    /// group is remembered and the property read and hashed once per node, not once per row.
    var nodeKeySlot: Int?
    var nodeKey: SymbolCache
}

/// Aggregation as an operator: folds every row into its group, emits the groups at the end, in
/// the order they were first seen.
final class BufferingAggregation: Operator {
    let plan: RowAggregationPlan
    /// `RETURN count(*)` and the like, without grouping: a plain counter of rows.
    private let onlyCountStar: Bool
    /// Only counts (not DISTINCT): each group's state is one integer per aggregate.
    private let countsOnly: Bool
    private var rowsSeen = 0
    /// A group by node handle when the key is a node (nodes are equal only when the same), or,
    /// with `nodeKeySlot`, by the node whose property is the key; else by value.
    private var groupOfNode: [Int32] = []
    private var groups: [[Equivalent]: Int] = [:]
    private var singleGroups: [Equivalent: Int] = [:]
    /// With `nodeKeySlot`, groups whose key is a stored string, by the string's index.
    private var groupOfString: [UInt32: Int] = [:]
    private var groupCount = 0
    /// Each group's key values, one per key, end to end.
    private var keys: [Value] = []
    /// Each group's state, one entry per aggregate, end to end: counters when the aggregates
    /// are all plain counts, else accumulators.
    private var counters: [Int] = []
    private var accumulators: [Accumulator] = []

    init(plan: RowAggregationPlan) {
        self.plan = plan
        onlyCountStar = plan.keyIndices.isEmpty && plan.aggregates.allSatisfy { $0.kind == .countStar }
        countsOnly = plan.aggregates.allSatisfy { ($0.kind == .count || $0.kind == .countStar) && !$0.distinct }
    }

    override func push(_ row: Row, slot: Int, nodes: [NodeID], _ context: ExecutionContext) throws -> Bool {
        try context.checkCancel()
        if addNodes(slot, nodes) { return true }
        return try super.push(row, slot: slot, nodes: nodes, context)
    }

    override func push(_ row: Row, _ context: ExecutionContext) throws -> Bool {
        try context.checkCancel()
        try add(row, weight: 1, context)
        return true
    }

    override func push(_ row: Row, weight: Int, _ context: ExecutionContext) throws -> Bool {
        try context.checkCancel()
        try add(row, weight: weight, context)
        return true
    }

    override func finish(_ context: ExecutionContext) throws {
        for row in try results(context) {
            guard try next.push(row, context) else { break }
        }
        try next.finish(context)
    }

    private func newGroup() -> Int {
        if countsOnly {
            for _ in plan.aggregates { counters.append(0) }
        } else {
            for spec in plan.aggregates { accumulators.append(Accumulator(kind: spec.kind, distinct: spec.distinct, range: spec.range)) }
        }
        groupCount += 1
        return groupCount - 1
    }

    private func knownGroup(of node: NodeID) -> Int? {
        guard node.index < groupOfNode.count, groupOfNode[node.index] >= 0 else { return nil }
        return Int(groupOfNode[node.index])
    }

    private func remember(_ node: NodeID, _ group: Int) {
        if node.index >= groupOfNode.count {
            groupOfNode.append(contentsOf: repeatElement(-1, count: max(node.index + 1 - groupOfNode.count, groupOfNode.count)))
        }
        groupOfNode[node.index] = Int32(group)
    }

    /// The group of a new key value, made when new (one hash lookup).
    private func group(ofValue key: Value, in table: inout [Equivalent: Int]) -> Int {
        var isNew = false
        func claim(_ slot: inout Int) -> Int {
            if slot < 0 { slot = groupCount; isNew = true }
            return slot
        }
        let group = claim(&table[Equivalent(value: key), default: -1])
        if isNew {
            _ = newGroup()
            keys.append(key)
        }
        return group
    }

    /// The row's group when there is one key (the usual case): no array per row.
    private func singleKeyGroup(_ row: Row, _ context: ExecutionContext) throws -> Int {
        let graph = context.graph
        if let slot = plan.nodeKeySlot, case .node(let node) = row[slot] {
            if let known = knownGroup(of: node) { return known }
            if let key = plan.nodeKey.single(.keys, in: graph), case .string(let index) = graph.scalar(of: node, key: key) {
                var isNew = false
                func claim(_ slot: inout Int) -> Int {
                    if slot < 0 { slot = groupCount; isNew = true }
                    return slot
                }
                let group = claim(&groupOfString[index, default: -1])
                if isNew {
                    _ = newGroup()
                    keys.append(.string(graph.string(at: index)))
                }
                remember(node, group)
                return group
            }
        }
        let key = try plan.keyEvaluators[0](row, context)
        if plan.nodeKeySlot == nil, case .node(let node) = key {
            if let known = knownGroup(of: node) { return known }
            let group = newGroup()
            keys.append(key)
            remember(node, group)
            return group
        }
        let group = group(ofValue: key, in: &singleGroups)
        if let slot = plan.nodeKeySlot, case .node(let node) = row[slot] { remember(node, group) }
        return group
    }

    /// Adds a row `weight` times.
    private func add(_ row: Row, weight: Int, _ context: ExecutionContext) throws {
        if onlyCountStar {
            let (total, overflow) = rowsSeen.addingReportingOverflow(weight)
            if overflow { throw Operations.overflow(plan.aggregates.first?.range ?? .at(0)) }
            rowsSeen = total
            return
        }
        let group: Int
        switch plan.keyEvaluators.count {
        case 0:
            // One group: no key to compute or hash.
            group = groupCount == 0 ? newGroup() : 0
        case 1:
            group = try singleKeyGroup(row, context)
        default:
            let key = try plan.keyEvaluators.map { try $0(row, context) }
            let equivalent = key.map(Equivalent.init)
            if let existing = groups[equivalent] {
                group = existing
            } else {
                group = newGroup()
                groups[equivalent] = group
                keys.append(contentsOf: key)
            }
        }
        let perGroup = plan.aggregates.count
        if countsOnly {
            for (index, spec) in plan.aggregates.enumerated() {
                if let slot = spec.argumentSlot, spec.arguments.count == 1, slot < row.count {
                    if row[slot].isNull { continue }
                } else if let argument = spec.arguments.first, try argument(row, context).isNull {
                    continue
                }
                let (total, overflow) = counters[group * perGroup + index].addingReportingOverflow(weight)
                if overflow { throw Operations.overflow(spec.range) }
                counters[group * perGroup + index] = total
            }
            return
        }
        for _ in 0..<weight {
            for (index, spec) in plan.aggregates.enumerated() {
                // A plain variable's value is the row's, read in place.
                if let slot = spec.argumentSlot, spec.arguments.count == 1, slot < row.count {
                    try accumulators[group * perGroup + index].add(row[slot])
                } else {
                    try add(row, context, to: &accumulators[group * perGroup + index], spec.arguments)
                }
            }
        }
    }

    /// Adds a batch of rows differing in one slot's node (see `Operator.push(_:slot:nodes:_:)`)
    /// when it can without building them: only `count(DISTINCT n)` of that node, in one group,
    /// where each node is one row and nothing else of the rows is read. False when it cannot.
    private func addNodes(_ slot: Int, _ nodes: [NodeID]) -> Bool {
        guard plan.keyIndices.isEmpty, !plan.aggregates.isEmpty,
              plan.aggregates.allSatisfy({ $0.argumentSlot == slot && $0.kind == .count && $0.distinct })
        else { return false }
        if groupCount == 0 { _ = newGroup() }
        for index in plan.aggregates.indices { accumulators[index].addDistinct(nodes: nodes) }
        return true
    }

    /// One row per group: keys, aggregates, then the items computed from them.
    private func results(_ context: ExecutionContext) throws -> [Row] {
        if groupCount == 0 && plan.keyIndices.isEmpty { _ = newGroup() }
        let perGroup = plan.aggregates.count, keyCount = plan.keyEvaluators.count
        var rows: [Row] = []
        rows.reserveCapacity(groupCount)
        for group in 0..<groupCount {
            var row = Row(repeating: .null, count: plan.width)
            for (position, index) in plan.keyIndices.enumerated() {
                let key = keys[group * keyCount + position]
                row[index] = key
                if let alias = plan.keyAliasSlots[position] { row[alias] = key }
            }
            for (index, slot) in plan.resultSlots.enumerated() {
                row[slot] = if onlyCountStar {
                    .int(Int64(rowsSeen))
                } else if countsOnly {
                    .int(Int64(counters[group * perGroup + index]))
                } else {
                    accumulators[group * perGroup + index].result()
                }
            }
            for final in plan.finals { row[final.index] = try final.evaluator(row, context) }
            while row.count > plan.itemCount { row.removeLast() }
            rows.append(row)
        }
        return rows
    }

    /// Feeds one row to an aggregate: its arguments evaluated, without an array per row.
    @inline(__always)
    private func add(_ row: Row, _ context: ExecutionContext, to accumulator: inout Accumulator, _ arguments: [Evaluator]) throws {
        switch arguments.count {
        case 0: try accumulator.add(.null)
        case 1: try accumulator.add(try arguments[0](row, context))
        default: try accumulator.add(try arguments[0](row, context), try arguments[1](row, context))
        }
    }
}
