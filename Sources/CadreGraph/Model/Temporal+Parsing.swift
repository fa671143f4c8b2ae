import Foundation

/// The ISO 8601 forms Cypher's temporal constructors read, on UTF-8 bytes: calendar
/// (`2015-07-21`, `20150721`, `2015-07`, `2015`), week (`2015-W30-2`, `2015W302`, `2015-W30`) and
/// ordinal (`2015-202`) dates; times `21:40:32.142`, `214032`, `21:40`, `21` with an offset `Z`,
/// `+01:00`, `+0100`, `+01` and a zone `[Europe/Stockholm]`; date-times joined by `T`; durations
/// `P1Y2M3W4DT5H6M7.5S` (fractions allowed, each part signed) and `P2012-02-02T14:37:21.545`.
public enum TemporalParser {
    /// What a string gave: the parts it has.
    public struct Parsed: Sendable {
        public var epochDay: Int64?
        public var nanoOfDay: Int64?
        public var offset: Int32?
        public var zone: String?
    }

    public static func date(_ text: String) -> Int64? {
        var cursor = Cursor(text)
        guard let day = cursor.date(), cursor.atEnd else { return nil }
        return day
    }

    /// A time, with its offset and zone when written.
    public static func time(_ text: String) -> Parsed? {
        var cursor = Cursor(text)
        guard let nano = cursor.time() else { return nil }
        var parsed = Parsed(nanoOfDay: nano)
        guard cursor.zone(into: &parsed), cursor.atEnd else { return nil }
        return parsed
    }

    /// A date, optionally followed by `T` and a time with its offset and zone.
    public static func dateTime(_ text: String) -> Parsed? {
        var cursor = Cursor(text)
        guard let day = cursor.date() else { return nil }
        var parsed = Parsed(epochDay: day)
        if cursor.take(UInt8(ascii: "T")) {
            guard let nano = cursor.time() else { return nil }
            parsed.nanoOfDay = nano
            guard cursor.zone(into: &parsed) else { return nil }
        }
        return cursor.atEnd ? parsed : nil
    }

    /// A duration; nil when the text is not one or it overflows.
    public static func duration(_ text: String) -> Duration? {
        var cursor = Cursor(text)
        return cursor.duration()
    }

    /// An offset written alone (`+01:00`, `-0130`, `Z`), in seconds.
    public static func offset(_ text: String) -> Int32? {
        var cursor = Cursor(text)
        var parsed = Parsed()
        guard cursor.offset(into: &parsed), cursor.atEnd else { return nil }
        return parsed.offset
    }

    struct Cursor {
        let bytes: [UInt8]
        var index = 0

        init(_ text: String) { bytes = Array(text.utf8) }

        var atEnd: Bool { index == bytes.count }
        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func take(_ byte: UInt8) -> Bool {
            guard current == byte else { return false }
            index += 1
            return true
        }

        /// Exactly `count` digits.
        mutating func digits(_ count: Int) -> Int64? {
            guard index + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            index += count
            return value
        }

        /// How many digits follow.
        func digitRun() -> Int {
            var end = index
            while end < bytes.count, bytes[end] >= 48, bytes[end] <= 57 { end += 1 }
            return end - index
        }

        mutating func date() -> Int64? {
            var year: Int64
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
                let negative = bytes[index] == UInt8(ascii: "-")
                index += 1
                let run = digitRun()
                guard (4...9).contains(run), let value = digits(run) else { return nil }
                year = negative ? -value : value
            } else {
                guard let value = digits(4) else { return nil }
                year = value
            }
            let dashed = take(UInt8(ascii: "-"))
            if take(UInt8(ascii: "W")) {
                guard let week = digits(2), week >= 1, week <= CivilCalendar.weeksIn(year) else { return nil }
                var dayOfWeek: Int64 = 1
                if dashed ? take(UInt8(ascii: "-")) : digitRun() == 1 {
                    guard let value = digits(1), (1...7).contains(value) else { return nil }
                    dayOfWeek = value
                }
                return CivilCalendar.weekYearStart(year) + (week - 1) * 7 + dayOfWeek - 1
            }
            let run = digitRun()
            if run == 0 { return dashed ? nil : CivilCalendar.epochDay(year: year, month: 1, day: 1) }
            if run == 3 {
                guard let ordinal = digits(3), ordinal >= 1, ordinal <= (CivilCalendar.isLeap(year) ? 366 : 365) else { return nil }
                return CivilCalendar.epochDay(year: year, month: 1, day: 1) + ordinal - 1
            }
            guard let month = digits(2), (1...12).contains(month) else { return nil }
            var day: Int64 = 1
            if dashed ? take(UInt8(ascii: "-")) : digitRun() == 2 {
                guard let value = digits(2), value >= 1, value <= CivilCalendar.daysIn(month: month, year: year) else { return nil }
                day = value
            }
            return CivilCalendar.epochDay(year: year, month: month, day: day)
        }

        /// `HH[:MM[:SS[.f]]]` or `HH[MM[SS[.f]]]`, in nanoseconds of the day.
        mutating func time() -> Int64? {
            guard let hour = digits(2), hour < 24 else { return nil }
            var minute: Int64 = 0, second: Int64 = 0, nano: Int64 = 0
            let colon = current == UInt8(ascii: ":")
            if colon ? take(UInt8(ascii: ":")) : digitRun() >= 2 {
                guard let value = digits(2), value < 60 else { return nil }
                minute = value
                if colon ? take(UInt8(ascii: ":")) : digitRun() >= 2 {
                    guard let value = digits(2), value < 60 else { return nil }
                    second = value
                    if take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) {
                        let run = digitRun()
                        guard (1...9).contains(run), let fraction = digits(run) else { return nil }
                        nano = fraction * Self.powerOfTen(9 - run)
                    }
                }
            }
            return ((hour * 60 + minute) * 60 + second) * TemporalValue.nanosPerSecond + nano
        }

        static func powerOfTen(_ exponent: Int) -> Int64 {
            var value: Int64 = 1
            for _ in 0..<max(0, exponent) { value *= 10 }
            return value
        }

        /// An optional offset, then an optional `[zone]`.
        mutating func zone(into parsed: inout Parsed) -> Bool {
            if current == UInt8(ascii: "Z") || current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
                guard offset(into: &parsed) else { return false }
            }
            if take(UInt8(ascii: "[")) {
                guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "]")), close > index else { return false }
                parsed.zone = String(decoding: bytes[index..<close], as: UTF8.self)
                index = close + 1
            }
            return true
        }

        mutating func offset(into parsed: inout Parsed) -> Bool {
            if take(UInt8(ascii: "Z")) { parsed.offset = 0; return true }
            guard let sign = current, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return false }
            index += 1
            guard let hours = digits(2), hours <= 18 else { return false }
            var minutes: Int64 = 0, seconds: Int64 = 0
            let colon = current == UInt8(ascii: ":")
            if colon ? take(UInt8(ascii: ":")) : digitRun() >= 2 {
                guard let value = digits(2), value < 60 else { return false }
                minutes = value
                if colon ? take(UInt8(ascii: ":")) : digitRun() >= 2 {
                    guard let value = digits(2), value < 60 else { return false }
                    seconds = value
                }
            }
            let total = hours * 3600 + minutes * 60 + seconds
            guard total <= 18 * 3600 else { return false }
            parsed.offset = Int32(sign == UInt8(ascii: "-") ? -total : total)
            return true
        }

        /// A signed decimal number, as an exact multiple of 10⁻⁹.
        mutating func decimal() -> Int128? {
            var negative = false
            if take(UInt8(ascii: "-")) { negative = true } else { _ = take(UInt8(ascii: "+")) }
            let run = digitRun()
            guard run >= 1, run <= 18, let whole = digits(run) else { return nil }
            var value = Int128(whole) * 1_000_000_000
            if take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) {
                let fractionRun = digitRun()
                guard fractionRun >= 1 else { return nil }
                let kept = min(fractionRun, 9)
                guard let fraction = digits(kept) else { return nil }
                index += fractionRun - kept
                value += Int128(fraction * Self.powerOfTen(9 - kept))
            }
            return negative ? -value : value
        }

        mutating func duration() -> Duration? {
            guard take(UInt8(ascii: "P")) else { return nil }
            // The alternative form: P2012-02-02T14:37:21.545.
            if digitRun() == 4, index + 4 < bytes.count, bytes[index + 4] == UInt8(ascii: "-") {
                guard let years = digits(4), take(UInt8(ascii: "-")), let months = digits(2), take(UInt8(ascii: "-")),
                      let days = digits(2) else { return nil }
                var nanos: Int128 = 0
                if take(UInt8(ascii: "T")) {
                    guard let hours = digits(2), take(UInt8(ascii: ":")), let minutes = digits(2), take(UInt8(ascii: ":")),
                          let seconds = decimal() else { return nil }
                    nanos = Int128((hours * 60 + minutes) * 60) * 1_000_000_000 + seconds
                }
                guard atEnd else { return nil }
                return Duration.cascading(monthsE9: Int128(years * 12 + months) * 1_000_000_000,
                                          daysE9: Int128(days) * 1_000_000_000, nanos: nanos)
            }
            var months: Int128 = 0, days: Int128 = 0, nanos: Int128 = 0
            var inTime = false
            var seen = false
            var order = 0
            while !atEnd {
                if !inTime && take(UInt8(ascii: "T")) {
                    inTime = true
                    continue
                }
                guard let number = decimal(), let designator = current else { return nil }
                index += 1
                seen = true
                let rank: Int
                switch (inTime, designator) {
                case (false, UInt8(ascii: "Y")): months += number * 12; rank = 1
                case (false, UInt8(ascii: "M")): months += number; rank = 2
                case (false, UInt8(ascii: "W")): days += number * 7; rank = 3
                case (false, UInt8(ascii: "D")): days += number; rank = 4
                case (true, UInt8(ascii: "H")): nanos += number * 3600; rank = 5
                case (true, UInt8(ascii: "M")): nanos += number * 60; rank = 6
                case (true, UInt8(ascii: "S")): nanos += number; rank = 7
                default: return nil
                }
                guard rank > order else { return nil }
                order = rank
            }
            guard seen else { return nil }
            return Duration.cascading(monthsE9: months, daysE9: days, nanos: nanos)
        }
    }
}

/// Offsets of named time zones, from the system's zone database.
public enum ZoneRules {
    /// True when `name` is a zone the database knows.
    public static func isKnown(_ name: String) -> Bool { TimeZone(identifier: name) != nil }

    /// The zone's offset at an instant (seconds since 1970-01-01T00:00Z).
    public static func offset(_ name: String, atInstant seconds: Int64) -> Int32? {
        guard let zone = TimeZone(identifier: name) else { return nil }
        return Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
    }

    /// The zone's offset for a local reading (seconds since 1970-01-01T00:00 on the wall): in a
    /// gap, the offset before it; in an overlap, the earlier offset.
    public static func offset(_ name: String, atLocal seconds: Int64) -> Int32? {
        guard let zone = TimeZone(identifier: name) else { return nil }
        func at(_ instant: Int64) -> Int64 { Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))) }
        let early = at(seconds - 86_400)
        let late = at(seconds + 86_400)
        if early == late { return Int32(early) }
        // A transition is near: the offsets valid on either side, the earlier first.
        let byEarly = at(seconds - early)
        let byLate = at(seconds - late)
        if byEarly == early { return Int32(early) }
        if byLate == late { return Int32(late) }
        return Int32(early)
    }
}

extension TemporalValue {
    /// The value `kind(text)` makes: `localtime("12:00")`, `datetime("2015-07-21T21:40+01:00")`.
    /// A date-time without an offset or zone is in UTC; a time without one, at `Z`. Nil when the
    /// text is not of the kind (a local kind refuses an offset), or names an unknown zone.
    public static func parse(_ kind: Kind, _ text: String) -> TemporalValue? {
        switch kind {
        case .localTime, .time:
            guard let parsed = TemporalParser.time(text), parsed.zone == nil else { return nil }
            if kind == .localTime && parsed.offset != nil { return nil }
            return TemporalValue(kind: kind, nanoOfDay: parsed.nanoOfDay!, offset: parsed.offset ?? 0)
        case .localDateTime, .dateTime:
            guard let parsed = TemporalParser.dateTime(text) else { return nil }
            let day = parsed.epochDay!, nano = parsed.nanoOfDay ?? 0
            if kind == .localDateTime {
                guard parsed.offset == nil, parsed.zone == nil else { return nil }
                return TemporalValue(kind: kind, epochDay: day, nanoOfDay: nano)
            }
            if let zone = parsed.zone {
                if let offset = parsed.offset {
                    guard ZoneRules.isKnown(zone) else { return nil }
                    return TemporalValue(kind: .dateTime, epochDay: day, nanoOfDay: nano, offset: offset, zone: zone)
                }
                return zoned(epochDay: day, nanoOfDay: nano, zone: zone)
            }
            return TemporalValue(kind: .dateTime, epochDay: day, nanoOfDay: nano, offset: parsed.offset ?? 0)
        }
    }

    /// A date-time read off the wall in a named zone: the zone's offset there (a reading in a
    /// gap moves forward by the gap, as java.time does). Nil for an unknown zone.
    public static func zoned(epochDay: Int64, nanoOfDay: Int64, zone: String) -> TemporalValue? {
        guard days.contains(epochDay) else { return nil }
        let local = epochDay * 86_400 + nanoOfDay / nanosPerSecond
        guard let guess = ZoneRules.offset(zone, atLocal: local),
              let actual = ZoneRules.offset(zone, atInstant: local - Int64(guess)) else { return nil }
        let shifted = local - Int64(guess) + Int64(actual)
        let (day, second) = Duration.floorDivide(shifted, 86_400)
        return TemporalValue(kind: .dateTime, epochDay: day, nanoOfDay: second * nanosPerSecond + nanoOfDay % nanosPerSecond,
                             offset: actual, zone: zone)
    }

    /// The date-time at an instant, in a zone (named) or at an offset.
    public static func at(instant seconds: Int64, nano: Int64, zone: String?, offset: Int32) -> TemporalValue? {
        guard instants.contains(seconds) else { return nil }
        var actual = offset
        if let zone {
            guard let found = ZoneRules.offset(zone, atInstant: seconds) else { return nil }
            actual = found
        }
        let (day, second) = Duration.floorDivide(seconds + Int64(actual), 86_400)
        return TemporalValue(kind: .dateTime, epochDay: day, nanoOfDay: second * nanosPerSecond + nano, offset: actual, zone: zone)
    }
}

extension TemporalValue.Kind {
    /// The kind Cypher names `localtime`, `time`, `localdatetime` or `datetime` (any case).
    public init?(name: String) {
        switch name.lowercased() {
        case "localtime": self = .localTime
        case "time": self = .time
        case "localdatetime": self = .localDateTime
        case "datetime": self = .dateTime
        default: return nil
        }
    }
}

extension Value {
    /// The value of the temporal type `type` (`localtime`, `time`, `localdatetime`,
    /// `datetime`, `duration`) that ISO 8601 `text` writes; nil when it writes none.
    public static func temporal(type: String, text: String) -> Value? {
        if type.lowercased() == "duration" { return TemporalParser.duration(text).map { .duration($0) } }
        guard let kind = TemporalValue.Kind(name: type) else { return nil }
        return TemporalValue.parse(kind, text).map { .temporal($0) }
    }
}
