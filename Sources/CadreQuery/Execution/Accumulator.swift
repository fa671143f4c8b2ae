import CadreGraph
import Foundation

/// The running state of one aggregate function over one group.
struct Accumulator {
    enum Kind: String {
        case count, countStar, collect, sum, avg, min, max, stdev, stdevp, percentilecont, percentiledisc
    }

    let kind: Kind
    let distinct: Bool
    let range: SourceRange
    private var seen = Set<Equivalent>()
    /// Nodes seen by a DISTINCT aggregate, as bits by handle: no hashing per row.
    private var seenNodes: [UInt64] = []
    private var count = 0
    private var values: [Value] = []
    /// stdev and the percentiles: the values while every one is an integer, unboxed
    /// (`addInteger`); moved to `values`, in order, when another kind of value comes.
    private var integers: [Int64] = []
    private var integerSum: Int64 = 0
    private var floatSum = 0.0
    private var sawFloat = false
    private var best: Value? = nil
    private var percentile: Double? = nil

    init(kind: Kind, distinct: Bool, range: SourceRange) {
        self.kind = kind
        self.distinct = distinct
        self.range = range
    }

    /// Adds one row: its first argument (none for `count(*)`) and, for the percentiles, the second.
    mutating func add(_ value: Value, _ second: Value? = nil) throws {
        if kind == .countStar { count += 1; return }
        if value.isNull { return }
        if distinct && !firstSight(value) { return }
        switch kind {
        case .count: count += 1
        case .collect: values.append(value)
        case .sum, .avg:
            count += 1
            switch value {
            case .int(let x):
                if sawFloat { floatSum += Double(x) } else {
                    let (total, overflow) = integerSum.addingReportingOverflow(x)
                    if overflow { throw Operations.overflow(range) }
                    integerSum = total
                }
            case .float(let x):
                if !sawFloat { sawFloat = true; floatSum = Double(integerSum) }
                floatSum += x
            default:
                throw QueryError(.type, "\(kind.rawValue)() needs numbers, not \(value.typeName)", at: range, detail: "InvalidArgumentType")
            }
        case .min:
            if best == nil || Comparison.order(value, best!) < 0 { best = value }
        case .max:
            if best == nil || Comparison.order(value, best!) > 0 { best = value }
        case .stdev, .stdevp, .percentilecont, .percentiledisc:
            guard value.numberValue != nil else {
                throw QueryError(.type, "\(kind.rawValue)() needs numbers, not \(value.typeName)", at: range, detail: "InvalidArgumentType")
            }
            if case .int(let x) = value, values.isEmpty, !distinct {
                integers.append(x)
            } else {
                boxIntegers()
                values.append(value)
            }
            if kind == .percentilecont || kind == .percentiledisc, percentile == nil {
                guard let p = second?.numberValue else {
                    throw QueryError(.argument, "\(kind.rawValue)() needs a percentile", at: range, detail: "InvalidArgumentType")
                }
                guard (0...1).contains(p) else {
                    throw QueryError(.argument, "a percentile must be between 0.0 and 1.0", at: range, detail: "NumberOutOfRange")
                }
                percentile = p
            }
        case .countStar: break
        }
    }

    /// Adds an integer to a stdev or percentile (not DISTINCT) that keeps integers unboxed and
    /// knows its percentile already, as `add(.int(x), p)` would; false (nothing added) when
    /// it cannot, and `add` must.
    @inline(__always)
    mutating func addInteger(_ x: Int64) -> Bool {
        guard values.isEmpty, !distinct else { return false }
        switch kind {
        case .stdev, .stdevp: break
        case .percentilecont, .percentiledisc: guard percentile != nil else { return false }
        default: return false
        }
        integers.append(x)
        return true
    }

    /// The integers kept unboxed, moved to `values` (empty while integers are kept).
    private mutating func boxIntegers() {
        guard !integers.isEmpty else { return }
        values = integers.map { .int($0) }
        integers = []
    }

    /// For a DISTINCT aggregate: true the first time `value` (or an equivalent one) is seen.
    private mutating func firstSight(_ value: Value) -> Bool {
        if case .node(let node) = value {
            let word = node.index >> 6
            if word >= seenNodes.count { seenNodes.append(contentsOf: repeatElement(0, count: word + 1 - seenNodes.count)) }
            let bit: UInt64 = 1 << UInt64(node.index & 63)
            if seenNodes[word] & bit != 0 { return false }
            seenNodes[word] |= bit
            return true
        }
        return seen.insert(Equivalent(value: value)).inserted
    }

    /// Adds one row per node, for `count(DISTINCT n)` (see `countsDistinctNodes`).
    mutating func addDistinct(nodes: [NodeID]) {
        precondition(countsDistinctNodes)
        guard let highest = nodes.max() else { return }
        let words = highest.index >> 6 + 1
        if words > seenNodes.count { seenNodes.append(contentsOf: repeatElement(0, count: words - seenNodes.count)) }
        seenNodes.withUnsafeMutableBufferPointer { seen in
            for node in nodes {
                let bit: UInt64 = 1 << UInt64(node.index & 63)
                if seen[node.index >> 6] & bit == 0 {
                    seen[node.index >> 6] |= bit
                    count += 1
                }
            }
        }
    }

    var countsDistinctNodes: Bool { kind == .count && distinct }

    /// True when `merge` gives what adding the other's rows here would: every kind but a
    /// DISTINCT sum or average (which keep no values to test against this one's).
    var merges: Bool { !(distinct && (kind == .sum || kind == .avg)) }

    /// Folds in an accumulator that saw the rows after this one's (the next part of a split
    /// scan), as if those rows had been added here: lists keep their order, DISTINCT values
    /// are tested against this one's. An integer sum that overflows only as a whole (and not
    /// before) is the overflow error; float sums add the two parts' totals.
    mutating func merge(_ other: Accumulator) throws {
        precondition(kind == other.kind && merges)
        if percentile == nil { percentile = other.percentile }
        switch kind {
        case .count, .countStar:
            if distinct {
                for (word, bits) in other.seenNodes.enumerated() where bits != 0 {
                    if word >= seenNodes.count { seenNodes.append(contentsOf: repeatElement(0, count: word + 1 - seenNodes.count)) }
                    count += (bits & ~seenNodes[word]).nonzeroBitCount
                    seenNodes[word] |= bits
                }
                for value in other.seen where seen.insert(value).inserted { count += 1 }
            } else {
                count += other.count
            }
        case .collect, .stdev, .stdevp, .percentilecont, .percentiledisc:
            if distinct {
                for value in other.values where firstSight(value) { values.append(value) }
            } else if values.isEmpty && other.values.isEmpty {
                integers.append(contentsOf: other.integers)
            } else {
                var other = other
                other.boxIntegers()
                boxIntegers()
                values.append(contentsOf: other.values)
            }
        case .sum, .avg:
            count += other.count
            if !sawFloat && !other.sawFloat {
                let (total, overflow) = integerSum.addingReportingOverflow(other.integerSum)
                if overflow { throw Operations.overflow(range) }
                integerSum = total
            } else {
                floatSum = (sawFloat ? floatSum : Double(integerSum)) + (other.sawFloat ? other.floatSum : Double(other.integerSum))
                sawFloat = true
            }
        case .min:
            if let theirs = other.best, best == nil || Comparison.order(theirs, best!) < 0 { best = theirs }
        case .max:
            if let theirs = other.best, best == nil || Comparison.order(theirs, best!) > 0 { best = theirs }
        }
    }

    /// `values` (numbers) in `Comparison.order`: integers alone, or floats alone without NaN,
    /// sorted unboxed; a mix through the general order.
    /// A percentile of values that are all integers, the items it needs selected in linear
    /// time (`select`) rather than all of them sorted: the value a sort would put there. Nil
    /// when some value is not an integer.
    private static func percentileOfIntegers(_ values: [Value], _ p: Double, discrete: Bool) -> Value? {
        var items: [Int64] = []
        items.reserveCapacity(values.count)
        for value in values {
            guard case .int(let x) = value else { return nil }
            items.append(x)
        }
        return percentile(of: items, p, discrete: discrete)
    }

    /// A percentile of integers (not none), as a sort would place it.
    private static func percentile(of integers: [Int64], _ p: Double, discrete: Bool) -> Value {
        var items = integers
        if discrete {
            let index = p == 0 ? 0 : Int((p * Double(items.count)).rounded(.up)) - 1
            return .int(select(&items, max(0, min(items.count - 1, index))))
        }
        let position = p * Double(items.count - 1)
        let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
        let a = Double(select(&items, low))
        // After the selection every item past `low` is at least it: the next is their least.
        let b = high == low ? a : Double(items[(low + 1)...].min()!)
        return .float(a + (b - a) * (position - Double(low)))
    }

    /// The `k`th smallest of `items` (from 0), which it leaves partitioned around that place:
    /// Hoare's selection with a median-of-three pivot, in linear time on average.
    static func select(_ items: inout [Int64], _ k: Int) -> Int64 {
        items.withUnsafeMutableBufferPointer { a in
            var (low, high) = (0, a.count - 1)
            while low < high {
                let middle = low + (high - low) / 2
                if a[middle] < a[low] { a.swapAt(middle, low) }
                if a[high] < a[low] { a.swapAt(high, low) }
                if a[high] < a[middle] { a.swapAt(high, middle) }
                let pivot = a[middle]
                var (i, j) = (low, high)
                while i <= j {
                    while a[i] < pivot { i += 1 }
                    while a[j] > pivot { j -= 1 }
                    if i <= j {
                        a.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                if k <= j {
                    high = j
                } else if k >= i {
                    low = i
                } else {
                    return a[k]
                }
            }
            return a[k]
        }
    }

    private static func sortedNumbers(_ values: [Value]) -> [Value] {
        var integers: [Int64] = [], floats: [Double] = []
        for value in values {
            switch value {
            case .int(let x) where floats.isEmpty: integers.append(x)
            case .float(let x) where integers.isEmpty && !x.isNaN: floats.append(x)
            default: return values.sorted { Comparison.order($0, $1) < 0 }
            }
        }
        return integers.isEmpty ? floats.sorted().map { .float($0) } : integers.sorted().map { .int($0) }
    }

    func result() -> Value {
        switch kind {
        case .count, .countStar: return .int(Int64(count))
        case .collect: return .list(values)
        case .sum: return sawFloat ? .float(floatSum) : .int(integerSum)
        case .avg:
            guard count > 0 else { return .null }
            return .float((sawFloat ? floatSum : Double(integerSum)) / Double(count))
        case .min, .max: return best ?? .null
        case .stdev, .stdevp:
            let numbers = values.isEmpty ? integers.map(Double.init) : values.compactMap(\.numberValue)
            let n = Double(numbers.count)
            guard numbers.count > (kind == .stdev ? 1 : 0) else { return .float(0) }
            let mean = numbers.reduce(0, +) / n
            let squares = numbers.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            return .float((squares / (kind == .stdev ? n - 1 : n)).squareRoot())
        case .percentilecont, .percentiledisc:
            if values.isEmpty, !integers.isEmpty, let p = percentile {
                return Self.percentile(of: integers, p, discrete: kind == .percentiledisc)
            }
            guard !values.isEmpty, let p = percentile else { return .null }
            if let picked = Self.percentileOfIntegers(values, p, discrete: kind == .percentiledisc) { return picked }
            let numbers = Self.sortedNumbers(values)
            if kind == .percentiledisc {
                let index = p == 0 ? 0 : Int((p * Double(numbers.count)).rounded(.up)) - 1
                return numbers[max(0, min(numbers.count - 1, index))]
            }
            let position = p * Double(numbers.count - 1)
            let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
            let (a, b) = (numbers[low].numberValue!, numbers[high].numberValue!)
            return .float(a + (b - a) * (position - Double(low)))
        }
    }
}
