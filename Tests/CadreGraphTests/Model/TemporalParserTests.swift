import Testing
@testable import CadreGraph

/// The ISO 8601 readers behind the temporal constructors, the graph file and CSV.
struct TemporalParserTests {
    @Test(arguments: [
        ("2015-07-21", "2015-07-21"), ("20150721", "2015-07-21"), ("2015-07", "2015-07-01"), ("201507", "2015-07-01"),
        ("2015-W30-2", "2015-07-21"), ("2015W302", "2015-07-21"), ("2015-W30", "2015-07-20"), ("2015-202", "2015-07-21"),
        ("2015", "2015-01-01"), ("-0044-03-15", "-0044-03-15"), ("+10000-01-01", "+10000-01-01"), ("1818-W53", "1818-12-28"),
    ])
    func dates(text: String, printed: String) throws {
        #expect(CivilCalendar.dateText(try #require(TemporalParser.date(text))) == printed)
    }

    @Test(arguments: ["", "2015-13", "2015-02-29", "2015-W54", "2015-W00", "2015-366", "2015-7-21", "2015/07/21", "2015-07-21T", "+015-01-01", "W30"])
    func notDates(text: String) {
        #expect(TemporalParser.date(text) == nil)
    }

    @Test(arguments: [
        ("P14DT16H12M", "P14DT16H12M"), ("P5M1.5D", "P5M1DT12H"), ("P0.75M", "P22DT19H51M49.5S"), ("PT0.75M", "PT45S"),
        ("P2.5W", "P17DT12H"), ("P12Y5M14DT16H12M70S", "P12Y5M14DT16H13M10S"), ("P2012-02-02T14:37:21.545", "P2012Y2M2DT14H37M21.545S"),
        ("PT-1.5S", "PT-1.5S"), ("P-1Y-2M", "P-1Y-2M"), ("PT0S", "PT0S"), ("PT1,5S", "PT1.5S"),
    ])
    func durations(text: String, printed: String) throws {
        #expect(try #require(TemporalParser.duration(text)).description == printed)
    }

    @Test(arguments: ["P", "PT", "P1Y1Y", "P1D1Y", "PT1D", "P1H", "-P1D", "P1", "1D", "P1.D", "P99999999999999999999Y"])
    func notDurations(text: String) {
        #expect(TemporalParser.duration(text) == nil)
    }

    @Test func calendarArithmeticAgreesWithItselfOverFourCenturies() {
        var day = CivilCalendar.epochDay(year: 1800, month: 1, day: 1)
        var weekday = CivilCalendar.dayOfWeek(day)
        for year: Int64 in 1800..<2200 {
            for month: Int64 in 1...12 {
                for dayOfMonth in 1...CivilCalendar.daysIn(month: month, year: year) {
                    #expect(CivilCalendar.epochDay(year: year, month: month, day: dayOfMonth) == day)
                    let civil = CivilCalendar.civil(day)
                    if civil != (year, month, dayOfMonth) { Issue.record("\(day): \(civil)") }
                    #expect(CivilCalendar.dayOfWeek(day) == weekday)
                    day += 1
                    weekday = weekday % 7 + 1
                }
            }
        }
        #expect(CivilCalendar.dayOfWeek(0) == 4) // 1970-01-01 was a Thursday
    }

    /// Temporal values are boxed in `Value`: a value stays as small as a string, as rows and
    /// lists of values are copied everywhere (unboxed, they made every value 41 bytes).
    @Test func valuesStaySmall() {
        #expect(MemoryLayout<Value>.size <= 17)
        #expect(MemoryLayout<Value>.stride <= 24)
    }

    /// Random text over the characters the forms use: every reader answers, none traps.
    @Test func randomTextNeverTraps() {
        var random = SeededRandom(state: 17)
        let alphabet = Array("0123456789+-:.,TWPYMDHSZ[]/ Europe")
        for _ in 0..<20_000 {
            let length = Int(random.next() % 24)
            let text = String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            _ = TemporalParser.date(text)
            _ = TemporalParser.duration(text)
            _ = TemporalParser.offset(text)
            for kind in [TemporalValue.Kind.localTime, .time, .localDateTime, .dateTime] { _ = TemporalValue.parse(kind, text) }
        }
    }
}
