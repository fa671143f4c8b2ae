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

}
