import CadreGraph

/// Functions that make the readings of an uncertain date explicit: a date known to the year
/// or the month (`2015`, `2015-06`) stands for any day it covers.
extension Functions {
    /// The date argument of `name`, nil for null; an error for another kind of value.
    static func uncertainDate(_ value: Value, _ name: String, _ range: SourceRange) throws -> PartialDate? {
        switch value {
        case .null: return nil
        case .date(let date): return date
        case .temporal(let temporal) where temporal.hasDate:
            guard let date = temporal.date else { throw temporalError("\(name)(): the date is outside the years 0–9999", range) }
            return date
        default: throw argumentError("\(name)() needs a date, not \(value.typeName)", range)
        }
    }

    /// `partialDate('2015')`, `partialDate('2015-06')`, `partialDate({year: 2015, month: 6})`,
    /// `partialDate(2015)`: a date known to the year, the month or the day.
    static func partialDate(_ value: Value, _ range: SourceRange) throws -> Value {
        switch value {
        case .null: return .null
        case .date: return value
        case .string(let text):
            guard let date = PartialDate(iso: text) else {
                throw temporalError("invalid partial date \"\(text)\": use YYYY, YYYY-MM or YYYY-MM-DD", range)
            }
            return .date(date)
        case .int(let year):
            guard let date = PartialDate(year: Int(year)) else { throw temporalError("invalid year \(year) (0–9999)", range) }
            return .date(date)
        case .map(let map):
            func part(_ key: String) throws -> Int? {
                switch map[key] {
                case nil, .null?: return nil
                case .int(let number)?: return Int(number)
                case let other?: throw argumentError("`\(key)` must be an integer, not \(other.typeName)", range)
                }
            }
            if let extra = map.keys.first(where: { !["year", "month", "day"].contains($0) }) {
                throw temporalError("partialDate() takes year, month and day, not `\(extra)`", range)
            }
            guard let year = try part("year"), let date = PartialDate(year: year, month: try part("month"), day: try part("day")) else {
                throw temporalError("partialDate() needs {year, month?, day?} naming a real date (a day only with a month)", range)
            }
            return .date(date)
        default: throw argumentError("partialDate() needs a string, a year or a map, not \(value.typeName)", range)
        }
    }

    /// `earliest(d)` / `latest(d)`: the first or last day an uncertain date covers.
    static func endDay(_ value: Value, last: Bool, _ range: SourceRange) throws -> Value {
        guard let date = try uncertainDate(value, last ? "latest" : "earliest", range) else { return .null }
        return .date(PartialDate(raw: last ? PartialDate.lastDay(date.raw) : PartialDate.firstDay(date.raw)))
    }

    /// `precision(d)`: `'year'`, `'month'` or `'day'`.
    static func precision(_ value: Value, _ range: SourceRange) throws -> Value {
        guard let date = try uncertainDate(value, "precision", range) else { return .null }
        let name = switch date.precision {
        case .year: "year"
        case .month: "month"
        case .day: "day"
        }
        return .string(name)
    }

    /// `during(d, from, to)`: true when `d` is known to lie within `from`…`to` (both days
    /// included; `to` null: not ended, "still"), false when it is known not to, null when the
    /// dates cannot tell (or `d` or `from` is null).
    static func during(_ args: [Value], _ range: SourceRange) throws -> Value {
        guard let date = try uncertainDate(args[0], "during", range), let from = try uncertainDate(args[1], "during", range) else {
            return .null
        }
        let to = try uncertainDate(args[2], "during", range)
        return PartialDate.during(date, from: from, to: to).map(Value.bool) ?? .null
    }

    /// `overlaps(aFrom, aTo, bFrom, bTo)`: true when the spans are known to share a day (ends
    /// included; a null end: not ended, "still"), false when they are known not to, null when
    /// the dates cannot tell (or a start is null).
    static func overlaps(_ args: [Value], _ range: SourceRange) throws -> Value {
        guard let aFrom = try uncertainDate(args[0], "overlaps", range), let bFrom = try uncertainDate(args[2], "overlaps", range) else {
            return .null
        }
        let aTo = try uncertainDate(args[1], "overlaps", range), bTo = try uncertainDate(args[3], "overlaps", range)
        return PartialDate.overlaps(aFrom, aTo, bFrom, bTo).map(Value.bool) ?? .null
    }
}
