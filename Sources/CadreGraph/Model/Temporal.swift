/// Cypher's temporal values other than dates (`PartialDate` holds those): local times, times
/// with an offset, local date-times, date-times with an offset or a named zone, and durations.
///
/// Fields are kept as the clock on the wall shows them (a day since 1970-01-01 and a nanosecond
/// of that day) with the offset beside, so printing and component access need no zone rules;
/// the instant is the local reading minus the offset.
public struct TemporalValue: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: UInt8, Sendable { case localTime, time, localDateTime, dateTime }

    public var kind: Kind
    /// Days since 1970-01-01 of the local date (0 for the times).
    public var epochDay: Int64
    /// Nanoseconds since local midnight, 0 ..< 86,400 × 10⁹.
    public var nanoOfDay: Int64
    /// Seconds east of UTC (times and date-times; 0 for local ones).
    public var offset: Int32
    /// The named zone of a date-time (`Europe/Stockholm`); nil for a fixed offset.
    public var zone: String?

    public static let nanosPerSecond: Int64 = 1_000_000_000
    public static let nanosPerDay: Int64 = 86_400 * nanosPerSecond

    public init(kind: Kind, epochDay: Int64 = 0, nanoOfDay: Int64, offset: Int32 = 0, zone: String? = nil) {
        self.kind = kind
        self.epochDay = kind == .localTime || kind == .time ? 0 : epochDay
        self.nanoOfDay = nanoOfDay
        self.offset = kind == .time || kind == .dateTime ? offset : 0
        self.zone = kind == .dateTime ? zone : nil
    }

    public var hasDate: Bool { kind == .localDateTime || kind == .dateTime }

    /// The days Cypher's temporal values span: the years -999,999,999 to +999,999,999.
    public static let days: ClosedRange<Int64> = CivilCalendar.epochDay(year: -999_999_999, month: 1, day: 1)
        ... CivilCalendar.epochDay(year: 999_999_999, month: 12, day: 31)
    /// The instants (seconds since 1970) those days hold, with a day to spare for offsets.
    public static let instants: ClosedRange<Int64> = (days.lowerBound - 1) * 86_400 ... (days.upperBound + 2) * 86_400
    public var hasOffset: Bool { kind == .time || kind == .dateTime }

    /// The type's name in Cypher.
    public var typeName: String {
        switch kind {
        case .localTime: "localtime"
        case .time: "time"
        case .localDateTime: "localdatetime"
        case .dateTime: "datetime"
        }
    }

    /// Seconds and nanoseconds since 1970-01-01T00:00Z (for a time: since its day's midnight UTC).
    public var instant: (seconds: Int64, nano: Int64) {
        let local = epochDay &* 86_400 &+ nanoOfDay / Self.nanosPerSecond
        return (local &- Int64(offset), nanoOfDay % Self.nanosPerSecond)
    }

    /// The date of a date-time, when it is one a `PartialDate` can hold.
    public var date: PartialDate? { hasDate ? CivilCalendar.partialDate(epochDay) : nil }

    public var description: String {
        var text = ""
        if hasDate { text += CivilCalendar.dateText(epochDay) + "T" }
        text += Self.timeText(nanoOfDay)
        if hasOffset {
            text += Self.offsetText(offset)
            if let zone { text += "[" + zone + "]" }
        }
        return text
    }

    /// `HH:MM`, with `:SS` when seconds or a fraction are not zero, the fraction in groups of
    /// three digits.
    static func timeText(_ nanoOfDay: Int64) -> String {
        let seconds = nanoOfDay / nanosPerSecond
        let nano = nanoOfDay % nanosPerSecond
        var text = pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2)
        if seconds % 60 != 0 || nano != 0 {
            text += ":" + pad(seconds % 60, 2)
            if nano != 0 {
                if nano % 1_000_000 == 0 { text += "." + pad(nano / 1_000_000, 3) }
                else if nano % 1000 == 0 { text += "." + pad(nano / 1000, 6) }
                else { text += "." + pad(nano, 9) }
            }
        }
        return text
    }

    /// `Z`, `+HH:MM`, or `+HH:MM:SS`.
    public static func offsetText(_ offset: Int32) -> String {
        if offset == 0 { return "Z" }
        let magnitude = Int64(abs(offset))
        var text = (offset < 0 ? "-" : "+") + pad(magnitude / 3600, 2) + ":" + pad(magnitude / 60 % 60, 2)
        if magnitude % 60 != 0 { text += ":" + pad(magnitude % 60, 2) }
        return text
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// A Cypher duration: months, days, and seconds with nanoseconds, each kept apart (a month is
/// not a fixed number of days, nor a day, across a change of offset, of seconds).
public struct Duration: Hashable, Sendable, CustomStringConvertible {
    public var months: Int64
    public var days: Int64
    public var seconds: Int64
    /// 0 ..< 10⁹, added to `seconds`.
    public var nanos: Int64

    /// Seconds in an average Gregorian month (365.2425 × 86,400 / 12): how fractions of months become time.
    public static let secondsPerMonth: Int64 = 2_629_746

    public init(months: Int64 = 0, days: Int64 = 0, seconds: Int64 = 0, nanos: Int64 = 0) {
        self.months = months
        self.days = days
        let (carry, rest) = Self.floorDivide(nanos, TemporalValue.nanosPerSecond)
        self.seconds = seconds &+ carry
        self.nanos = rest
    }

    /// Months, days and seconds as exact multiples of 10⁻⁹ (fractions cascade: a fraction of a
    /// month becomes time at `secondsPerMonth`, whole days of it days; a fraction of a day
    /// becomes seconds), then truncated toward zero; nil when the result overflows.
    public static func cascading(monthsE9: Int128, daysE9: Int128, nanos: Int128) -> Duration? {
        let billion: Int128 = 1_000_000_000
        let wholeMonths = monthsE9 / billion
        // The fraction of a month, in nanoseconds.
        let (dayNanos, overflow) = daysE9.multipliedReportingOverflow(by: 86_400)
        guard !overflow else { return nil }
        var rest = (monthsE9 % billion) * Int128(secondsPerMonth) + dayNanos
        let wholeDays = rest / (86_400 * billion)
        rest %= 86_400 * billion
        let (sum, sumOverflow) = rest.addingReportingOverflow(nanos)
        guard !sumOverflow else { return nil }
        rest = sum
        let (seconds, nano) = (rest >= 0 ? rest / billion : (rest - billion + 1) / billion, ((rest % billion) + billion) % billion)
        guard let months = Int64(exactly: wholeMonths), let days = Int64(exactly: wholeDays),
              let whole = Int64(exactly: seconds) else { return nil }
        return Duration(months: months, days: days, seconds: whole, nanos: Int64(nano))
    }

    /// The duration with nanoseconds carried into seconds; nil when the seconds overflow.
    public static func checked(months: Int64, days: Int64, seconds: Int64, nanos: Int64) -> Duration? {
        let (carry, rest) = floorDivide(nanos, TemporalValue.nanosPerSecond)
        let (total, overflow) = seconds.addingReportingOverflow(carry)
        return overflow ? nil : Duration(months: months, days: days, seconds: total, nanos: rest)
    }

    /// `-d`; nil when a part has no negation (the least 64-bit integer).
    public var negated: Duration? {
        guard months != .min, days != .min, seconds != .min else { return nil }
        return Duration.checked(months: -months, days: -days, seconds: -seconds, nanos: -nanos)
    }

    /// Quotient and remainder, the quotient rounded toward negative infinity.
    public static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = a.quotientAndRemainder(dividingBy: b)
        if remainder != 0 && (remainder < 0) != (b < 0) { return (quotient - 1, remainder + b) }
        return (quotient, remainder)
    }

    /// Seconds and nanoseconds as one count of nanoseconds.
    public var timeNanos: Int128 { Int128(seconds) * 1_000_000_000 + Int128(nanos) }

    /// ISO 8601: `P1Y2M3DT4H5M6.5S`, each part with its own sign, `PT0S` when empty.
    public var description: String {
        var text = "P"
        if months / 12 != 0 { text += "\(months / 12)Y" }
        if months % 12 != 0 { text += "\(months % 12)M" }
        if days != 0 { text += "\(days)D" }
        let total = timeNanos
        if total != 0 {
            text += "T"
            let negative = total < 0
            let magnitude = negative ? -total : total
            let wholeSeconds = Int64(magnitude / 1_000_000_000)
            let fraction = Int64(magnitude % 1_000_000_000)
            let sign = negative ? "-" : ""
            if wholeSeconds / 3600 != 0 { text += sign + "\(wholeSeconds / 3600)H" }
            if wholeSeconds / 60 % 60 != 0 { text += sign + "\(wholeSeconds / 60 % 60)M" }
            if wholeSeconds % 60 != 0 || fraction != 0 {
                text += sign + "\(wholeSeconds % 60)"
                if fraction != 0 {
                    var digits = TemporalValue.pad(fraction, 9)
                    while digits.hasSuffix("0") { digits.removeLast() }
                    text += "." + digits
                }
                text += "S"
            }
        }
        return text == "P" ? "PT0S" : text
    }
}

/// Calendar arithmetic on the proleptic Gregorian calendar (ISO 8601), by days since 1970-01-01.
public enum CivilCalendar {
    /// Days since 1970-01-01 of a year, month (1–12) and day (H. Hinnant's `days_from_civil`).
    @inlinable
    public static func epochDay(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month and day of a day since 1970-01-01.
    public static func civil(_ epochDay: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = epochDay + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func isLeap(_ year: Int64) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// 1 (Monday) to 7 (Sunday).
    public static func dayOfWeek(_ epochDay: Int64) -> Int64 {
        ((epochDay % 7) + 7 + 3) % 7 + 1
    }

    /// The Monday that starts week 1 of an ISO week-based year (the week with 4 January).
    public static func weekYearStart(_ year: Int64) -> Int64 {
        let fourth = epochDay(year: year, month: 1, day: 4)
        return fourth - (dayOfWeek(fourth) - 1)
    }

    /// The ISO week-based year and week (1–53) of a day.
    public static func week(_ epochDay: Int64) -> (year: Int64, week: Int64) {
        var year = civil(epochDay).year
        if epochDay >= weekYearStart(year + 1) { year += 1 } else if epochDay < weekYearStart(year) { year -= 1 }
        return (year, (epochDay - weekYearStart(year)) / 7 + 1)
    }

    /// 52 or 53.
    public static func weeksIn(_ year: Int64) -> Int64 {
        (weekYearStart(year + 1) - weekYearStart(year)) / 7
    }

    /// `YYYY-MM-DD`, with a sign and more digits beyond 0000–9999.
    public static func dateText(_ epochDay: Int64) -> String {
        let (year, month, day) = civil(epochDay)
        var text: String
        if year > 9999 { text = "+" + String(year) }
        else if year < 0 { text = "-" + TemporalValue.pad(-year, 4) }
        else { text = TemporalValue.pad(year, 4) }
        return text + "-" + TemporalValue.pad(month, 2) + "-" + TemporalValue.pad(day, 2)
    }

    /// The date as a `PartialDate` (known to the day); nil outside the years 0–9999.
    public static func partialDate(_ epochDay: Int64) -> PartialDate? {
        let (year, month, day) = civil(epochDay)
        guard (0...9999).contains(year) else { return nil }
        return PartialDate(year: Int(year), month: Int(month), day: Int(day))
    }
}

extension PartialDate {
    /// Days since 1970-01-01 of the first day the date covers.
    public var firstEpochDay: Int64 {
        CivilCalendar.epochDay(year: Int64(year), month: Int64(month ?? 1), day: Int64(day ?? 1))
    }

    /// Days since 1970-01-01 of the last day the date covers.
    public var lastEpochDay: Int64 {
        let month = Int64(self.month ?? 12)
        return CivilCalendar.epochDay(year: Int64(year), month: month,
                                      day: Int64(day ?? Int(CivilCalendar.daysIn(month: month, year: Int64(year)))))
    }
}
