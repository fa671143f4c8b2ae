import CadreGraph
import Foundation

/// Cypher's temporal constructors: `date`, `localtime`, `time`, `localdatetime`, `datetime`
/// from nothing (now), a string, a map of components (optionally based on other temporal
/// values), or another temporal value.
enum TemporalKind: Sendable {
    case date, localTime, time, localDateTime, dateTime

    var name: String {
        switch self {
        case .date: "date"
        case .localTime: "localtime"
        case .time: "time"
        case .localDateTime: "localdatetime"
        case .dateTime: "datetime"
        }
    }

    var hasDate: Bool { self == .date || self == .localDateTime || self == .dateTime }
    var hasTime: Bool { self != .date }
    var hasZone: Bool { self == .time || self == .dateTime }

    var valueKind: TemporalValue.Kind? {
        switch self {
        case .date: nil
        case .localTime: .localTime
        case .time: .time
        case .localDateTime: .localDateTime
        case .dateTime: .dateTime
        }
    }
}

/// A temporal value's parts, as far as it has them (a date has no time, a local time no date).
struct Moment {
    var epochDay: Int64?
    var nanoOfDay: Int64?
    var offset: Int32?
    var zone: String?

    init(epochDay: Int64? = nil, nanoOfDay: Int64? = nil, offset: Int32? = nil, zone: String? = nil) {
        self.epochDay = epochDay
        self.nanoOfDay = nanoOfDay
        self.offset = offset
        self.zone = zone
    }

    /// The parts of a date or temporal value; nil for other values.
    init?(_ value: Value) {
        switch value {
        case .date(let date): self.init(epochDay: date.firstEpochDay)
        case .temporal(let temporal):
            self.init(epochDay: temporal.hasDate ? temporal.epochDay : nil, nanoOfDay: temporal.nanoOfDay,
                      offset: temporal.hasOffset ? temporal.offset : nil, zone: temporal.zone)
        default: return nil
        }
    }

    /// The same instant seen in another zone or at another offset (a value without an offset is
    /// read as it is: it has no instant to keep).
    func converted(zone newZone: String?, offset newOffset: Int32) -> Moment? {
        guard let offset, let nano = nanoOfDay else {
            return Moment(epochDay: epochDay, nanoOfDay: nanoOfDay, offset: newOffset, zone: newZone)
        }
        let day = epochDay ?? 0
        let instant = day * 86_400 + nano / TemporalValue.nanosPerSecond - Int64(offset)
        var actual = newOffset
        if let newZone {
            guard let found = ZoneRules.offset(newZone, atInstant: instant) else { return nil }
            actual = found
        }
        let (newDay, second) = Duration.floorDivide(instant + Int64(actual), 86_400)
        return Moment(epochDay: epochDay == nil ? nil : newDay,
                      nanoOfDay: second * TemporalValue.nanosPerSecond + nano % TemporalValue.nanosPerSecond,
                      offset: actual, zone: newZone)
    }
}

extension Functions {
    static func temporalError(_ message: String, _ range: SourceRange) -> QueryError {
        QueryError(.argument, message, at: range, detail: "InvalidArgumentValue")
    }

    /// `kind(argument)`, or `kind()` for now.
    static func construct(_ kind: TemporalKind, _ args: [Value], clock: (seconds: Int64, nano: Int64),
                          _ range: SourceRange) throws -> Value {
        guard let argument = args.first else { return try now(kind, zone: nil, clock: clock, range) }
        switch argument {
        case .null: return .null
        case .string(let text): return try parse(kind, text, range)
        case .map(let map):
            if map.keys.map({ $0.lowercased() }) == ["timezone"] { return try now(kind, zone: argument, clock: clock, range) }
            return try build(kind, map, range)
        case .date, .temporal:
            return try make(kind, Moment(argument)!, defaultZone: nil, range)
        default:
            throw argumentError("\(kind.name)() needs a string, a map or a temporal value, not \(argument.typeName)", range)
        }
    }

    /// The current moment as `kind`, in a zone (UTC by default).
    static func now(_ kind: TemporalKind, zone: Value?, clock: (seconds: Int64, nano: Int64), _ range: SourceRange) throws -> Value {
        let (whole, nano) = clock
        var zoneName: String? = nil, offset: Int32 = 0
        switch zone {
        case nil, .null?: break
        case .string(let text)?:
            (zoneName, offset) = try timeZone(text, atInstant: whole, range)
        case .map(let map)?:
            if case .string(let text)? = map["timezone"] { (zoneName, offset) = try timeZone(text, atInstant: whole, range) }
        default: throw argumentError("a time zone must be a string", range)
        }
        guard let instant = TemporalValue.at(instant: whole, nano: nano, zone: zoneName, offset: offset) else {
            throw temporalError("the clock is out of range", range)
        }
        return try make(kind, Moment(.temporal(instant))!, defaultZone: nil, range)
    }

    /// A named zone or an offset (`+01:00`, `Z`), with the offset it has at an instant.
    static func timeZone(_ text: String, atInstant instant: Int64, _ range: SourceRange) throws -> (String?, Int32) {
        if let offset = TemporalParser.offset(text) { return (nil, offset) }
        guard let offset = ZoneRules.offset(text, atInstant: instant) else {
            throw temporalError("unknown time zone \"\(text)\"", range)
        }
        return (text, offset)
    }

    static func parse(_ kind: TemporalKind, _ text: String, _ range: SourceRange) throws -> Value {
        if kind == .date {
            guard let day = TemporalParser.date(text) else {
                throw temporalError("invalid date \"\(text)\": use an ISO 8601 date such as 2015-07-21, 2015-W30-2 or 2015-202", range)
            }
            return try dateValue(day, range)
        }
        guard let value = TemporalValue.parse(kind.valueKind!, text) else {
            throw temporalError("invalid \(kind.name) \"\(text)\" (ISO 8601, as in \(example(kind)))", range)
        }
        return .temporal(value)
    }

    static func example(_ kind: TemporalKind) -> String {
        switch kind {
        case .date: "2015-07-21"
        case .localTime: "21:40:32.142"
        case .time: "21:40:32.142+01:00"
        case .localDateTime: "2015-07-21T21:40:32"
        case .dateTime: "2015-07-21T21:40:32+01:00[Europe/Stockholm]"
        }
    }

    static func dateValue(_ epochDay: Int64, _ range: SourceRange) throws -> Value {
        guard let date = CivilCalendar.partialDate(epochDay) else {
            throw temporalError("date \(CivilCalendar.dateText(epochDay)) is outside the years 0–9999 that cadre holds", range)
        }
        return .date(date)
    }

    /// A value of `kind` from parts: missing parts are midnight, and UTC (or `defaultZone`).
    static func make(_ kind: TemporalKind, _ moment: Moment, defaultZone: (String?, Int32)?, _ range: SourceRange) throws -> Value {
        if kind.hasDate && moment.epochDay == nil {
            throw temporalError("\(kind.name)() needs a date: a value without one (a time) cannot make it", range)
        }
        if kind == .date { return try dateValue(moment.epochDay!, range) }
        let nano = moment.nanoOfDay ?? 0
        switch kind {
        case .localTime: return .temporal(TemporalValue(kind: .localTime, nanoOfDay: nano))
        case .localDateTime: return .temporal(TemporalValue(kind: .localDateTime, epochDay: moment.epochDay!, nanoOfDay: nano))
        case .time:
            return .temporal(TemporalValue(kind: .time, nanoOfDay: nano, offset: moment.offset ?? defaultZone?.1 ?? 0))
        default:
            if let zone = moment.zone ?? (moment.offset == nil ? defaultZone?.0 : nil) {
                guard let value = TemporalValue.zoned(epochDay: moment.epochDay!, nanoOfDay: nano, zone: zone) else {
                    throw temporalError("unknown time zone \"\(zone)\"", range)
                }
                return .temporal(value)
            }
            return .temporal(TemporalValue(kind: .dateTime, epochDay: moment.epochDay!, nanoOfDay: nano,
                                           offset: moment.offset ?? defaultZone?.1 ?? 0))
        }
    }

    // MARK: From a map

    static let dateKeys: Set<String> = ["year", "month", "day", "week", "dayofweek", "ordinalday", "quarter", "dayofquarter"]
    static let timeKeys: Set<String> = ["hour", "minute", "second", "millisecond", "microsecond", "nanosecond"]

    /// `kind({year: …, month: …, …})`, with `date`, `time` or `datetime` as a base to change.
    /// `base` (from `truncate`) stands for the bases the map does not give, and keeps its
    /// reading when the map names another zone.
    static func build(_ kind: TemporalKind, _ map: ValueMap, _ range: SourceRange, base truncated: Moment? = nil) throws -> Value {
        var fields: [String: Value] = [:]
        for entry in map.entries { fields[entry.key.lowercased()] = entry.value }
        func integer(_ key: String) throws -> Int64? {
            switch fields[key] {
            case nil, .null?: return nil
            case .int(let number)?: return number
            case .float(let number)?: return Int64(exactly: number.rounded(.towardZero)) ?? 0
            case let other?: throw argumentError("`\(key)` must be an integer, not \(other.typeName)", range)
            }
        }
        func base(_ key: String) throws -> Moment? {
            guard let value = fields[key], !value.isNull else { return nil }
            guard let moment = Moment(value) else { throw argumentError("`\(key)` must be a temporal value, not \(value.typeName)", range) }
            return moment
        }
        try checkComponents(kind, fields, range)

        // The zone asked for, and bases seen in it.
        var zone: (String?, Int32)? = nil
        if case .string(let text)? = fields["timezone"] {
            let instant = Int64(Date().timeIntervalSince1970)
            zone = try timeZone(text, atInstant: instant, range)
        } else if let value = fields["timezone"], !value.isNull {
            throw argumentError("`timezone` must be a string, not \(value.typeName)", range)
        }
        let datetimeBase = try base("datetime") ?? truncated
        var dateBase = try base("date") ?? datetimeBase
        var timeBase = try base("time") ?? datetimeBase
        if dateBase != nil && dateBase!.epochDay == nil { throw temporalError("`date` must have a date", range) }
        if timeBase != nil && timeBase!.nanoOfDay == nil { timeBase!.nanoOfDay = 0 }
        if let (zoneName, offset) = zone, kind.hasZone, truncated == nil {
            // A base with an instant keeps it: the reading changes to the new zone.
            if let time = timeBase, time.offset != nil {
                var withDay = time
                if withDay.epochDay == nil { withDay.epochDay = dateBase?.epochDay ?? 0 }
                guard let moved = withDay.converted(zone: zoneName, offset: offset) else { throw temporalError("unknown time zone", range) }
                timeBase = moved
                if fields["date"] == nil, dateBase != nil { dateBase!.epochDay = moved.epochDay }
            }
        }

        if let seconds = try integer("epochseconds") ?? (try integer("epochmillis")).map({ Duration.floorDivide($0, 1000).0 }) {
            var nano = try integer("nanosecond") ?? 0
            if let millis = try integer("epochmillis"), fields["epochseconds"] == nil { nano += Duration.floorDivide(millis, 1000).1 * 1_000_000 }
            guard let value = TemporalValue.at(instant: seconds, nano: nano, zone: zone?.0, offset: zone?.1 ?? 0) else {
                throw temporalError("the instant \(seconds) is out of range", range)
            }
            return try make(kind, Moment(.temporal(value))!, defaultZone: nil, range)
        }

        var moment = Moment()
        if kind.hasDate {
            moment.epochDay = try buildDate(fields, base: dateBase, integer, range)
        }
        if kind.hasTime {
            moment.nanoOfDay = try buildTime(fields, base: timeBase, integer, range)
            if let zone { moment.zone = zone.0; moment.offset = zone.1 }
            else if let time = timeBase, let offset = time.offset { moment.offset = offset; moment.zone = time.zone }
            else if let date = dateBase, let offset = date.offset, kind == .dateTime { moment.offset = offset; moment.zone = date.zone }
            if moment.zone != nil && kind == .dateTime { moment.offset = nil }
            if kind == .time, let zoneName = moment.zone {
                moment.offset = ZoneRules.offset(zoneName, atInstant: Int64(Date().timeIntervalSince1970))
                moment.zone = nil
            }
        }
        return try make(kind, moment, defaultZone: nil, range)
    }

    /// An error for a component the kind does not have (`localtime({year: …})`), or no type has.
    static func checkComponents(_ kind: TemporalKind, _ fields: [String: Value], _ range: SourceRange) throws {
        let allowed = dateKeys.union(timeKeys).union(["timezone", "date", "time", "datetime", "epochseconds", "epochmillis"])
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw temporalError("\(kind.name)() has no component `\(unknown)`", range)
        }
        if !kind.hasDate, let key = fields.keys.sorted().first(where: { dateKeys.contains($0) }) {
            throw temporalError("\(kind.name)() has no date, so no `\(key)`", range)
        }
        if !kind.hasTime, let key = fields.keys.sorted().first(where: { timeKeys.contains($0) }) {
            throw temporalError("a date has no time, so no `\(key)`", range)
        }
        if !kind.hasZone, fields["timezone"] != nil {
            throw temporalError("a \(kind.name) has no time zone", range)
        }
    }

    /// The day a map's date components name, over a base date's.
    static func buildDate(_ fields: [String: Value], base: Moment?, _ integer: (String) throws -> Int64?,
                          _ range: SourceRange) throws -> Int64 {
        let baseDay = base?.epochDay
        func check(_ value: Int64, _ bounds: ClosedRange<Int64>, _ name: String) throws -> Int64 {
            guard bounds.contains(value) else { throw temporalError("\(name) \(value) is out of range \(bounds.lowerBound)–\(bounds.upperBound)", range) }
            return value
        }
        let yearGiven = try integer("year")
        if let year = yearGiven, !(-999_999_999...999_999_999).contains(year) { throw temporalError("year \(year) is out of range ±999,999,999", range) }
        if let week = try integer("week") {
            let weekYear = yearGiven ?? baseDay.map { CivilCalendar.week($0).year }
            guard let weekYear else { throw temporalError("a week needs a year", range) }
            _ = try check(week, 1...CivilCalendar.weeksIn(weekYear), "week")
            let dayOfWeek = try integer("dayofweek") ?? baseDay.map(CivilCalendar.dayOfWeek) ?? 1
            _ = try check(dayOfWeek, 1...7, "dayOfWeek")
            return CivilCalendar.weekYearStart(weekYear) + (week - 1) * 7 + dayOfWeek - 1
        }
        let baseCivil = baseDay.map(CivilCalendar.civil)
        guard let year = yearGiven ?? baseCivil?.year else {
            throw temporalError("a date needs a year (or a `date` to start from)", range)
        }
        if let ordinal = try integer("ordinalday") {
            _ = try check(ordinal, 1...(CivilCalendar.isLeap(year) ? 366 : 365), "ordinalDay")
            return CivilCalendar.epochDay(year: year, month: 1, day: 1) + ordinal - 1
        }
        if let quarter = try integer("quarter") {
            _ = try check(quarter, 1...4, "quarter")
            let start = CivilCalendar.epochDay(year: year, month: (quarter - 1) * 3 + 1, day: 1)
            let end = CivilCalendar.epochDay(year: year + (quarter == 4 ? 1 : 0), month: quarter == 4 ? 1 : quarter * 3 + 1, day: 1)
            // A base's day of its quarter is kept, as far as the new quarter has it.
            let baseDayOfQuarter = baseDay.map { day -> Int64 in
                let (year, month, _) = CivilCalendar.civil(day)
                return day - CivilCalendar.epochDay(year: year, month: (month - 1) / 3 * 3 + 1, day: 1) + 1
            }
            if let given = try integer("dayofquarter") {
                return start + (try check(given, 1...(end - start), "dayOfQuarter")) - 1
            }
            return start + min(baseDayOfQuarter ?? 1, end - start) - 1
        }
        if let dayOfWeek = try integer("dayofweek"), let baseDay {
            _ = try check(dayOfWeek, 1...7, "dayOfWeek")
            return baseDay - CivilCalendar.dayOfWeek(baseDay) + dayOfWeek
        }
        let monthGiven = try integer("month"), dayGiven = try integer("day")
        if dayGiven != nil && monthGiven == nil && baseCivil == nil { throw temporalError("a day needs a month", range) }
        let month = try check(monthGiven ?? baseCivil?.month ?? 1, 1...12, "month")
        let length = CivilCalendar.daysIn(month: month, year: year)
        // A base's day is kept as far as the new month has it (31 March to February: the 28th or 29th).
        let day = try dayGiven.map { try check($0, 1...length, "day") } ?? min(baseCivil?.day ?? 1, length)
        return CivilCalendar.epochDay(year: year, month: month, day: day)
    }

    /// The nanosecond of the day a map's time components name, over a base time's.
    static func buildTime(_ fields: [String: Value], base: Moment?, _ integer: (String) throws -> Int64?,
                          _ range: SourceRange) throws -> Int64 {
        let baseNano = base?.nanoOfDay
        let baseSeconds = baseNano.map { $0 / TemporalValue.nanosPerSecond }
        let hour = try integer("hour") ?? baseSeconds.map { $0 / 3600 } ?? 0
        let minute = try integer("minute") ?? baseSeconds.map { $0 / 60 % 60 } ?? 0
        let second = try integer("second") ?? baseSeconds.map { $0 % 60 } ?? 0
        let millis = try integer("millisecond"), micros = try integer("microsecond"), nanos = try integer("nanosecond")
        var fraction: Int64
        if millis == nil && micros == nil && nanos == nil {
            fraction = baseNano.map { $0 % TemporalValue.nanosPerSecond } ?? 0
        } else {
            if let millis, !(0...999).contains(millis) { throw temporalError("millisecond \(millis) is out of range 0–999", range) }
            if let micros, !(0...(millis == nil ? 999_999 : 999)).contains(micros) {
                throw temporalError("microsecond \(micros) is out of range", range)
            }
            if let nanos, !(0...(millis == nil && micros == nil ? 999_999_999 : 999)).contains(nanos) {
                throw temporalError("nanosecond \(nanos) is out of range", range)
            }
            fraction = (millis ?? 0) * 1_000_000 + (micros ?? 0) * 1000 + (nanos ?? 0)
        }
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else {
            throw temporalError("no time \(hour):\(minute):\(second) in a day", range)
        }
        return ((hour * 60 + minute) * 60 + second) * TemporalValue.nanosPerSecond + fraction
    }
}
