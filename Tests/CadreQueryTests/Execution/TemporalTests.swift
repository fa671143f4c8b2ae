import CadreGraph
import Foundation
import Testing
@testable import CadreQuery

/// Time in the article's graph: Trần Quốc Trung held the secretary's post from "2015" (the year
/// only) to 2020-09-25, Lê Quang Mạnh from 2020-09-25 on.
struct UncertainDateTests {
    func graph() throws -> Graph { try GraphFileReader.read(path: CanThoQueryTests.path) }

    /// Who held the post on a day: only what the dates decide; "2015" neither is nor is not
    /// before 1 June 2015.
    @Test(arguments: [
        ("2015-06-01", [] as [String]), ("2016-01-01", ["\"Trần Quốc Trung\""]), ("2014-12-31", []),
        ("2020-09-25", ["\"Trần Quốc Trung\"", "\"Lê Quang Mạnh\""]), ("2021-03-01", ["\"Lê Quang Mạnh\""]),
    ])
    func whoHeldThePostOnADay(day: String, holders: [String]) throws {
        var graph = try graph()
        #expect(try rows("""
            MATCH (p:Person)-[h:HELD]->(:Role {id: 'role:bi-thu-thanh-uy-can-tho'})
            WHERE h.from <= date('\(day)') AND (h.to IS NULL OR h.to >= date('\(day)'))
            RETURN p.name ORDER BY h.from
            """, on: &graph) == holders.map { [$0] })
    }

    /// The same question asked with `during`, and the unknown answer in the open.
    @Test func duringSaysWhatIsUnknown() throws {
        var graph = try graph()
        #expect(try rows("""
            MATCH (p:Person)-[h:HELD]->(:Role {id: 'role:bi-thu-thanh-uy-can-tho'})
            RETURN p.name, during(date('2015-06-01'), h.from, h.to), during(date('2018-01-01'), h.from, h.to),
                   during(date('2021-01-01'), h.from, h.to) ORDER BY h.from
            """, on: &graph) == [["\"Trần Quốc Trung\"", "null", "true", "false"], ["\"Lê Quang Mạnh\"", "false", "false", "true"]])
    }

    @Test func earliestLatestAndPrecisionReadTheInterval() throws {
        var graph = try graph()
        #expect(try rows("""
            MATCH (p:Person {name: 'Trần Quốc Trung'})-[h:HELD]->(:Role {id: 'role:bi-thu-thanh-uy-can-tho'})
            RETURN earliest(h.from), latest(h.from), precision(h.from), precision(h.to), duration.inDays(latest(h.from), h.to).days
            """, on: &graph) == [["date(\"2015-01-01\")", "date(\"2015-12-31\")", "\"year\"", "\"day\"", "1730"]])
    }

    @Test(arguments: [
        // the question, the answer
        ("partialDate('2015') < date('2015-06-01')", "null"), ("partialDate('2015') < date('2016-01-01')", "true"),
        ("partialDate('2015') >= date('2015-01-01')", "true"), ("partialDate('2015') > date('2015-01-01')", "null"),
        ("partialDate('2015') = partialDate('2015')", "true"), ("partialDate('2015') = date('2015-03-01')", "null"),
        ("partialDate('2015') <> date('2016-03-01')", "true"), ("partialDate('2015-06') <= partialDate('2015')", "null"),
        ("partialDate('2015') IN [date('2015-03-01')]", "null"), ("partialDate('2015') IN [date('2016-03-01')]", "false"),
        ("date('2015') = date('2015-01-01')", "true"), // Cypher's date(): the first day
        ("partialDate({year: 2015, month: 6})", "date(\"2015-06\")"), ("partialDate(1962)", "date(\"1962\")"),
        ("earliest(partialDate('2024-02'))", "date(\"2024-02-01\")"), ("latest(partialDate('2024-02'))", "date(\"2024-02-29\")"),
        ("earliest(null)", "null"), ("precision(date('2015-06-01'))", "\"day\""),
        // In lists, element by element, as Cypher compares lists.
        ("[partialDate('2015')] < [date('2015-06-01')]", "null"), ("[partialDate('2015'), 1] < [partialDate('2015'), 2]", "true"),
        ("[date('2014-01-01')] < [partialDate('2015')]", "true"), ("[partialDate('2015')] <= [partialDate('2015')]", "true"),
    ])
    func comparisonsAndFunctions(expression: String, answer: String) throws {
        #expect(try rows("RETURN \(expression)") == [[answer]])
    }

    @Test(arguments: [
        // Ends included; null: not ended ("still"); a start null: unknown.
        ("date('2015-01-01'), date('2020-09-25'), date('2020-09-25'), null", "true"),
        ("date('2015-01-01'), date('2020-09-24'), date('2020-09-25'), null", "false"),
        ("partialDate('2015'), partialDate('2020'), partialDate('2020'), null", "null"),
        ("partialDate('2015'), partialDate('2019'), partialDate('2020'), null", "false"),
        ("partialDate('2015'), null, date('2030-01-01'), null", "true"),
        ("date('2016-01-01'), date('2017-01-01'), partialDate('2016'), partialDate('2016')", "true"),
        ("date('2016-06-01'), date('2016-07-01'), partialDate('2016'), partialDate('2016')", "null"),
        ("partialDate('2010'), partialDate('2016'), partialDate('2015-03'), partialDate('2015-04')", "true"),
        ("null, null, date('2015-01-01'), null", "null"),
    ])
    func overlapsWithOpenAndEqualEnds(arguments: String, answer: String) throws {
        #expect(try rows("RETURN overlaps(\(arguments))") == [[answer]])
    }

    @Test func aFunctionOfDatesRefusesOtherValues() {
        #expect(error("RETURN earliest('2015')")?.message.contains("needs a date") == true)
        #expect(error("RETURN partialDate('2015-13')")?.message.contains("invalid partial date") == true)
        #expect(error("RETURN during(date('2015-01-01'), 1, null)") != nil)
    }

    /// ORDER BY keeps one total order: by the first day, the less precise first.
    @Test func orderingIsTotal() throws {
        #expect(try rows("""
            UNWIND [date('2015-06-01'), partialDate('2015-06'), partialDate('2015'), date('2014-12-31'), partialDate('2016')] AS d
            RETURN d ORDER BY d
            """) == [["date(\"2014-12-31\")"], ["date(\"2015\")"], ["date(\"2015-06\")"], ["date(\"2015-06-01\")"], ["date(\"2016\")"]])
    }
}

/// Temporal values made from others (projection), and cut down to a unit (truncation).
struct TemporalProjectionTests {
    @Test(arguments: [
        ("date({date: localdatetime('1984-03-07T12:31:14')})", "1984-03-07"), ("date({date: date('1984-03-07'), year: 28})", "0028-03-07"),
        ("date({date: date('1984-03-07'), week: 1})", "1984-01-04"), ("date({date: date('1984-03-07'), quarter: 3})", "1984-09-05"),
        ("date({date: date('1984-03-31'), quarter: 2})", "1984-06-30"), ("date({date: date('2016-02-29'), year: 2017})", "2017-02-28"),
        ("localtime({time: time('12:31:14.645876+01:00'), second: 42})", "12:31:42.645876"),
        ("time({time: time('12:31:14+01:00'), timezone: '+05:00'})", "16:31:14+05:00"),
        ("time({time: localtime('12:31'), timezone: '+05:00'})", "12:31+05:00"),
        ("datetime({datetime: datetime('2017-10-11T12:00+01:00'), timezone: 'America/Los_Angeles'})", "2017-10-11T04:00-07:00[America/Los_Angeles]"),
        ("localdatetime({datetime: datetime('2017-10-11T12:00+01:00')})", "2017-10-11T12:00"),
        ("datetime({date: date('2017-10-11'), time: localtime('12:00'), timezone: 'Europe/Stockholm'})", "2017-10-11T12:00+02:00[Europe/Stockholm]"),
        ("datetime({epochSeconds: 416779, nanosecond: 999999999})", "1970-01-05T19:46:19.999999999Z"),
    ])
    func projections(expression: String, printed: String) throws {
        #expect(try rows("RETURN toString(\(expression))") == [["\"\(printed)\""]])
    }

    @Test(arguments: [
        ("datetime.truncate('millennium', $d, {timezone: 'Europe/Stockholm'})", "2000-01-01T00:00+01:00[Europe/Stockholm]"),
        ("datetime.truncate('year', $d, {day: 5})", "2017-01-05T00:00+03:00"), ("datetime.truncate('month', $d)", "2017-11-01T00:00+03:00"),
        ("datetime.truncate('day', $d, {millisecond: 2})", "2017-11-11T00:00:00.002+03:00"),
        ("datetime.truncate('hour', $d)", "2017-11-11T12:00+03:00"), ("datetime.truncate('second', $d)", "2017-11-11T12:31:14+03:00"),
        ("date.truncate('weekYear', $d)", "2017-01-02"), ("date.truncate('week', $d, {dayOfWeek: 2})", "2017-11-07"),
        ("date.truncate('quarter', $d)", "2017-10-01"), ("date.truncate('decade', $d)", "2010-01-01"),
        ("localtime.truncate('minute', $d)", "12:31"), ("localtime.truncate('millisecond', $d)", "12:31:14.645"),
        ("time.truncate('microsecond', $d)", "12:31:14.645876+03:00"), ("localdatetime.truncate('century', $d)", "2000-01-01T00:00"),
    ])
    func truncation(expression: String, printed: String) throws {
        let value = "datetime({year: 2017, month: 11, day: 11, hour: 12, minute: 31, second: 14, nanosecond: 645876123, timezone: '+03:00'})"
        #expect(try rows("WITH \(value) AS d RETURN toString(\(expression.replacingOccurrences(of: "$d", with: "d")))") == [["\"\(printed)\""]])
    }
}

/// Temporal values stored, written and read back.
struct TemporalStorageTests {
    @Test func temporalPropertiesSurviveTheGraphFileAndTheSnapshot() throws {
        var graph = Graph()
        _ = try QueryEngine.execute("""
            CREATE (:Meeting {id: 'meeting:1', at: datetime('2020-09-23T08:00+07:00[Asia/Ho_Chi_Minh]'), local: localdatetime('2020-09-23T08:00'),
                    opens: localtime('08:00'), zoned: time('08:00:00.5+07:00'), lasts: duration('P2DT4H30M'),
                    days: [date('2020-09-23'), date('2020-09-25')]})
            """, on: &graph)
        let text = try GraphFileWriter.write(graph)
        #expect(text.contains(#"datetime("2020-09-23T08:00+07:00[Asia/Ho_Chi_Minh]")"#))
        #expect(text.contains(#"duration("P2DT4H30M")"#))
        let read = try GraphFileReader.read(SourceText(name: "g.cg", bytes: Array(text.utf8)))
        #expect(try GraphFileWriter.write(read) == text)
        var copy = read
        #expect(try rows("MATCH (m:Meeting) RETURN m.at.hour, m.at.timezone, m.lasts.hours, m.zoned.nanosecond, m.opens < localtime('09:00')",
                         on: &copy) == [["8", "\"Asia/Ho_Chi_Minh\"", "4", "500000000", "true"]])
        // The snapshot keeps them too.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-temporal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("g.cg").path, snapshot = directory.appendingPathComponent("g.snapshot").path
        try text.write(toFile: source, atomically: true, encoding: .utf8)
        #expect(GraphSnapshot.write(read, readFrom: source, to: snapshot))
        let loaded = try #require(GraphSnapshot.read(snapshot, for: source))
        #expect(try GraphFileWriter.write(loaded) == text)
    }

    @Test func aBadTemporalLiteralInAFileIsLocated() throws {
        let text = "(:Meeting {id: \"meeting:1\", at: datetime(\"2020-13-01T00:00\")})\n"
        #expect(throws: (any Error).self) { try GraphFileReader.read(SourceText(name: "g.cg", bytes: Array(text.utf8))) }
        let good = "(:Meeting {id: \"meeting:1\", at: datetime(\"2020-12-01T00:00\")})\n"
        #expect(try GraphFileReader.read(SourceText(name: "g.cg", bytes: Array(good.utf8))).nodeCount == 1)
    }

    @Test func aSchemaDeclaresTemporalTypes() throws {
        let schema = "schema (:Meeting {at: DATETIME, lasts: DURATION | LOCALTIME})\n"
        let good = schema + "(:Meeting {id: \"m:1\", at: datetime(\"2020-12-01T08:00Z\"), lasts: duration(\"PT2H\")})\n"
        #expect(try GraphFileReader.read(SourceText(name: "g.cg", bytes: Array(good.utf8))).nodeCount == 1)
        let bad = schema + "(:Meeting {id: \"m:1\", at: date(\"2020-12-01\")})\n"
        #expect(throws: (any Error).self) { try GraphFileReader.read(SourceText(name: "g.cg", bytes: Array(bad.utf8))) }
        var graph = try GraphFileReader.read(SourceText(name: "g.cg", bytes: Array(good.utf8)))
        #expect(error("MATCH (m:Meeting) SET m.lasts = date('2020-01-01')", on: graph) != nil)
        _ = try QueryEngine.execute("MATCH (m:Meeting) SET m.lasts = localtime('02:00')", on: &graph)
        #expect(try GraphFileWriter.write(graph).contains("schema (:Meeting {at: DATETIME, lasts: DURATION | LOCALTIME})"))
    }
}
