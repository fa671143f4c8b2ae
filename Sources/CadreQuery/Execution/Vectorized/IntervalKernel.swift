import CadreGraph

/// `during(d, from, to)` and `overlaps(aFrom, aTo, bFrom, bTo)` over vectors: where every
/// argument is a stored date (an end may be null: not ended), decided on the packed words as
/// `PartialDate.during` and `.overlaps` decide (uncertain dates as intervals); any other row
/// goes to the function itself, which gives null or raises exactly as row by row.
final class IntervalKernel: VectorExpression {
    let implementation: Functions.Implementation
    let arguments: [VectorExpression]
    let range: SourceRange
    /// True for `overlaps` (four arguments), false for `during` (three).
    let overlaps: Bool

    override var children: [VectorExpression] { arguments }

    init(_ implementation: @escaping Functions.Implementation, _ arguments: [VectorExpression], range: SourceRange, overlaps: Bool) {
        precondition(arguments.count == (overlaps ? 4 : 3))
        self.implementation = implementation
        self.arguments = arguments
        self.range = range
        self.overlaps = overlaps
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        let inputs = try arguments.map { try $0.evaluate(batch, selection, run) }
        var vector = Vector(count: batch.count)
        let graph = run.graph
        // The arguments that may be null (an end) and still be decided here.
        let ends: [Int] = overlaps ? [1, 3] : [2]
        // Each row's arguments as packed words (nil: a null end), refilled per row.
        var dates = [PartialDate?](repeating: nil, count: inputs.count)
        rows: for position in selection {
            let row = Int(position)
            for (index, input) in inputs.enumerated() {
                let tag = input.tags[row]
                if tag == VectorTag.date {
                    dates[index] = PartialDate(raw: UInt32(truncatingIfNeeded: input.payloads[row]))
                } else if tag == VectorTag.null && ends.contains(index) {
                    dates[index] = nil
                } else {
                    vector.set(row, try implementation(inputs.map { $0.value(at: row, graph) }, run.context, range), graph)
                    continue rows
                }
            }
            vector.setBool(row, overlaps ? PartialDate.overlaps(dates[0]!, dates[1], dates[2]!, dates[3])
                                         : PartialDate.during(dates[0]!, from: dates[1]!, to: dates[2]))
        }
        return vector
    }
}
