import CadreExport
import Foundation
import Testing
@testable import CadreGraph

/// The CSV cadre writes: the graph as Neo4j admin-import files, and query results; one
/// quoting rule for both (`CSVText`).
struct CSVExportTests {
    func write(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-csv-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return directory
    }

    @Test(arguments: [
        ("plain", ",", "plain"), ("a,b", ",", "\"a,b\""), ("a,b", "\t", "a,b"), ("a\tb", "\t", "\"a\tb\""),
        ("say \"hi\"", ",", "\"say \"\"hi\"\"\""), ("two\nlines", ",", "\"two\nlines\""), ("cr\r", ",", "\"cr\r\""),
        ("Trần Quốc Trung", ",", "Trần Quốc Trung"), ("", ",", ""),
    ])
    func fieldsAreQuotedOnlyWhenTheyMustBe(text: String, separator: String, expected: String) {
        #expect(CSVText.field(text, separator: separator.utf8.first!) == expected)
    }

    @Test func resultsAndGraphFilesQuoteAlike() {
        var graph = Graph()
        graph.addNode(labels: ["P"], properties: [("id", .string("p:1")), ("name", .string("A, \"B\""))])
        let results = CSVWriter(graph: graph).rows(["name", "n"], [[.string("A, \"B\""), .null], [.int(3), .string("x\ny")]])
        #expect(results == "name,n\n\"A, \"\"B\"\"\",\n3,\"x\ny\"\n")
        let tabs = CSVWriter(graph: graph, separator: UInt8(ascii: "\t")).rows(["a,b"], [[.string("c\td")]])
        #expect(tabs == "a,b\n\"c\td\"\n")
        let files = try? CSVExporter.export(graph)
        #expect(files?.first?.text == "id:ID,name,:LABEL\np:1,\"A, \"\"B\"\"\",P\n")
    }

    @Test func exportThenImportThenExportIsStable() throws {
        let graph = try GraphFileReader.read(path: ExchangeFormatTests.article)
        let first = try CSVExporter.export(graph)
        let directory = try write(Dictionary(uniqueKeysWithValues: first.map { ($0.name, $0.text) }))
        defer { try? FileManager.default.removeItem(at: directory) }
        let reimported = try CSVImporter.read(
            nodes: first.filter { $0.name.hasPrefix("nodes_") }.map { directory.appendingPathComponent($0.name).path },
            relationships: first.filter { $0.name.hasPrefix("relationships_") }.map { directory.appendingPathComponent($0.name).path })
        #expect(reimported.nodeCount == graph.nodeCount && reimported.edgeCount == graph.edgeCount)
        let second = try CSVExporter.export(reimported)
        #expect(second.map(\.name) == first.map(\.name))
        for (a, b) in zip(first, second) { #expect(a.text == b.text, "\(a.name)") }
        #expect(first.first { $0.name == "nodes_person.csv" }!.text.hasPrefix("id:ID,aliases:string[],basis,family_name"))
    }


    /// Temporal values other than dates leave as ISO text under their Neo4j column types, and
    /// come back the same, through CSV and through JSON lines.
    @Test func temporalValuesRoundTripThroughCSVAndJSONLines() throws {
        var graph = Graph()
        let at = TemporalValue.parse(.dateTime, "2020-09-23T08:00+07:00[Asia/Ho_Chi_Minh]")!
        let meeting = graph.addNode(labels: ["Event"], properties: [
            ("id", .string("event:1")), ("at", .temporal(at)), ("opens", .temporal(TemporalValue.parse(.localTime, "08:00:00.25")!)),
            ("lasts", .duration(TemporalParser.duration("P2DT4H30M")!)),
            ("slots", .list([.temporal(TemporalValue.parse(.localDateTime, "2020-09-23T08:00")!), .temporal(TemporalValue.parse(.localDateTime, "2020-09-24T14:00")!)])),
        ])
        let person = graph.addNode(labels: ["Person"], properties: [("id", .string("person:1"))])
        graph.addEdge(from: person, to: meeting, type: "ATTENDED", properties: [("arrived", .temporal(TemporalValue.parse(.time, "07:55+07:00")!))])
        let files = try CSVExporter.export(graph)
        let events = try #require(files.first { $0.name == "nodes_event.csv" })
        #expect(events.text.contains("at:datetime") && events.text.contains("lasts:duration") && events.text.contains("slots:localdatetime[]"))
        #expect(events.text.contains("2020-09-23T08:00+07:00[Asia/Ho_Chi_Minh]"))
        let directory = try write(Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.text) }))
        defer { try? FileManager.default.removeItem(at: directory) }
        let back = try CSVImporter.read(
            nodes: files.filter { $0.name.hasPrefix("nodes_") }.map { directory.appendingPathComponent($0.name).path },
            relationships: files.filter { $0.name.hasPrefix("relationships_") }.map { directory.appendingPathComponent($0.name).path })
        #expect(try GraphFileWriter.write(back) == GraphFileWriter.write(graph))

        let lines = try JSONLinesExporter.export(graph)
        #expect(lines.contains(#""temporals":{"at":"datetime","lasts":"duration","opens":"localtime","slots":"localdatetime"}"#))
        let file = directory.appendingPathComponent("g.jsonl")
        try lines.write(to: file, atomically: true, encoding: .utf8)
        #expect(try GraphFileWriter.write(try JSONLinesImporter.read(path: file.path)) == GraphFileWriter.write(graph))
    }
}
