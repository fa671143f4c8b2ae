/// A calendar date known to the year, the month, or the day: `2020`, `2020-10`, `2020-10-14`.
///
/// Dates order chronologically, and a partial date sorts before every fuller date it contains:
/// `2020 < 2020-01 < 2020-01-01 < 2020-01-02 < 2020-02 < 2021`.
public struct PartialDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Precision: Int, Sendable, Comparable {
        case year, month, day
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Year, month and day in one word (year << 9 | month << 5 | day, 0 for an unknown part),
    /// so that a date takes 4 bytes in a property and orders as an integer.
    private let packed: UInt32

    /// The packed word, for compact storage (`init(raw:)` takes it back).
    public var raw: UInt32 { packed }
    public init(raw: UInt32) { packed = raw }

    public var year: Int { Int(packed >> 9) }
    /// 1–12, or nil when only the year is known.
    public var month: Int? { let value = Int((packed >> 5) & 0xF); return value == 0 ? nil : value }
    /// 1–31, or nil when the day is not known.
    public var day: Int? { let value = Int(packed & 0x1F); return value == 0 ? nil : value }

    /// Nil unless the parts make a real date (month 1–12, a day that exists in that month,
    /// year 0–9999, a day only with a month).
    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (0...9999).contains(year) else { return nil }
        if let month, !(1...12).contains(month) { return nil }
        if let day {
            guard let month, (1...PartialDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        }
        packed = UInt32(year) << 9 | UInt32(month ?? 0) << 5 | UInt32(day ?? 0)
    }

    /// Parses the ISO form: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with exactly those digit counts.
    public init?(iso text: some StringProtocol) {
        self.init(isoBytes: Array(text.utf8))
    }

    /// Parses the ISO form from UTF-8 bytes.
    public init?(isoBytes bytes: some RandomAccessCollection<UInt8>) {
        let parsed = bytes.withContiguousStorageIfAvailable { Self.parse($0) } ?? Self.parse(Array(bytes).withUnsafeBufferPointer { Self.parse($0) })
        guard let parsed else { return nil }
        self = parsed
    }

    private static func parse(_ date: PartialDate?) -> PartialDate? { date }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> PartialDate? {
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let dash = UInt8(ascii: "-")
        switch bytes.count {
        case 4:
            guard let y = number(0..<4) else { return nil }
            return PartialDate(year: y)
        case 7 where bytes[4] == dash:
            guard let y = number(0..<4), let m = number(5..<7) else { return nil }
            return PartialDate(year: y, month: m)
        case 10 where bytes[4] == dash && bytes[7] == dash:
            guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
            return PartialDate(year: y, month: m, day: d)
        default:
            return nil
        }
    }

    public var precision: Precision {
        day != nil ? .day : (month != nil ? .month : .year)
    }

    /// The ISO 8601 text: `2020`, `2020-10` or `2020-10-14`.
    public var description: String {
        var text = pad(year, 4)
        if let month { text += "-" + pad(month, 2) }
        if let day { text += "-" + pad(day, 2) }
        return text
    }

    /// True when `other` falls within this date: `2020-10` contains `2020-10-14` and itself.
    public func contains(_ other: PartialDate) -> Bool {
        guard year == other.year else { return false }
        guard let month else { return true }
        guard month == other.month else { return false }
        guard let day else { return true }
        return day == other.day
    }

    /// A missing part packs as 0, so the packed order is the chronological one with partial
    /// dates before the dates they contain.
    public static func < (lhs: PartialDate, rhs: PartialDate) -> Bool {
        lhs.packed < rhs.packed
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

// MARK: Uncertain dates compared as the days they cover

extension PartialDate {
    /// The packed word of the first day a packed date covers (`2020-10` → `2020-10-01`).
    /// Non-decreasing in the packed order, so a sorted index of packed dates is sorted by it too.
    @inline(__always)
    public static func firstDay(_ raw: UInt32) -> UInt32 {
        var word = raw
        if word & 0x1E0 == 0 { word |= 1 << 5 }
        if word & 0x1F == 0 { word |= 1 }
        return word
    }

    /// The packed word of the last day a packed date covers (`2020` → `2020-12-31`).
    @inline(__always)
    public static func lastDay(_ raw: UInt32) -> UInt32 {
        if raw & 0x1F != 0 { return raw }
        let year = raw >> 9
        let month = raw & 0x1E0 == 0 ? 12 : (raw >> 5) & 0xF
        return year << 9 | month << 5 | UInt32(daysIn(month: Int(month), year: Int(year)))
    }

    /// `a < b` (or `a <= b`) for the days the dates cover: true when it holds whichever days
    /// they are, false when it holds for none, nil (unknown) otherwise. `2015 < 2016-03` is
    /// true, `2015 < 2015-06-01` unknown, `2015-06 <= 2015` unknown, `2016 < 2015-06-01` false.
    public static func precedes(_ a: UInt32, _ b: UInt32, orEqual: Bool) -> Bool? {
        let (aLast, bFirst) = (lastDay(a), firstDay(b))
        if orEqual ? aLast <= bFirst : aLast < bFirst { return true }
        let (aFirst, bLast) = (firstDay(a), lastDay(b))
        if orEqual ? aFirst > bLast : aFirst >= bLast { return false }
        return nil
    }

    /// `a = b`: true for the same date (a year with itself: the same recorded value), false
    /// when they share no day, nil (unknown) when one may be the other (`2015` and `2015-06-01`).
    public static func same(_ a: UInt32, _ b: UInt32) -> Bool? {
        if a == b { return true }
        if lastDay(a) < firstDay(b) || lastDay(b) < firstDay(a) { return false }
        return nil
    }
}

extension PartialDate {
    /// Whether `date` lies within `from`…`to` (both days included; `to` nil: not ended,
    /// "still"): true when it does whichever days the dates are, false when it does for none,
    /// nil (unknown) otherwise.
    public static func during(_ date: PartialDate, from: PartialDate, to: PartialDate?) -> Bool? {
        let (first, last) = (firstDay(date.raw), lastDay(date.raw))
        if lastDay(from.raw) <= first && (to.map { last <= firstDay($0.raw) } ?? true) { return true }
        if last < firstDay(from.raw) || (to.map { first > lastDay($0.raw) } ?? false) { return false }
        return nil
    }

    /// Whether the spans `aFrom`…`aTo` and `bFrom`…`bTo` share a day (ends included; a nil end:
    /// not ended): true when they do whichever days the dates are, false when they cannot, nil
    /// (unknown) otherwise.
    public static func overlaps(_ aFrom: PartialDate, _ aTo: PartialDate?, _ bFrom: PartialDate, _ bTo: PartialDate?) -> Bool? {
        // Known to share a day: each starts, at its latest, before the other ends, at its earliest.
        if lastDay(bFrom.raw) <= (aTo.map { firstDay($0.raw) } ?? .max) && lastDay(aFrom.raw) <= (bTo.map { firstDay($0.raw) } ?? .max) {
            return true
        }
        if (aTo.map { lastDay($0.raw) } ?? .max) < firstDay(bFrom.raw) || (bTo.map { lastDay($0.raw) } ?? .max) < firstDay(aFrom.raw) {
            return false
        }
        return nil
    }
}
