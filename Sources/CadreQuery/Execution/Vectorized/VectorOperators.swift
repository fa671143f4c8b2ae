import CadreGraph

/// A binary operator other than AND, OR, XOR and `=~`: comparisons of integers, dates,
/// booleans and stored strings decided on the payloads; string tests against a constant
/// decided once per distinct stored string; everything else by `Operations.binary`, the row
/// engine's own rule, so results are the same to the last null.
final class BinaryKernel: VectorExpression {
    let op: BinaryOperator
    let lhs: VectorExpression
    let rhs: VectorExpression
    let range: SourceRange

    init(_ op: BinaryOperator, _ lhs: VectorExpression, _ rhs: VectorExpression, range: SourceRange) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.range = range
    }

    private var isComparison: Bool {
        switch op {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }

    private var isStringTest: Bool {
        switch op {
        case .startsWith, .endsWith, .contains, .foldedContains: true
        default: false
        }
    }

    /// The operator with its operands swapped (`5 > x` is `x < 5`).
    static func flipped(_ op: BinaryOperator) -> BinaryOperator {
        switch op {
        case .less: .greater
        case .greater: .less
        case .lessOrEqual: .greaterOrEqual
        case .greaterOrEqual: .lessOrEqual
        default: op
        }
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        if isComparison, try lhs.constant(run) != nil, try rhs.constant(run) == nil {
            // A constant on the left: the same comparison, turned around.
            return try BinaryKernel(Self.flipped(op), rhs, lhs, range: range).evaluate(batch, selection, run)
        }
        let left = try lhs.evaluate(batch, selection, run)
        if let constant = try rhs.constant(run) {
            if isComparison { return try compare(left, constant, selection, run) }
            if isStringTest { return try stringTest(left, constant, selection, run) }
            if op == .in, case .list(let items) = constant.value { return try membership(left, items, constant, selection, run) }
        }
        let right = try rhs.evaluate(batch, selection, run)
        var vector = Vector(count: batch.count)
        let graph = run.graph
        for row in selection {
            let index = Int(row)
            if isComparison, let decided = Self.decide(op, left.tags[index], left.payloads[index], right.tags[index], right.payloads[index]) {
                vector.setBool(index, decided)
                continue
            }
            vector.set(index, try Operations.binary(op, left.value(at: index, graph), right.value(at: index, graph), range), graph)
        }
        return vector
    }

    /// A comparison with a constant on the right, decided row by row into the two lists
    /// without a vector of truths.
    override func select(_ batch: Batch, _ selection: [Int32], _ run: VectorRun, range: SourceRange) throws -> (true: [Int32], null: [Int32]) {
        if isComparison, try lhs.constant(run) != nil, try rhs.constant(run) == nil {
            return try BinaryKernel(Self.flipped(op), rhs, lhs, range: self.range).select(batch, selection, run, range: range)
        }
        guard isComparison, try lhs.constant(run) == nil, let constant = try rhs.constant(run),
              !(constant.tag == VectorTag.boxed) else {
            return try super.select(batch, selection, run, range: range)
        }
        let left = try lhs.evaluate(batch, selection, run)
        var kept: [Int32] = [], unknown: [Int32] = [], undecided: [Int32] = []
        kept.reserveCapacity(selection.count)
        let op = self.op, constantTag = constant.tag, constantPayload = constant.payload
        left.tags.withUnsafeBufferPointer { tags in
            left.payloads.withUnsafeBufferPointer { payloads in
                if Self.selectSameKind(op, selection, tags, payloads, constant, &kept, &unknown, &undecided) { return }
                for row in selection {
                    switch Self.decide(op, tags[Int(row)], payloads[Int(row)], constantTag, constantPayload) {
                    case .some(true?): kept.append(row)
                    case .some(false?): break
                    case .some(nil): unknown.append(row)
                    case nil: undecided.append(row)
                    }
                }
            }
        }
        guard !undecided.isEmpty else { return (kept, unknown) }
        // The rest by the row engine's rule, merged back in row order.
        var slowTrue: [Int32] = [], slowNull: [Int32] = []
        for row in undecided {
            switch try Operations.binary(op, left.value(at: Int(row), run.graph), constant.value, self.range) {
            case .bool(true): slowTrue.append(row)
            case .null: slowNull.append(row)
            default: break
            }
        }
        return (LogicKernel.merged(kept, slowTrue), LogicKernel.merged(unknown, slowNull))
    }

    /// The usual case: values of the constant's kind (an integer, a date, a boolean; a stored
    /// string for `=` and `<>`) decided on payloads, nulls apart, any other kind left
    /// undecided. False when the constant is of no such kind.
    private static func selectSameKind(_ op: BinaryOperator, _ selection: [Int32], _ tags: UnsafeBufferPointer<UInt8>,
                                       _ payloads: UnsafeBufferPointer<UInt64>, _ constant: Scalar, _ kept: inout [Int32],
                                       _ unknown: inout [Int32], _ undecided: inout [Int32]) -> Bool {
        switch constant.tag {
        case VectorTag.int:
            selectLoop(selection, tags, payloads, constant.tag, SignedTest(op: op, constant: Int64(bitPattern: constant.payload)),
                       &kept, &unknown, &undecided)
        case VectorTag.date, VectorTag.bool:
            selectLoop(selection, tags, payloads, constant.tag, UnsignedTest(op: op, constant: constant.payload), &kept, &unknown, &undecided)
        case VectorTag.string where op == .equal || op == .notEqual:
            selectLoop(selection, tags, payloads, constant.tag, UnsignedTest(op: op, constant: constant.payload), &kept, &unknown, &undecided)
        default:
            return false
        }
        return true
    }

    /// One pass over the rows, into three lists written through pointers (a generic function,
    /// so each test is compiled into its own loop).
    @inline(__always)
    private static func selectLoop<Test: PayloadTest>(_ selection: [Int32], _ tags: UnsafeBufferPointer<UInt8>,
                                                     _ payloads: UnsafeBufferPointer<UInt64>, _ tag: UInt8, _ test: Test,
                                                     _ kept: inout [Int32], _ unknown: inout [Int32], _ undecided: inout [Int32]) {
        var counts = (kept: 0, unknown: 0, undecided: 0)
        let count = selection.count
        var keptRows = [Int32](repeating: 0, count: count)
        var unknownRows: [Int32] = []
        var undecidedRows: [Int32] = []
        keptRows.withUnsafeMutableBufferPointer { output in
            selection.withUnsafeBufferPointer { selection in
                for row in selection {
                    let rowTag = tags[Int(row)]
                    if rowTag == tag {
                        output[counts.kept] = row
                        counts.kept &+= test.holds(payloads[Int(row)]) ? 1 : 0
                    } else if rowTag == VectorTag.null {
                        unknownRows.append(row)
                    } else {
                        undecidedRows.append(row)
                    }
                }
            }
        }
        keptRows.removeLast(count - counts.kept)
        kept = keptRows
        unknown = unknownRows
        undecided = undecidedRows
    }

    /// A comparison with a constant on the right.
    private func compare(_ left: Vector, _ constant: Scalar, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: left.tags.count)
        let graph = run.graph
        // A string the graph does not hold equals no stored string.
        let absentString: Bool = if constant.tag == VectorTag.boxed, case .string = constant.value { true } else { false }
        var undecided: [Int32] = []
        vector.tags.withUnsafeMutableBufferPointer { tags in
            vector.payloads.withUnsafeMutableBufferPointer { payloads in
                left.tags.withUnsafeBufferPointer { leftTags in
                    left.payloads.withUnsafeBufferPointer { leftPayloads in
                        for row in selection {
                            let index = Int(row)
                            let tag = leftTags[index]
                            if let decided = Self.decide(op, tag, leftPayloads[index], constant.tag, constant.payload) {
                                if let decided {
                                    tags[index] = VectorTag.bool
                                    payloads[index] = decided ? 1 : 0
                                }
                            } else if absentString && tag == VectorTag.string && (op == .equal || op == .notEqual) {
                                tags[index] = VectorTag.bool
                                payloads[index] = op == .notEqual ? 1 : 0
                            } else {
                                undecided.append(row)
                            }
                        }
                    }
                }
            }
        }
        for row in undecided {
            let index = Int(row)
            vector.set(index, try Operations.binary(op, left.value(at: index, graph), constant.value, range), graph)
        }
        return vector
    }

    /// The comparison decided on payloads, when the tags allow: nil when the row engine's rule
    /// must decide (floats, mixed kinds, string order, lists).
    @inline(__always)
    static func decide(_ op: BinaryOperator, _ leftTag: UInt8, _ left: UInt64, _ rightTag: UInt8, _ right: UInt64) -> Bool?? {
        if leftTag == VectorTag.null || rightTag == VectorTag.null { return .some(nil) }
        guard leftTag == rightTag else { return nil }
        let order: Int
        switch leftTag {
        case VectorTag.int:
            let (x, y) = (Int64(bitPattern: left), Int64(bitPattern: right))
            order = x < y ? -1 : (x == y ? 0 : 1)
        case VectorTag.date, VectorTag.bool:
            order = left < right ? -1 : (left == right ? 0 : 1)
        case VectorTag.string, VectorTag.node, VectorTag.edge, VectorTag.typeName:
            guard op == .equal || op == .notEqual else { return nil }
            order = left == right ? 0 : 1
        default:
            return nil
        }
        switch op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }

    /// `x IN [constant list]`: integers, stored strings, dates, booleans, nodes and edges looked
    /// up among the list's values (as `=` sees them: `1 IN [1.0]`); other values by the row
    /// engine's rule.
    private func membership(_ left: Vector, _ items: [Value], _ constant: Scalar, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: left.tags.count)
        let graph = run.graph
        // A list written in a query is short: searched in place, no hashing per row.
        var members: [VectorAggregation.Key] = []
        var hasNull = false
        for item in items {
            var scalar = Scalar(item, graph)
            if case .float(let number) = item, let integer = Int64(exactly: number) {
                scalar = Scalar(.int(integer), graph)
            }
            switch scalar.tag {
            case VectorTag.null: hasNull = true
            case VectorTag.int, VectorTag.string, VectorTag.date, VectorTag.bool, VectorTag.node, VectorTag.edge:
                members.append(VectorAggregation.Key(tag: scalar.tag, payload: scalar.payload))
            default: break // another type equals none of the kinds decided here
            }
        }
        for row in selection {
            let index = Int(row)
            switch left.tags[index] {
            case VectorTag.int, VectorTag.string, VectorTag.date, VectorTag.bool, VectorTag.node, VectorTag.edge:
                let tag = left.tags[index], payload = left.payloads[index]
                if members.contains(where: { $0.tag == tag && $0.payload == payload }) {
                    vector.setBool(index, true)
                } else {
                    vector.setBool(index, hasNull ? nil : false)
                }
            default:
                vector.set(index, try Operations.binary(op, left.value(at: index, graph), constant.value, range), graph)
            }
        }
        return vector
    }

    /// STARTS WITH, ENDS WITH, CONTAINS, `~` against a constant: each distinct stored string
    /// is tested once per run.
    private func stringTest(_ left: Vector, _ constant: Scalar, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: left.tags.count)
        let graph = run.graph
        var memo = run.memo(self)
        defer { run.setMemo(self, memo) }
        for row in selection {
            let index = Int(row)
            if left.tags[index] == VectorTag.string {
                let string = Int(left.payloads[index])
                if string >= memo.count { memo.append(contentsOf: repeatElement(0, count: string + 1 - memo.count)) }
                if memo[string] == 0 {
                    let result = try Operations.binary(op, left.value(at: index, graph), constant.value, range)
                    memo[string] = switch result {
                    case .bool(let flag): flag ? 3 : 2
                    default: 1
                    }
                }
                if memo[string] != 1 { vector.setBool(index, memo[string] == 3) }
                continue
            }
            vector.set(index, try Operations.binary(op, left.value(at: index, graph), constant.value, range), graph)
        }
        return vector
    }
}

/// AND, OR, XOR and NOT in three-valued logic. AND tests its right side only where the left
/// is not false, OR only where it is not true, as the row engine does.
final class LogicKernel: VectorExpression {
    let op: BinaryOperator?
    let lhs: VectorExpression
    let rhs: VectorExpression?
    let ranges: (SourceRange, SourceRange?)

    /// `op` nil: NOT of `lhs`.
    init(_ op: BinaryOperator?, _ lhs: VectorExpression, _ rhs: VectorExpression?, ranges: (SourceRange, SourceRange?)) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.ranges = ranges
    }

    /// AND narrows the rows: its right side is tested only where the left is not false (true
    /// or null, as the row engine evaluates it), and no vector of truths is built.
    override func select(_ batch: Batch, _ selection: [Int32], _ run: VectorRun, range: SourceRange) throws -> (true: [Int32], null: [Int32]) {
        guard op == .and, let rhs else { return try super.select(batch, selection, run, range: range) }
        let left = try lhs.select(batch, selection, run, range: ranges.0)
        if left.null.isEmpty { return try rhs.select(batch, left.true, run, range: ranges.1!) }
        let notFalse = Self.merged(left.true, left.null)
        let right = try rhs.select(batch, notFalse, run, range: ranges.1!)
        // True where both are; null where one is null and neither false.
        var leftNull = Set(left.null)
        var kept: [Int32] = [], unknown: [Int32] = []
        for row in right.true {
            if leftNull.contains(row) { unknown.append(row) } else { kept.append(row) }
        }
        unknown = Self.merged(unknown, right.null)
        leftNull.removeAll()
        return (kept, unknown)
    }

    /// Two ascending row lists as one.
    static func merged(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || i < a.count && a[i] < b[j] { result.append(a[i]); i += 1 } else { result.append(b[j]); j += 1 }
        }
        return result
    }

    static func truth(_ vector: Vector, _ row: Int, _ graph: Graph, _ range: SourceRange) throws -> Bool? {
        switch vector.tags[row] {
        case VectorTag.bool: return vector.payloads[row] != 0
        case VectorTag.null: return nil
        default: return try Operations.truth(vector.value(at: row, graph), range)
        }
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        let graph = run.graph
        let left = try lhs.evaluate(batch, selection, run)
        var vector = Vector(count: batch.count)
        guard let op, let rhs else {
            for row in selection { vector.setBool(Int(row), try Self.truth(left, Int(row), graph, ranges.0).map { !$0 }) }
            return vector
        }
        // Per row: 0 null, 1 false, 2 true.
        var truths = [UInt8](repeating: 0, count: batch.count)
        var rest: [Int32] = []
        rest.reserveCapacity(selection.count)
        for row in selection {
            let index = Int(row)
            let tag = left.tags[index]
            let truth: UInt8 = tag == VectorTag.bool ? (left.payloads[index] != 0 ? 2 : 1)
                : tag == VectorTag.null ? 0 : (try Self.truth(left, index, graph, ranges.0)! ? 2 : 1)
            truths[index] = truth
            if op == .and && truth == 1 || op == .or && truth == 2 { continue }
            rest.append(row)
        }
        let right = try rhs.evaluate(batch, rest, run)
        let isAnd = op == .and, isOr = op == .or
        for row in rest {
            let index = Int(row)
            let tag = right.tags[index]
            let b: UInt8 = tag == VectorTag.bool ? (right.payloads[index] != 0 ? 2 : 1)
                : tag == VectorTag.null ? 0 : (try Self.truth(right, index, graph, ranges.1!)! ? 2 : 1)
            let a = truths[index]
            let result: UInt8 = if isAnd {
                b == 1 ? 1 : (a == 0 || b == 0 ? 0 : 2)
            } else if isOr {
                b == 2 ? 2 : (a == 0 || b == 0 ? 0 : 1)
            } else {
                a == 0 || b == 0 ? 0 : (a != b ? 2 : 1)
            }
            truths[index] = result
        }
        // Rows AND or OR decided from the left keep that truth.
        vector.tags.withUnsafeMutableBufferPointer { tags in
            vector.payloads.withUnsafeMutableBufferPointer { payloads in
                for row in selection {
                    let truth = truths[Int(row)]
                    if truth != 0 {
                        tags[Int(row)] = VectorTag.bool
                        payloads[Int(row)] = truth == 2 ? 1 : 0
                    }
                }
            }
        }
        return vector
    }
}

/// `x IS NULL`, `x IS NOT NULL`.
final class IsNullKernel: VectorExpression {
    let operand: VectorExpression
    let negated: Bool

    init(_ operand: VectorExpression, negated: Bool) {
        self.operand = operand
        self.negated = negated
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        let input = try operand.evaluate(batch, selection, run)
        var vector = Vector(count: batch.count)
        for row in selection { vector.setBool(Int(row), (input.tags[Int(row)] == VectorTag.null) != negated) }
        return vector
    }
}

/// `n:Label:Other` for a node variable of the pattern.
final class LabelKernel: VectorExpression {
    let slot: Int
    let labels: [String]

    init(slot: Int, labels: [String]) {
        self.slot = slot
        self.labels = labels
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: batch.count)
        let graph = run.graph
        let symbols = labels.map { graph.labels.lookup($0) }
        let handles = batch.entities[slot]
        for row in selection where handles[Int(row)] != Batch.null {
            let node = NodeID(handles[Int(row)])
            vector.setBool(Int(row), symbols.allSatisfy { $0.map { graph.hasLabel(node, $0) } ?? false })
        }
        return vector
    }
}

/// A pattern used as a predicate, `(p)-[:RECEIVED]->()` or `(a)-[:R]-(b)`: one hop from a node
/// of the match to an anonymous node (labels allowed) or to another node of the match. True
/// when some edge fits, found by walking the node's adjacency until the first (a semi-join;
/// under NOT, an anti-join).
final class PatternExistsKernel: VectorExpression {
    let from: Int
    let direction: Direction
    let types: [String]
    let to: Int?
    let labels: [String]

    init(from: Int, direction: Direction, types: [String], to: Int?, labels: [String]) {
        self.from = from
        self.direction = direction
        self.types = types
        self.to = to
        self.labels = labels
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: batch.count)
        let graph = run.graph
        let typeSymbols = types.compactMap { graph.types.lookup($0) }
        let labelSymbols = labels.map { graph.labels.lookup($0) }
        // A type or label no edge or node has: nothing fits.
        let impossible = !types.isEmpty && typeSymbols.isEmpty || labelSymbols.contains { $0 == nil }
        let starts = batch.entities[from]
        let ends = to.map { batch.entities[$0] }
        for row in selection {
            // From a null node (OPTIONAL MATCH) no pattern matches: false, as row by row.
            var found = false
            if !impossible && starts[Int(row)] != Batch.null {
                let node = NodeID(starts[Int(row)])
                let end = ends?[Int(row)]
                func fits(_ adjacent: AdjacentEdge) -> Bool {
                    if let end, adjacent.other.raw != end { return true }
                    if !labelSymbols.allSatisfy({ graph.hasLabel(adjacent.other, $0!) }) { return true }
                    found = true
                    return false
                }
                if typeSymbols.isEmpty {
                    graph.visitEdges(of: node, direction: direction, fits)
                } else {
                    for type in typeSymbols where !found { graph.visitEdges(of: node, direction: direction, type: type, fits) }
                }
            }
            vector.setBool(Int(row), found)
        }
        return vector
    }
}

/// A comparison of a payload with a constant, for `BinaryKernel.selectLoop`.
protocol PayloadTest {
    func holds(_ payload: UInt64) -> Bool
}

/// Integers, compared signed.
struct SignedTest: PayloadTest {
    let op: BinaryOperator
    let constant: Int64

    @inline(__always)
    func holds(_ payload: UInt64) -> Bool {
        let value = Int64(bitPattern: payload)
        switch op {
        case .equal: return value == constant
        case .notEqual: return value != constant
        case .less: return value < constant
        case .lessOrEqual: return value <= constant
        case .greater: return value > constant
        default: return value >= constant
        }
    }
}

/// Dates, booleans and string indexes (for `=` and `<>`), compared unsigned.
struct UnsignedTest: PayloadTest {
    let op: BinaryOperator
    let constant: UInt64

    @inline(__always)
    func holds(_ value: UInt64) -> Bool {
        switch op {
        case .equal: return value == constant
        case .notEqual: return value != constant
        case .less: return value < constant
        case .lessOrEqual: return value <= constant
        case .greater: return value > constant
        default: return value >= constant
        }
    }
}
