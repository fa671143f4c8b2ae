import CadreGraph

/// `CASE`: each branch's condition over the rows no earlier branch took, then its result over
/// the rows it takes (so a result is computed only where the row engine computes it), and
/// `ELSE` over the rest. With a subject (`CASE x WHEN 1 THEN …`), a branch takes the rows whose
/// subject equals its value; without, those where its condition is true (a value that is not a
/// boolean or null is the row engine's type error).
final class CaseKernel: VectorExpression {
    struct Branch {
        var when: VectorExpression
        var then: VectorExpression
        var range: SourceRange
    }

    let subject: VectorExpression?
    let branches: [Branch]
    let otherwise: VectorExpression?

    override var children: [VectorExpression] {
        [subject].compactMap { $0 } + branches.flatMap { [$0.when, $0.then] } + [otherwise].compactMap { $0 }
    }

    init(subject: VectorExpression?, branches: [Branch], otherwise: VectorExpression?) {
        self.subject = subject
        self.branches = branches
        self.otherwise = otherwise
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        let graph = run.graph
        var vector = Vector(count: batch.count)
        let subjects = try subject?.evaluate(batch, selection, run)
        var open = selection
        for branch in branches where !open.isEmpty {
            let conditions = try branch.when.evaluate(batch, open, run)
            var taken: [Int32] = [], rest: [Int32] = []
            taken.reserveCapacity(open.count)
            rest.reserveCapacity(open.count)
            for row in open {
                let index = Int(row)
                let takes: Bool
                if let subjects {
                    takes = Comparison.equals(subjects.value(at: index, graph), conditions.value(at: index, graph)) == true
                } else if conditions.tags[index] == VectorTag.bool {
                    takes = conditions.payloads[index] != 0
                } else if conditions.tags[index] == VectorTag.null {
                    takes = false
                } else {
                    takes = try Operations.truth(conditions.value(at: index, graph), branch.range) == true
                }
                if takes { taken.append(row) } else { rest.append(row) }
            }
            if !taken.isEmpty { try Self.fill(branch.then, taken, into: &vector, batch, run) }
            open = rest
        }
        if let otherwise, !open.isEmpty { try Self.fill(otherwise, open, into: &vector, batch, run) }
        return vector
    }

    /// A result over `rows`: a constant written straight in (a value the columns cannot hold
    /// as one boxed entry the rows share), anything else evaluated over them and copied.
    private static func fill(_ result: VectorExpression, _ rows: [Int32], into vector: inout Vector, _ batch: Batch,
                             _ run: VectorRun) throws {
        guard result is ConstantKernel, let scalar = try result.constant(run) else {
            copy(try result.evaluate(batch, rows, run), rows, into: &vector, run.graph)
            return
        }
        var (tag, payload) = (scalar.tag, scalar.payload)
        if tag == VectorTag.boxed {
            payload = UInt64(vector.boxed.count)
            vector.boxed.append(scalar.value)
        }
        for row in rows {
            vector.tags[Int(row)] = tag
            vector.payloads[Int(row)] = payload
        }
    }

    /// Rows of `input` into `vector`. Rows that share a boxed value keep sharing it (one entry
    /// in `vector.boxed`), as a constant gives: what reads the vector may then take it once.
    private static func copy(_ input: Vector, _ rows: [Int32], into vector: inout Vector, _ graph: Graph) {
        var moved = [Int](repeating: -1, count: input.boxed.count)
        for row in rows {
            let index = Int(row)
            switch input.tags[index] {
            case VectorTag.boxed:
                let from = Int(input.payloads[index])
                if moved[from] < 0 {
                    moved[from] = vector.boxed.count
                    vector.boxed.append(input.boxed[from])
                }
                vector.tags[index] = VectorTag.boxed
                vector.payloads[index] = UInt64(moved[from])
            case VectorTag.list: vector.set(index, input.value(at: index, graph), graph)
            default:
                vector.tags[index] = input.tags[index]
                vector.payloads[index] = input.payloads[index]
            }
        }
    }
}
