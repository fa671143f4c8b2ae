import CadreGraph
import Glibc

/// Cypher's equality, comparison and ordering of values.
enum Comparison {
    /// `a = b` in three-valued logic: nil when the answer is null (a null inside, or NaN).
    static func equals(_ a: Value, _ b: Value) -> Bool? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.int(let x), .int(let y)): return x == y
        case (.int(let x), .float(let y)): return y.isNaN ? false : exactEquals(x, y)
        case (.float(let x), .int(let y)): return x.isNaN ? false : exactEquals(y, x)
        case (.float(let x), .float(let y)): return x == y
        case (.list(let xs), .list(let ys)):
            guard xs.count == ys.count else { return false }
            var unknown = false
            for (x, y) in zip(xs, ys) {
                switch equals(x, y) {
                case false?: return false
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? nil : true
        case (.map(let x), .map(let y)):
            guard x.keys == y.keys else { return false }
            var unknown = false
            for (left, right) in zip(x.entries, y.entries) {
                switch equals(left.value, right.value) {
                case false?: return false
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? nil : true
        case (.string(let x), .string(let y)): return sameBytes(x, y)
        case (.date(let x), .date(let y)): return PartialDate.same(x.raw, y.raw)
        default:
            return a.typeRank == b.typeRank ? a == b : false
        }
    }

    /// Strings are equal in Cypher when their code points are: with both in NFC (as everything
    /// stored is), when their UTF-8 bytes are.
    static func sameBytes(_ x: String, _ y: String) -> Bool {
        var x = x, y = y
        return x.withUTF8 { a in
            y.withUTF8 { b in a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) }
        }
    }

    /// Code point order, which is UTF-8 byte order.
    static func compareBytes(_ x: String, _ y: String) -> Int {
        var x = x, y = y
        return x.withUTF8 { a in y.withUTF8 { b in StringOrder.compare(a, b) } }
    }

    /// An integer against a float, exactly (not through the float nearest the integer, which
    /// makes 2^63 - 1 equal to 2^63): nil when the float is NaN.
    private static func mixed(_ integer: Int64, _ float: Double) -> Int? {
        if float.isNaN { return nil }
        if float >= 0x1p63 { return -1 }
        if float < -0x1p63 { return 1 }
        let whole = float.rounded(.down)
        let truncated = Int64(whole)
        if integer != truncated { return integer < truncated ? -1 : 1 }
        return float > whole ? -1 : 0
    }

    private static func exactEquals(_ integer: Int64, _ float: Double) -> Bool {
        guard let exact = Int64(exactly: float) else { return false }
        return exact == integer
    }

    /// The sign of `a` compared with `b` for `<`, `>`, `<=`, `>=`: nil when they are not
    /// comparable (different types, a null, NaN).
    static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.int(let i), .float(let f)): return mixed(i, f)
        case (.float(let f), .int(let i)): return mixed(i, f).map { -$0 }
        case (.float(let x), .float(let y)):
            if x.isNaN || y.isNaN { return nil }
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let x), .string(let y)):
            return compareBytes(x, y)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.date(let x), .date(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.temporal(let x), .temporal(let y)):
            guard x.kind == y.kind else { return nil }
            return sign(temporalKey(x), temporalKey(y))
        case (.list(let xs), .list(let ys)):
            for (x, y) in zip(xs, ys) {
                if case .date(let a) = x, case .date(let b) = y {
                    // Dates by the days they cover: an uncertain pair leaves the lists unknown.
                    if PartialDate.same(a.raw, b.raw) == true { continue }
                    if PartialDate.precedes(a.raw, b.raw, orEqual: false) == true { return -1 }
                    if PartialDate.precedes(b.raw, a.raw, orEqual: false) == true { return 1 }
                    return nil
                }
                guard let order = compare(x, y) else { return nil }
                if order != 0 { return order }
            }
            return xs.count < ys.count ? -1 : (xs.count == ys.count ? 0 : 1)
        default:
            return nil
        }
    }

    /// The total order of ORDER BY: maps, nodes, relationships, lists, paths, date-times, local
    /// date-times, dates, times, local times, durations, strings,
    /// booleans, numbers (NaN last among them), then null.
    static func order(_ a: Value, _ b: Value) -> Int {
        let (ra, rb) = (a.typeRank, b.typeRank)
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case (.int, _), (.float, _):
            let (x, y) = (a.numberValue!, b.numberValue!)
            if x.isNaN || y.isNaN { return x.isNaN == y.isNaN ? 0 : (x.isNaN ? 1 : -1) }
            if case .int(let i) = a, case .int(let j) = b { return i < j ? -1 : (i == j ? 0 : 1) }
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.list(let xs), .list(let ys)):
            for (x, y) in zip(xs, ys) {
                let order = order(x, y)
                if order != 0 { return order }
            }
            return xs.count < ys.count ? -1 : (xs.count == ys.count ? 0 : 1)
        case (.map(let x), .map(let y)):
            for (left, right) in zip(x.entries, y.entries) {
                if left.key != right.key { return left.key.unicodeScalars.lexicographicallyPrecedes(right.key.unicodeScalars) ? -1 : 1 }
                let order = order(left.value, right.value)
                if order != 0 { return order }
            }
            return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        case (.node(let x), .node(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.edge(let x), .edge(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.path(let x), .path(let y)):
            return order(.list(x.nodes.map { .node($0) }), .list(y.nodes.map { .node($0) }))
        case (.null, .null): return 0
        case (.temporal(let x), .temporal(let y)):
            // Same instant: the smaller offset first, then by zone name, so the order is total.
            let order = sign(temporalKey(x), temporalKey(y))
            if order != 0 { return order }
            if x.offset != y.offset { return x.offset < y.offset ? -1 : 1 }
            return (x.zone ?? "") < (y.zone ?? "") ? -1 : ((x.zone ?? "") == (y.zone ?? "") ? 0 : 1)
        case (.duration(let x), .duration(let y)):
            // Durations are not comparable; ORDER BY still needs an order: by their approximate
            // length, then by their parts.
            let lengths = (approximateNanos(x), approximateNanos(y))
            if lengths.0 != lengths.1 { return lengths.0 < lengths.1 ? -1 : 1 }
            return sign((Int128(x.months), Int128(x.days) * 1_000_000_000 + x.timeNanos), (Int128(y.months), Int128(y.days) * 1_000_000_000 + y.timeNanos))
        default: return compare(a, b) ?? 0
        }
    }
}

extension Comparison {
    /// What orders temporal values of one kind: local readings for the local kinds, instants
    /// for those with an offset.
    static func temporalKey(_ value: TemporalValue) -> (Int128, Int128) {
        switch value.kind {
        case .localTime: return (0, Int128(value.nanoOfDay))
        case .localDateTime: return (Int128(value.epochDay), Int128(value.nanoOfDay))
        case .time, .dateTime:
            let instant = value.instant
            return (Int128(instant.seconds), Int128(instant.nano))
        }
    }

    static func sign(_ a: (Int128, Int128), _ b: (Int128, Int128)) -> Int {
        a < b ? -1 : (a == b ? 0 : 1)
    }

    static func approximateNanos(_ duration: Duration) -> Int128 {
        (Int128(duration.months) * Int128(Duration.secondsPerMonth) + Int128(duration.days) * 86_400) * 1_000_000_000
            + duration.timeNanos
    }
}

extension Value {
    /// The numeric value of an integer or a float.
    var numberValue: Double? {
        switch self {
        case .int(let x): Double(x)
        case .float(let x): x
        default: nil
        }
    }

    /// Rank in the ORDER BY order across types.
    var typeRank: Int {
        switch self {
        case .map: 0
        case .node: 1
        case .edge: 2
        case .list: 3
        case .path: 4
        case .temporal(let value) where value.kind == .dateTime: 5
        case .temporal(let value) where value.kind == .localDateTime: 6
        case .date: 7
        case .temporal(let value) where value.kind == .time: 8
        case .temporal: 9
        case .duration: 10
        case .string: 11
        case .bool: 12
        case .int, .float: 13
        case .null: 14
        }
    }
}

/// A value as DISTINCT and grouping see it: `1` and `1.0` are the same, nulls are the same,
/// NaN is NaN.
struct Equivalent: Hashable {
    let value: Value

    static func == (lhs: Equivalent, rhs: Equivalent) -> Bool { same(lhs.value, rhs.value) }

    private static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.float(let x), .float(let y)) where x.isNaN && y.isNaN: return true
        case (.list(let xs), .list(let ys)):
            return xs.count == ys.count && zip(xs, ys).allSatisfy { same($0, $1) }
        case (.map(let x), .map(let y)):
            return x.keys == y.keys && zip(x.entries, y.entries).allSatisfy { same($0.value, $1.value) }
        default:
            return Comparison.equals(a, b) == true
        }
    }

    func hash(into hasher: inout Hasher) { Self.hash(value, into: &hasher) }

    private static func hash(_ value: Value, into hasher: inout Hasher) {
        switch value {
        case .int(let x): hasher.combine(Double(x))
        case .float(let x):
            if x.isNaN { hasher.combine("NaN") } else { hasher.combine(x) }
        case .list(let items):
            hasher.combine(items.count)
            for item in items { hash(item, into: &hasher) }
        case .map(let map):
            for entry in map.entries { hasher.combine(entry.key); hash(entry.value, into: &hasher) }
        case .string(let text):
            // The bytes, as equality compares them (String's own hash normalizes first).
            var text = text
            hasher.combine(7 as UInt8)
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        default: hasher.combine(value)
        }
    }
}
