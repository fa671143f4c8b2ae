import CadreGraph

/// Durations, components, arithmetic, truncation and differences of temporal values, as
/// openCypher defines them.
extension Functions {
    // MARK: Durations

    /// `duration(text | map | null)`.
    static func makeDuration(_ args: [Value], _ range: SourceRange) throws -> Value {
        switch args[0] {
        case .null: return .null
        case .string(let text):
            guard let duration = TemporalParser.duration(text) else {
                throw temporalError("invalid duration \"\(text)\" (ISO 8601, as in P1Y2M10DT2H30M or P2012-02-02T14:37:21.545)", range)
            }
            return .duration(duration)
        case .map(let map):
            var months: Int128 = 0, days: Int128 = 0, nanos: Int128 = 0
            for entry in map.entries {
                let amount: Int128
                switch entry.value {
                case .null: continue
                case .int(let number): amount = Int128(number) * 1_000_000_000
                case .float(let number):
                    guard number.isFinite, abs(number) < 1e18 else { throw temporalError("`\(entry.key)` is out of range", range) }
                    amount = Int128((number * 1e9).rounded())
                default: throw argumentError("`\(entry.key)` must be a number, not \(entry.value.typeName)", range)
                }
                switch entry.key.lowercased() {
                case "years": months += amount * 12
                case "quarters": months += amount * 3
                case "months": months += amount
                case "weeks": days += amount * 7
                case "days": days += amount
                case "hours": nanos += amount * 3600
                case "minutes": nanos += amount * 60
                case "seconds": nanos += amount
                case "milliseconds": nanos += amount / 1000
                case "microseconds": nanos += amount / 1_000_000
                case "nanoseconds": nanos += amount / 1_000_000_000
                default: throw temporalError("a duration has no component `\(entry.key)`", range)
                }
            }
            guard let duration = Duration.cascading(monthsE9: months, daysE9: days, nanos: nanos) else {
                throw temporalError("the duration is out of range", range)
            }
            return .duration(duration)
        case .duration: return args[0]
        default: throw argumentError("duration() needs a string or a map, not \(args[0].typeName)", range)
        }
    }

    enum DifferenceUnit { case all, months, days, seconds }

    /// The unit of `duration.between` (all) and `duration.inMonths/inDays/inSeconds`, by the
    /// function's lowercased name.
    static func differenceUnit(_ name: String) -> DifferenceUnit? {
        switch name {
        case "duration.between": .all
        case "duration.inmonths": .months
        case "duration.indays": .days
        case "duration.inseconds": .seconds
        default: nil
        }
    }

    /// `duration.between(a, b)` and `duration.inMonths/inDays/inSeconds(a, b)`.
    static func difference(_ args: [Value], _ unit: DifferenceUnit, _ range: SourceRange) throws -> Value {
        if args[0].isNull || args[1].isNull { return .null }
        guard let from = Moment(args[0]), let to = Moment(args[1]) else {
            throw argumentError("duration.between() needs two temporal values, not \(args[0].typeName) and \(args[1].typeName)", range)
        }
        return .duration(try difference(from: from, to: to, unit, range))
    }

    /// The duration from one moment to another in `unit` (the struct, not a value: a kernel
    /// reads a part of it without boxing it).
    static func difference(from: Moment, to: Moment, _ unit: DifferenceUnit, _ range: SourceRange) throws -> Duration {
        var (from, to) = (from, to)
        // A side without a date takes the other's; a side without an offset is read in the
        // other's zone (so a change of summer time between them counts).
        if from.epochDay == nil, let day = to.epochDay, from.nanoOfDay != nil { from.epochDay = day }
        if to.epochDay == nil, let day = from.epochDay, to.nanoOfDay != nil { to.epochDay = day }
        if from.nanoOfDay == nil { from.nanoOfDay = 0 }
        if to.nanoOfDay == nil { to.nanoOfDay = 0 }
        func adopt(_ side: inout Moment, _ other: Moment) {
            guard side.offset == nil, let offset = other.offset else { return }
            side.zone = other.zone
            side.offset = offset
            if let zone = other.zone, let day = side.epochDay,
               let zoned = TemporalValue.zoned(epochDay: day, nanoOfDay: side.nanoOfDay ?? 0, zone: zone) {
                side.offset = zoned.offset
            }
        }
        adopt(&from, to)
        adopt(&to, from)
        // Both with an instant: `to` seen at `from`'s offset.
        if let offset = from.offset, to.offset != nil {
            let hadDay = to.epochDay != nil
            if to.epochDay == nil { to.epochDay = 0 }
            to = to.converted(zone: from.zone, offset: offset) ?? to
            if !hadDay { to.epochDay = nil }
        }
        var months: Int64 = 0, days: Int64 = 0
        var nanos: Int128
        if let fromDay = from.epochDay, let toDay = to.epochDay {
            let start = (day: fromDay, nano: from.nanoOfDay ?? 0)
            let end = (day: toDay, nano: to.nanoOfDay ?? 0)
            // The end's date, one day nearer when its time of day has not come round yet.
            var endDay = end.day
            if endDay > start.day && end.nano < start.nano { endDay -= 1 }
            else if endDay < start.day && end.nano > start.nano { endDay += 1 }
            var current = start.day
            if unit == .all || unit == .months {
                months = monthsUntil(start.day, endDay)
                guard let moved = plusMonths(start.day, months) else { throw temporalError("the duration is out of range", range) }
                current = moved
            }
            if unit == .all || unit == .days {
                days = endDay - current
                current += days
            }
            if unit == .seconds { current = start.day }
            nanos = (Int128(end.day) - Int128(current)) * Int128(TemporalValue.nanosPerDay) + Int128(end.nano) - Int128(start.nano)
            if let zone = from.zone, let offset = from.offset, let endOffset = to.offset {
                // In a named zone, time is counted between instants: the offset of the day reached
                // may differ from the start's (a change to or from summer time in between).
                let reached = TemporalValue.zoned(epochDay: current, nanoOfDay: start.nano, zone: zone)
                nanos += Int128((reached?.offset ?? offset) - endOffset) * 1_000_000_000
            }
            if unit == .months || unit == .days { nanos = 0 }
        } else {
            nanos = unit == .months || unit == .days ? 0 : Int128((to.nanoOfDay ?? 0) - (from.nanoOfDay ?? 0))
        }
        guard let seconds = Int64(exactly: nanos / 1_000_000_000) else { throw temporalError("the duration is out of range", range) }
        return Duration(months: months, days: days, seconds: seconds, nanos: Int64(nanos % 1_000_000_000))
    }

    /// Whole months from one day to another, as java.time counts them (truncated toward zero).
    static func monthsUntil(_ from: Int64, _ to: Int64) -> Int64 {
        let a = CivilCalendar.civil(from), b = CivilCalendar.civil(to)
        let packedA = (a.year * 12 + a.month - 1) * 32 + a.day
        let packedB = (b.year * 12 + b.month - 1) * 32 + b.day
        return (packedB - packedA) / 32
    }

    /// A day moved by whole months, its day of month kept as far as the new month has it; nil
    /// past the years temporal values hold.
    static func plusMonths(_ day: Int64, _ months: Int64) -> Int64? {
        guard months != 0 else { return day }
        guard (-30_000_000_000...30_000_000_000).contains(months) else { return nil }
        let (year, month, dayOfMonth) = CivilCalendar.civil(day)
        let total = year * 12 + (month - 1) + months
        let (newYear, newMonth) = Duration.floorDivide(total, 12)
        guard (-999_999_999...999_999_999).contains(newYear) else { return nil }
        let length = CivilCalendar.daysIn(month: newMonth + 1, year: newYear)
        return CivilCalendar.epochDay(year: newYear, month: newMonth + 1, day: min(dayOfMonth, length))
    }

    /// `day + months + days` on the calendar; an error past the years temporal values hold.
    static func calendarShift(_ day: Int64, _ d: Duration, _ range: SourceRange) throws -> Int64 {
        guard let moved = plusMonths(day, d.months) else { throw temporalError("the date is out of range", range) }
        let (result, overflow) = moved.addingReportingOverflow(d.days)
        guard !overflow, TemporalValue.days.contains(result) else { throw temporalError("the date is out of range", range) }
        return result
    }

    // MARK: Arithmetic

    /// `a + b`, `a - b`, `a * b`, `a / b` where a temporal value or a duration takes part; nil
    /// when none does.
    static func temporalArithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value, _ range: SourceRange) throws -> Value? {
        switch (a, b, op) {
        case (.duration(let x), .duration(let y), .add): return .duration(try sum(x, y, 1, range))
        case (.duration(let x), .duration(let y), .subtract): return .duration(try sum(x, y, -1, range))
        case (.date, .duration(let d), .add), (.temporal, .duration(let d), .add): return try shift(a, d, range)
        case (.duration(let d), .date, .add), (.duration(let d), .temporal, .add): return try shift(b, d, range)
        case (.date, .duration(let d), .subtract), (.temporal, .duration(let d), .subtract):
            guard let negated = d.negated else { throw Operations.overflow(range) }
            return try shift(a, negated, range)
        case (.duration(let d), .int, .multiply), (.duration(let d), .float, .multiply):
            return .duration(try scale(d, by: b, dividing: false, range))
        case (.int, .duration(let d), .multiply), (.float, .duration(let d), .multiply):
            return .duration(try scale(d, by: a, dividing: false, range))
        case (.duration(let d), .int, .divide), (.duration(let d), .float, .divide):
            return .duration(try scale(d, by: b, dividing: true, range))
        default:
            switch (a, b) {
            case (.date, _), (.temporal, _), (.duration, _), (_, .date), (_, .temporal), (_, .duration):
                throw QueryError(.type, "cannot apply \(op.rawValue) to \(a.typeName) and \(b.typeName)", at: range, detail: "InvalidArgumentType")
            default: return nil
            }
        }
    }

    static func sum(_ x: Duration, _ y: Duration, _ sign: Int64, _ range: SourceRange) throws -> Duration {
        // `x - y` as `x + (-y)`: a part of `y` that has no negation overflows.
        if sign < 0 && (y.months == .min || y.days == .min || y.seconds == .min) { throw Operations.overflow(range) }
        let months = x.months.addingReportingOverflow(sign * y.months)
        let days = x.days.addingReportingOverflow(sign * y.days)
        let seconds = x.seconds.addingReportingOverflow(sign * y.seconds)
        guard !months.overflow, !days.overflow, !seconds.overflow,
              let result = Duration.checked(months: months.partialValue, days: days.partialValue, seconds: seconds.partialValue,
                                            nanos: x.nanos + sign * y.nanos) else { throw Operations.overflow(range) }
        return result
    }

    static func scale(_ d: Duration, by factor: Value, dividing: Bool, _ range: SourceRange) throws -> Duration {
        let billion: Int128 = 1_000_000_000
        let result: Duration?
        switch factor {
        case .int(let n):
            if dividing {
                guard n != 0 else { throw QueryError(.arithmetic, "division by zero", at: range, detail: "DivisionByZero") }
                result = Duration.cascading(monthsE9: Int128(d.months) * billion / Int128(n), daysE9: Int128(d.days) * billion / Int128(n),
                                            nanos: d.timeNanos / Int128(n))
            } else {
                // Each product fits 128 bits: 64-bit parts by a 64-bit factor, times 10⁹ at most.
                result = Duration.cascading(monthsE9: Int128(d.months) * Int128(n) * billion, daysE9: Int128(d.days) * Int128(n),
                                            nanos: d.timeNanos * Int128(n)).flatMap { _ in
                    Int64(exactly: Int128(d.days) * Int128(n)).flatMap { days in
                        Duration.cascading(monthsE9: Int128(d.months) * Int128(n) * billion, daysE9: Int128(days) * billion,
                                           nanos: d.timeNanos * Int128(n))
                    }
                }
            }
        case .float(let x):
            if dividing && x == 0 { throw QueryError(.arithmetic, "division by zero", at: range, detail: "DivisionByZero") }
            let f = dividing ? 1 / x : x
            guard f.isFinite, abs(f) < 1e9 else { throw temporalError("the duration is out of range", range) }
            let factorE9 = Int128((f * 1e9).rounded())
            result = Duration.cascading(monthsE9: Int128(d.months) * factorE9, daysE9: Int128(d.days) * factorE9,
                                        nanos: d.timeNanos * factorE9 / billion)
        default: result = nil
        }
        guard let result else { throw temporalError("the duration is out of range", range) }
        return result
    }

    /// A date or temporal value moved by a duration: months, then days (on the calendar), then
    /// time (a date takes only the whole days of it).
    static func shift(_ value: Value, _ d: Duration, _ range: SourceRange) throws -> Value {
        let nanosPerDay = Int128(TemporalValue.nanosPerDay)
        switch value {
        case .date(let date):
            let day = try calendarShift(date.firstEpochDay, d, range)
            let (result, overflow) = day.addingReportingOverflow(Int64(d.timeNanos / nanosPerDay))
            guard !overflow else { throw temporalError("the date is out of range", range) }
            return try dateValue(result, range)
        case .temporal(var t):
            if !t.hasDate {
                let total = (Int128(t.nanoOfDay) + d.timeNanos % nanosPerDay + nanosPerDay) % nanosPerDay
                t.nanoOfDay = Int64(total)
                return .temporal(t)
            }
            let day = try calendarShift(t.epochDay, d, range)
            if t.kind == .dateTime, let zone = t.zone {
                guard let local = TemporalValue.zoned(epochDay: day, nanoOfDay: t.nanoOfDay, zone: zone) else {
                    throw temporalError("the date-time is out of range", range)
                }
                let instant = local.instant
                let total = Int128(instant.seconds) * 1_000_000_000 + Int128(instant.nano) + d.timeNanos
                guard let seconds = Int64(exactly: total >= 0 ? total / 1_000_000_000 : (total - 999_999_999) / 1_000_000_000),
                      let moved = TemporalValue.at(instant: seconds, nano: Int64(total - Int128(seconds) * 1_000_000_000), zone: zone, offset: 0)
                else { throw temporalError("the date-time is out of range", range) }
                return .temporal(moved)
            }
            let total = Int128(day) * nanosPerDay + Int128(t.nanoOfDay) + d.timeNanos
            let newDay = total >= 0 ? total / nanosPerDay : (total - nanosPerDay + 1) / nanosPerDay
            guard let epochDay = Int64(exactly: newDay), TemporalValue.days.contains(epochDay) else {
                throw temporalError("the date-time is out of range", range)
            }
            t.epochDay = epochDay
            t.nanoOfDay = Int64(total - newDay * nanosPerDay)
            return .temporal(t)
        default: return value
        }
    }

    // MARK: Components

    /// `value.key` of a date, temporal value or duration; nil when it has no such component.
    static func temporalComponent(_ value: Value, _ key: String) -> Value? {
        switch value {
        case .date(let date):
            if date.precision != .day {
                // A partial date has only the parts it knows.
                switch key.lowercased() {
                case "year": return .int(Int64(date.year))
                case "month": return date.month.map { .int(Int64($0)) } ?? .null
                case "day": return .null
                case "quarter": return date.month.map { .int(Int64(($0 - 1) / 3 + 1)) } ?? .null
                default: return .null
                }
            }
            return dateComponent(date.firstEpochDay, key.lowercased())
        case .temporal(let t):
            let lowered = key.lowercased()
            if t.hasDate, let found = dateComponent(t.epochDay, lowered) { return found }
            if let found = timeComponent(t.nanoOfDay, lowered) { return found }
            guard t.hasOffset else { return nil }
            switch lowered {
            case "timezone": return .string(t.zone ?? TemporalValue.offsetText(t.offset))
            case "offset": return .string(TemporalValue.offsetText(t.offset))
            case "offsetminutes": return .int(Int64(t.offset) / 60)
            case "offsetseconds": return .int(Int64(t.offset))
            case "epochseconds" where t.hasDate: return .int(t.instant.seconds)
            case "epochmillis" where t.hasDate: return .int(t.instant.seconds * 1000 + t.instant.nano / 1_000_000)
            default: return nil
            }
        case .duration(let d):
            return durationComponent(d, key.lowercased())
        default: return nil
        }
    }

    static func dateComponent(_ day: Int64, _ key: String) -> Value? {
        let (year, month, dayOfMonth) = CivilCalendar.civil(day)
        switch key {
        case "year": return .int(year)
        case "quarter": return .int((month - 1) / 3 + 1)
        case "month": return .int(month)
        case "week": return .int(CivilCalendar.week(day).week)
        case "weekyear": return .int(CivilCalendar.week(day).year)
        case "day": return .int(dayOfMonth)
        case "ordinalday": return .int(day - CivilCalendar.epochDay(year: year, month: 1, day: 1) + 1)
        case "weekday", "dayofweek": return .int(CivilCalendar.dayOfWeek(day))
        case "dayofquarter": return .int(day - CivilCalendar.epochDay(year: year, month: (month - 1) / 3 * 3 + 1, day: 1) + 1)
        default: return nil
        }
    }

    static func timeComponent(_ nanoOfDay: Int64, _ key: String) -> Value? {
        let seconds = nanoOfDay / TemporalValue.nanosPerSecond, nano = nanoOfDay % TemporalValue.nanosPerSecond
        switch key {
        case "hour": return .int(seconds / 3600)
        case "minute": return .int(seconds / 60 % 60)
        case "second": return .int(seconds % 60)
        case "millisecond": return .int(nano / 1_000_000)
        case "microsecond": return .int(nano / 1000)
        case "nanosecond": return .int(nano)
        default: return nil
        }
    }

    static func durationComponent(_ d: Duration, _ key: String) -> Value? {
        // Time parts count the whole duration's time, truncated toward zero.
        // Time parts from the seconds (rounded down) and the nanoseconds beside them (0–999,999,999).
        let seconds = d.seconds
        let fraction = d.nanos
        let total = d.timeNanos
        switch key {
        case "years": return .int(d.months / 12)
        case "quarters": return .int(d.months / 3)
        case "months": return .int(d.months)
        case "weeks": return .int(d.days / 7)
        case "days": return .int(d.days)
        case "hours": return .int(seconds / 3600)
        case "minutes": return .int(seconds / 60)
        case "seconds": return .int(seconds)
        case "milliseconds": return .int(seconds &* 1000 &+ fraction / 1_000_000)
        case "microseconds": return .int(seconds &* 1_000_000 &+ fraction / 1000)
        case "nanoseconds": return Int64(exactly: total).map { .int($0) } ?? .null
        case "quartersofyear": return .int(d.months % 12 / 3)
        case "monthsofquarter": return .int(d.months % 3)
        case "monthsofyear": return .int(d.months % 12)
        case "daysofweek": return .int(d.days % 7)
        case "minutesofhour": return .int(seconds / 60 % 60)
        case "secondsofminute": return .int(seconds % 60)
        case "millisecondsofsecond": return .int(fraction / 1_000_000)
        case "microsecondsofsecond": return .int(fraction / 1000)
        case "nanosecondsofsecond": return .int(fraction)
        default: return nil
        }
    }

    // MARK: Truncation

    /// `kind.truncate(unit, value[, map])`: the value cut down to the unit, then the map's
    /// components set.
    static func truncate(_ kind: TemporalKind, _ args: [Value], _ range: SourceRange) throws -> Value {
        if args[1].isNull { return .null }
        guard case .string(let unitText) = args[0] else { throw argumentError("truncate() needs a unit name first", range) }
        guard var moment = Moment(args[1]) else {
            throw argumentError("\(kind.name).truncate() needs a temporal value, not \(args[1].typeName)", range)
        }
        let unit = unitText.lowercased()
        let dateUnits = ["millennium", "century", "decade", "year", "weekyear", "quarter", "month", "week", "day"]
        let timeUnits: [String: Int64] = ["hour": 3_600_000_000_000, "minute": 60_000_000_000, "second": 1_000_000_000,
                                          "millisecond": 1_000_000, "microsecond": 1000]
        if dateUnits.contains(unit) {
            if unit != "day" {
                guard kind.hasDate, let day = moment.epochDay else {
                    throw temporalError("\(kind.name).truncate() cannot truncate to `\(unitText)`: the value has no date", range)
                }
                let (year, month, _) = CivilCalendar.civil(day)
                func floor(_ size: Int64) -> Int64 { Duration.floorDivide(year, size).0 * size }
                moment.epochDay = switch unit {
                case "millennium": CivilCalendar.epochDay(year: floor(1000), month: 1, day: 1)
                case "century": CivilCalendar.epochDay(year: floor(100), month: 1, day: 1)
                case "decade": CivilCalendar.epochDay(year: floor(10), month: 1, day: 1)
                case "year": CivilCalendar.epochDay(year: year, month: 1, day: 1)
                case "weekyear": CivilCalendar.weekYearStart(CivilCalendar.week(day).year)
                case "quarter": CivilCalendar.epochDay(year: year, month: (month - 1) / 3 * 3 + 1, day: 1)
                case "month": CivilCalendar.epochDay(year: year, month: month, day: 1)
                default: day - CivilCalendar.dayOfWeek(day) + 1
                }
            }
            if kind.hasTime { moment.nanoOfDay = 0 }
        } else if let size = timeUnits[unit] {
            guard kind.hasTime else { throw temporalError("date.truncate() cannot truncate to `\(unitText)`", range) }
            moment.nanoOfDay = (moment.nanoOfDay ?? 0) / size * size
        } else {
            throw temporalError("unknown unit `\(unitText)` (millennium, century, decade, year, weekYear, quarter, month, week, day, hour, minute, second, millisecond, microsecond)", range)
        }
        if !kind.hasTime { moment.nanoOfDay = nil }
        if kind.hasDate && moment.epochDay == nil { throw temporalError("\(kind.name).truncate() needs a value with a date", range) }
        guard args.count > 2, case .map(let map) = args[2], map.count > 0 else {
            return try make(kind, moment, defaultZone: nil, range)
        }
        return try build(kind, map, range, base: moment)
    }
}
