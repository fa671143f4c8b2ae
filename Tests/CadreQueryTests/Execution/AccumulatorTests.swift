import CadreGraph
import Testing
@testable import CadreQuery

struct AccumulatorTests {
    /// Selection gives what sorting gives, on arrays with many repeats, few, sorted, reversed,
    /// and of one or two items; and leaves every item past the place at least its value.
    @Test func selectionGivesTheSortedItem() {
        var random = SeededRandom(state: 7)
        var cases: [[Int64]] = [[5], [2, 1], [1, 2], Array(0..<50), Array((0..<50).reversed()), [Int64](repeating: 3, count: 40),
                                [Int64.min, Int64.max, 0, -1, 1]]
        for size in [3, 10, 101, 1_000] {
            for spread in [2, 10, 1_000_000] {
                cases.append((0..<size).map { _ in Int64(random.int(0..<spread)) - Int64(spread / 2) })
            }
        }
        for items in cases {
            let sorted = items.sorted()
            for k in Set([0, items.count / 3, items.count / 2, items.count - 1]) {
                var work = items
                #expect(AccumulatorTests.select(&work, k) == sorted[k], "\(items.prefix(8)) k=\(k)")
                #expect(work[(k + 1)...].allSatisfy { $0 >= sorted[k] })
                #expect(work.sorted() == sorted)
            }
        }
    }

    static func select(_ items: inout [Int64], _ k: Int) -> Int64 { Accumulator.select(&items, k) }

    /// Percentiles of integers (selected) against the same values as floats (sorted), and
    /// of mixed values; the discrete one keeps the integer.
    @Test func percentilesOfIntegersAreTheSortedOnes() throws {
        var random = SeededRandom(state: 11)
        for size in [1, 2, 3, 7, 100, 1_001] {
            let numbers = (0..<size).map { _ in Int64(random.int(0..<40)) }
            for p in [0.0, 0.1, 0.25, 0.5, 0.9, 0.999, 1.0] {
                for kind in [Accumulator.Kind.percentilecont, .percentiledisc] {
                    var integers = Accumulator(kind: kind, distinct: false, range: SourceRange(start: 0, end: 0))
                    var floats = integers
                    for number in numbers {
                        try integers.add(.int(number), .float(p))
                        try floats.add(.float(Double(number)), .float(p))
                    }
                    let expected = floats.result()
                    if kind == .percentiledisc {
                        #expect(integers.result() == expected.numberValue.map { .int(Int64($0)) }, "\(size) \(p)")
                    } else {
                        #expect(integers.result() == expected, "\(size) \(p)")
                    }
                }
            }
        }
    }
}
