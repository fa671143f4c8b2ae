import CadreGraph

/// An expression whose only input is one property of one node or relationship, computed once
/// per distinct value of that property in a run rather than once per row:
/// `toLower(p.given_name) = 'hùng'` runs `toLower` and the comparison once per given name, and
/// each row looks its result up by the value's word (a stored string's index, a date's packed
/// word), as a columnar engine evaluates an expression over a dictionary. The expression is
/// the row engine's, with the property read as its one variable (`VectorCompiler.memoized`).
///
/// Values that have no word of their own (lists, maps) are computed row by row; past
/// `capacity` distinct values, the new ones are too (a near-unique key gains nothing from the
/// table), the ones kept still answer.
final class MemoKernel: VectorExpression {
    let input: VectorExpression
    let evaluator: Evaluator
    static let capacity = 1 << 16

    override var children: [VectorExpression] { [input] }

    init(input: VectorExpression, evaluator: @escaping Evaluator) {
        self.input = input
        self.evaluator = evaluator
    }

    /// Results by distinct input, kept across the batches of a run.
    final class Table {
        var index = PairTable(capacity: 64)
        var results: [Scalar] = []
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        let values = try input.evaluate(batch, selection, run)
        let graph = run.graph
        let table = run.state(self) { Table() }
        var vector = Vector(count: batch.count)
        // A result boxed in this batch's vector, by its index among the results: one box per
        // distinct value per batch.
        var boxedHere: [Int32: UInt64] = [:]
        var row = [Value](repeating: .null, count: 1)
        func put(_ result: Scalar, _ at: Int, _ index: Int32) {
            if result.tag != VectorTag.boxed {
                vector.tags[at] = result.tag
                vector.payloads[at] = result.payload
            } else if let boxed = boxedHere[index] {
                vector.tags[at] = VectorTag.boxed
                vector.payloads[at] = boxed
            } else {
                vector.set(at, result.value, graph)
                boxedHere[index] = vector.payloads[at]
            }
        }
        for position in selection {
            let at = Int(position)
            let tag = values.tags[at]
            let keyed = tag != VectorTag.boxed && tag != VectorTag.list && tag != VectorTag.other
            let payload = tag == VectorTag.null ? 0 : values.payloads[at]
            if keyed, let index = table.index.value(UInt64(tag), payload) {
                put(table.results[Int(index)], at, index)
                continue
            }
            row[0] = values.value(at: at, graph)
            let result = Scalar(try evaluator(row, run.context), graph)
            if keyed && table.results.count < Self.capacity {
                let index = Int32(table.results.count)
                _ = table.index.find(UInt64(tag), payload, orInsert: index)
                table.results.append(result)
                put(result, at, index)
            } else {
                vector.set(at, result.value, graph)
            }
        }
        return vector
    }
}
