import Foundation
import Testing
@testable import CadreGraph

struct CSVTests {
    func write(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return directory
    }

    @Test func readsQuotesEmbeddedNewlinesTypesAndArrays() throws {
        let directory = try write([
            "people.csv": "id:ID,name,born:int,score:double,alive:boolean,day:date,aliases:string[],:LABEL\n"
                + "p1,\"Trần, \"\"Quốc\"\" Trung\",1960,1.5,true,2020-10,A;B,Person;Leader\n"
                + "p2,\"two\nlines\",,,,,,Person\n",
            "held.csv": ":START_ID,:END_ID,from:date,:TYPE\np1,p2,2015,KNOWS\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let graph = try CSVImporter.read(nodes: [directory.appendingPathComponent("people.csv").path],
                                         relationships: [directory.appendingPathComponent("held.csv").path])
        let p1 = try #require(graph.node(withID: "p1"))
        #expect(graph.property(of: p1, "name") == .string("Trần, \"Quốc\" Trung"))
        #expect(graph.property(of: p1, "born") == .int(1960))
        #expect(graph.property(of: p1, "score") == .float(1.5))
        #expect(graph.property(of: p1, "alive") == .bool(true))
        #expect(graph.property(of: p1, "day") == .date(PartialDate(year: 2020, month: 10)!))
        #expect(graph.property(of: p1, "aliases") == .list([.string("A"), .string("B")]))
        #expect(graph.labelNames(of: p1) == ["Person", "Leader"])
        let p2 = try #require(graph.node(withID: "p2"))
        #expect(graph.property(of: p2, "name") == .string("two\nlines"))
        #expect(graph.property(of: p2, "born") == nil)
        #expect(graph.edges(ofType: "KNOWS").count == 1)
    }

    @Test(arguments: [
        ("id:ID,born:int\np1,1960\np2,nineteen\n", "people.csv:3: `born` must be an integer, not \"nineteen\""),
        ("id:ID,day:date\np1,2020-13-01\n", "people.csv:2: `day` must be a date"),
        ("id:ID,name\np1,x\np1,y\n", "people.csv:3: duplicate id \"p1\""),
        ("id:ID,name\np1,\"open\n", "people.csv:2: unterminated quoted field"),
        ("id:ID,name\np1,a,b\n", "people.csv:2: 3 fields, but the header has 2"),
        ("id:ID,x:blob\n", "people.csv:1: unknown column type"),
    ])
    func reportsFileAndLine(text: String, message: String) throws {
        let directory = try write(["people.csv": text])
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try CSVImporter.read(nodes: [directory.appendingPathComponent("people.csv").path], relationships: [])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasSuffix(message) || error.description.contains(message), "\(error)")
            #expect(error.description.hasPrefix(directory.path))
        }
    }

    @Test func relationshipsToUnknownNodesAreErrors() throws {
        let directory = try write(["n.csv": "id:ID\na\n", "r.csv": ":START_ID,:END_ID,:TYPE\na,b,T\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: CSVImporter.ImportError.self) {
            _ = try CSVImporter.read(nodes: [directory.appendingPathComponent("n.csv").path],
                                     relationships: [directory.appendingPathComponent("r.csv").path])
        }
    }

    @Test func exportThenImportThenExportIsStable() throws {
        let graph = try GraphFileReader.read(path: CanThoGraphTests.path)
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
