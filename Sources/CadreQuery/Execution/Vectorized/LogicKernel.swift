import CadreGraph

/// AND, OR, XOR and NOT in three-valued logic. AND tests its right side only where the left
/// is not false, OR only where it is not true, as the row engine does.
final class LogicKernel: VectorExpression {
    override var computesOnWords: Bool { children.allSatisfy(\.computesOnWords) }

    let op: BinaryOperator?
    let lhs: VectorExpression
    let rhs: VectorExpression?
    let ranges: (SourceRange, SourceRange?)

    /// `op` nil: NOT of `lhs`.
    override var children: [VectorExpression] { [lhs] + (rhs.map { [$0] } ?? []) }

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
    override var computesOnWords: Bool { children.allSatisfy(\.computesOnWords) }

    let operand: VectorExpression
    let negated: Bool

    override var children: [VectorExpression] { [operand] }

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

/// A WHERE conjunct tested ahead of its turn (see `VectorMatchPlan.make`): an error or a value
/// that is not a boolean leaves the rows undecided (null), so the whole WHERE, run at the end,
/// raises it where the row engine would, and only rows it finds false are dropped early.
final class SpeculativeKernel: VectorExpression {
    let test: VectorExpression

    override var children: [VectorExpression] { [test] }

    init(_ test: VectorExpression) { self.test = test }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: batch.count)
        let found: Vector
        do {
            found = try test.evaluate(batch, selection, run)
        } catch let error as QueryError where error.kind == .interrupted {
            throw error
        } catch {
            return vector
        }
        for row in selection where found.tags[Int(row)] == VectorTag.bool {
            vector.setBool(Int(row), found.payloads[Int(row)] != 0)
        }
        return vector
    }
}
