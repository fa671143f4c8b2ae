import CadreGraph

/// A part of the duration between two values, `duration.between(h.from, h.to).years` or
/// `duration.inDays(a.born, b.born).days`: where both are stored dates, computed per row from
/// their days (`Functions.difference(from:to:)`) and read off the duration without making it a
/// value; any other row (a null, a time, a datetime, a number) through the function and then
/// the property read, as row by row (errors included).
final class DurationPartKernel: VectorExpression {
    let implementation: Functions.Implementation
    let unit: Functions.DifferenceUnit
    let arguments: [VectorExpression]
    let key: String
    /// The call's range (its errors) and the property read's.
    let callRange: SourceRange
    let range: SourceRange

    override var children: [VectorExpression] { arguments }

    init(_ implementation: @escaping Functions.Implementation, unit: Functions.DifferenceUnit, _ arguments: [VectorExpression],
         key: String, callRange: SourceRange, range: SourceRange) {
        precondition(arguments.count == 2)
        self.implementation = implementation
        self.unit = unit
        self.arguments = arguments
        self.key = key
        self.callRange = callRange
        self.range = range
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        let from = try arguments[0].evaluate(batch, selection, run)
        let to = try arguments[1].evaluate(batch, selection, run)
        var vector = Vector(count: batch.count)
        let graph = run.graph
        let lowered = key.lowercased()
        for position in selection {
            let row = Int(position)
            if from.tags[row] == VectorTag.date && to.tags[row] == VectorTag.date {
                let start = Moment(epochDay: PartialDate(raw: UInt32(truncatingIfNeeded: from.payloads[row])).firstEpochDay)
                let end = Moment(epochDay: PartialDate(raw: UInt32(truncatingIfNeeded: to.payloads[row])).firstEpochDay)
                let duration = try Functions.difference(from: start, to: end, unit, callRange)
                if case .int(let number)? = Functions.durationComponent(duration, lowered) {
                    vector.tags[row] = VectorTag.int
                    vector.payloads[row] = UInt64(bitPattern: number)
                    continue
                }
                vector.set(row, try Operations.property(.duration(duration), key, graph, range), graph)
                continue
            }
            let value = try implementation([from.value(at: row, graph), to.value(at: row, graph)], run.context, callRange)
            vector.set(row, try Operations.property(value, key, graph, range), graph)
        }
        return vector
    }
}
