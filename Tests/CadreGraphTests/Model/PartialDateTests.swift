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
}
