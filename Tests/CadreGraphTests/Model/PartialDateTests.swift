import Testing
@testable import CadreGraph

struct PartialDateTests {
    @Test(arguments: [
        ("2020", "2020", PartialDate.Precision.year),
        ("2020-10", "2020-10", .month),
        ("2020-10-14", "2020-10-14", .day),
        ("0999-01-01", "0999-01-01", .day),
        ("2024-02-29", "2024-02-29", .day),
    ])
    func parsesISOText(text: String, printed: String, precision: PartialDate.Precision) throws {
        let date = try #require(PartialDate(iso: text))
        #expect(date.description == printed)
        #expect(date.precision == precision)
    }

    @Test(arguments: ["", "20", "20201", "2020-1", "2020-13", "2020-00", "2020-10-1", "2020-10-32",
                      "2023-02-29", "1900-02-29", "2020/10/14", "2020-10-14T00:00", "abcd", "-202"])
    func rejectsMalformedOrImpossibleDates(text: String) {
        #expect(PartialDate(iso: text) == nil)
    }

    @Test func partialDatesSortBeforeTheDatesTheyContain() throws {
        let texts = ["2020", "2020-01", "2020-01-01", "2020-01-02", "2020-02", "2020-02-01", "2020-12-31", "2021"]
        let dates = try texts.map { try #require(PartialDate(iso: $0)) }
        #expect(dates.shuffled().sorted() == dates)
        for (earlier, later) in zip(dates, dates.dropFirst()) {
            #expect(earlier < later, "\(earlier) should sort before \(later)")
        }
    }

    @Test func containment() throws {
        let year = try #require(PartialDate(year: 2020))
        let month = try #require(PartialDate(year: 2020, month: 10))
        let day = try #require(PartialDate(year: 2020, month: 10, day: 14))
        #expect(year.contains(month) && year.contains(day) && month.contains(day) && day.contains(day))
        #expect(!day.contains(month) && !month.contains(year))
        #expect(!month.contains(try #require(PartialDate(year: 2020, month: 11, day: 1))))
    }

    @Test func dayNeedsAMonth() {
        #expect(PartialDate(year: 2020, month: nil, day: 3) == nil)
    }

    // MARK: Uncertain dates compared as the days they cover

    @Test(arguments: [
        ("2020", "2020-01-01", "2020-12-31"), ("2024-02", "2024-02-01", "2024-02-29"), ("2023-02", "2023-02-01", "2023-02-28"),
        ("2020-10-14", "2020-10-14", "2020-10-14"), ("1900-02", "1900-02-01", "1900-02-28"), ("2000-02", "2000-02-01", "2000-02-29"),
    ])
    func firstAndLastDays(text: String, first: String, last: String) throws {
        let raw = try #require(PartialDate(iso: text)).raw
        #expect(PartialDate(raw: PartialDate.firstDay(raw)).description == first)
        #expect(PartialDate(raw: PartialDate.lastDay(raw)).description == last)
    }

    /// The first day orders as the packed dates do (what lets a sorted index serve `>=`).
    @Test func firstDaysFollowThePackedOrder() throws {
        var dates: [PartialDate] = []
        for year in [1999, 2000] {
            dates.append(try #require(PartialDate(year: year)))
            for month in 1...12 {
                dates.append(try #require(PartialDate(year: year, month: month)))
                for day in [1, 2, 15, PartialDate.daysIn(month: month, year: year)] { dates.append(try #require(PartialDate(year: year, month: month, day: day))) }
            }
        }
        let sorted = dates.sorted()
        for (earlier, later) in zip(sorted, sorted.dropFirst()) {
            #expect(PartialDate.firstDay(earlier.raw) <= PartialDate.firstDay(later.raw))
        }
    }

    @Test(arguments: [
        // a, b, a < b, a <= b, a = b
        ("2015", "2015-06-01", nil, nil, nil), ("2015", "2016-01-01", true, true, false), ("2015", "2015-12-31", nil, true, nil),
        ("2015", "2015-01-01", false, nil, nil), ("2016", "2015-06-01", false, false, false), ("2015", "2015", nil, nil, true),
        ("2015-06", "2015", nil, nil, nil), ("2015-06-01", "2015-06-01", false, true, true), ("2015-05-31", "2015-06", true, true, false),
        ("2015-06", "2015-06-30", nil, true, nil), ("2014", "2015", true, true, false),
    ] as [(String, String, Bool?, Bool?, Bool?)])
    func comparisonsKnowOnlyWhatTheDaysDecide(a: String, b: String, less: Bool?, lessOrEqual: Bool?, same: Bool?) throws {
        let (x, y) = (try #require(PartialDate(iso: a)).raw, try #require(PartialDate(iso: b)).raw)
        #expect(PartialDate.precedes(x, y, orEqual: false) == less)
        #expect(PartialDate.precedes(x, y, orEqual: true) == lessOrEqual)
        #expect(PartialDate.same(x, y) == same)
        #expect(PartialDate.same(y, x) == same)
    }
}
