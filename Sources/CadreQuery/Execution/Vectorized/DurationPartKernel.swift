import CadreGraph

/// A part of the duration between two values, `duration.between(h.from, h.to).years` or
/// `duration.inDays(a.born, b.born).days`: where both are stored dates, computed per row from
/// their days (`Functions.difference(from:to:)`) and read off the duration without making it a
/// value; any other row (a null, a time, a datetime, a number) through the function and then
/// the property read, as row by row (errors included).
final class DurationPartKernel: VectorExpression {
    override var computesOnWords: Bool { children.allSatisfy(\.computesOnWords) }

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
        let part = Self.part(lowered)
        // Years, quarters and months of a duration between dates need no days counted.
        let monthsOnly = unit != .days && unit != .seconds && ["years", "quarters", "months"].contains(lowered)
        // The rows of two dates whose part `between` gives, in one loop over borrowed columns;
        // the others (`rest`) by the general rules below.
        var rest: [Int32] = []
        if let part {
            let unit = self.unit, years = Calendar.years
            vector.withWords(reading: from) { tags, payloads, fromTags, fromPayloads in
                to.tags.withUnsafeBufferPointer { toTags in
                    to.payloads.withUnsafeBufferPointer { toPayloads in
                        for position in selection {
                            let row = Int(position)
                            if fromTags[row] == VectorTag.date && toTags[row] == VectorTag.date,
                               let duration = Self.between(fromPayloads[row], toPayloads[row], unit, monthsOnly: monthsOnly, years) {
                                tags[row] = VectorTag.int
                                payloads[row] = UInt64(bitPattern: part(duration))
                            } else {
                                rest.append(position)
                            }
                        }
                    }
                }
            }
        }
        for position in part == nil ? selection : rest {
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

    /// The duration between two packed dates (`PartialDate.raw`, a part not known read as its
    /// first: the first day the date covers), as `Functions.difference` counts it between
    /// those days: whole months first (`.all`, `.months`), then days, from the dates' fields
    /// (no round trip through days since 1970 for the months). `monthsOnly`: the days are not
    /// read (left 0). Nil past the years temporal values hold (the general rule then raises).
    @inline(__always)
    static func between(_ a: UInt64, _ b: UInt64, _ unit: Functions.DifferenceUnit, monthsOnly: Bool,
                        _ years: [Int64] = Calendar.years) -> Duration? {
        @inline(__always) func fields(_ raw: UInt64) -> (year: Int64, month: Int64, day: Int64) {
            let month = Int64(raw >> 5 & 0xF), day = Int64(raw & 0x1F)
            return (Int64(raw >> 9 & 0x7F_FFFF), month == 0 ? 1 : month, day == 0 ? 1 : day)
        }
        let (start, end) = (fields(a), fields(b))
        @inline(__always) func epochDay(_ date: (year: Int64, month: Int64, day: Int64)) -> Int64 {
            Calendar.epochDay(date.year, date.month, date.day, years)
        }
        switch unit {
        case .days: return Duration(days: epochDay(end) - epochDay(start))
        case .seconds: return Duration(seconds: (epochDay(end) - epochDay(start)) * 86_400)
        case .months, .all:
            // Whole months, truncated toward zero (`Functions.monthsUntil`).
            let months = ((end.year * 12 + end.month - 1) * 32 + end.day - ((start.year * 12 + start.month - 1) * 32 + start.day)) / 32
            if unit == .months || monthsOnly { return Duration(months: months) }
            // The start moved by those months, its day kept as far as the month has it.
            let total = start.year * 12 + start.month - 1 + months
            let (year, month) = Duration.floorDivide(total, 12)
            guard (-999_999_999...999_999_999).contains(year) else { return nil }
            let day = min(start.day, CivilCalendar.daysIn(month: month + 1, year: year))
            return Duration(months: months, days: epochDay(end) - epochDay((year, month + 1, day)))
        }
    }

    /// The parts of a duration between days read most (`Functions.durationComponent`'s rule
    /// for them), nil for the others.
    static func part(_ lowered: String) -> ((Duration) -> Int64)? {
        switch lowered {
        case "years": { $0.months / 12 }
        case "quarters": { $0.months / 3 }
        case "months": { $0.months }
        case "weeks": { $0.days / 7 }
        case "days": { $0.days }
        default: nil
        }
    }

    /// Days since 1970 by tables for the years most dates fall in (1600–2599): a year's first
    /// day and whether it is a leap year, a month's first day in the year; `CivilCalendar`'s
    /// arithmetic (divisions) for the others.
    enum Calendar {
        static let firstYear: Int64 = 1600
        /// Per year from `firstYear`: its first day << 1 | 1 when it is a leap year.
        static let years: [Int64] = (0..<1000).map { offset in
            let year = firstYear + Int64(offset)
            return CivilCalendar.epochDay(year: year, month: 1, day: 1) << 1 | (CivilCalendar.isLeap(year) ? 1 : 0)
        }
        /// The first day of a month (1–12) in a year that is not a leap year.
        @inline(__always)
        static func monthStart(_ month: Int64) -> Int64 {
            // (367m − 362) / 12 counts 30.58 days a month from January; February's 28 take 2 off after it.
            (367 * month - 362) / 12 - (month > 2 ? 2 : 0)
        }

        @inline(__always)
        static func epochDay(_ year: Int64, _ month: Int64, _ day: Int64, _ years: [Int64]) -> Int64 {
            let offset = year &- firstYear
            guard offset >= 0 && offset < 1000 && month >= 1 && month <= 12 else {
                return CivilCalendar.epochDay(year: year, month: month, day: day)
            }
            let entry = years[Int(offset)]
            return entry >> 1 + monthStart(month) + (month > 2 ? entry & 1 : 0) + day - 1
        }
    }
}
