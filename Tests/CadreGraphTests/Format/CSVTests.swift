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
        ("id:ID,born:int\np1,1960\np2,nineteen\n", "people.csv:3:4: `born` must be an integer, not \"nineteen\""),
        ("id:ID,day:date\np1,2020-13-01\n", "people.csv:2:4: `day` must be a date"),
        ("id:ID,name\np1,x\np1,y\n", "people.csv:3:1: duplicate id \"p1\""),
        ("id:ID,name\np1,\"open\n", "people.csv:2: unterminated quoted field"),
        ("id:ID,name\np1,a,b\n", "people.csv:2: 3 fields, but the header has 2"),
        ("id:ID,x:blob\n", "people.csv:1:7: unknown column type"),
        ("id:ID,tên:int\np1,\"Trần\"\n", "people.csv:2:4: `tên` must be an integer, not \"Trần\""),
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
        #expect(throws: CSVImporter.ImportFailure.self) {
            _ = try CSVImporter.read(nodes: [directory.appendingPathComponent("n.csv").path],
                                     relationships: [directory.appendingPathComponent("r.csv").path])
        }
    }

    /// Another tool's columns named like the article's keys, with its own types (issue 16: these
    /// were refused as "`born` must be a date"): a graph without a schema takes them as they are.
    @Test func columnTypesComeFromTheHeaderWhateverTheNames() throws {
        let directory = try write([
            "r.csv": "id:ID,born:int,number,ordinal,from:datetime,at:point,:LABEL\nr1,1960,12-NQ/TW,XIII,2020-10-14T09:00:00,1;2,Resolution\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let imported = try CSVImporter.read(nodes: [directory.appendingPathComponent("r.csv").path], relationships: [], skippingBadRows: false)
        let node = try #require(imported.graph.node(withID: "r1"))
        #expect(imported.graph.property(of: node, "born") == .int(1960))
        #expect(imported.graph.property(of: node, "number") == .string("12-NQ/TW"))
        #expect(imported.graph.property(of: node, "ordinal") == .string("XIII"))
        #expect(imported.graph.property(of: node, "from") == .temporal(TemporalValue.parse(.dateTime, "2020-10-14T09:00Z")!))
        #expect(imported.graph.property(of: node, "at") == .string("1;2"))
        #expect(imported.notes == ["\(directory.path)/r.csv: column 6 (`at:point`) is kept as text: cadre has no point values yet"])
        let text = try GraphFileWriter.write(imported.graph)
        #expect(try GraphFileReader.read(SourceText(name: "g.cg", bytes: Array(text.utf8))).nodeCount == 1)
    }

    /// A spreadsheet's byte order mark and line ends change nothing.
    @Test func byteOrderMarkAndCarriageReturns() throws {
        let directory = try write(["p.csv": "\u{FEFF}name,id:ID,born:int\r\nTrần,p1,1960\r\n\"Lê\r\nThủ\",p2,\r\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let graph = try CSVImporter.read(nodes: [directory.appendingPathComponent("p.csv").path], relationships: [])
        let p1 = try #require(graph.node(withID: "p1")), p2 = try #require(graph.node(withID: "p2"))
        #expect(graph.property(of: p1, "name") == .string("Trần") && graph.property(of: p1, "born") == .int(1960))
        #expect(graph.property(of: p2, "name") == .string("Lê\r\nThủ") && graph.property(of: p2, "born") == nil)
    }

    /// 10,000 bad rows: the first 20 located, then a count, and nothing imported.
    @Test func manyBadRowsGiveTwentyErrorsAndACount() throws {
        var text = "id:ID,born:int\n"
        for index in 0..<12_000 { text += index % 6 == 0 ? "p\(index),1960\n" : (index % 6 == 1 ? "p\(index),x\n" : "p\(index),n\(index)\n") }
        let directory = try write(["p.csv": text])
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try CSVImporter.read(nodes: [directory.appendingPathComponent("p.csv").path], relationships: [])
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.count == 20 && error.total == 10_000)
            #expect(error.errors[0].description == "\(directory.path)/p.csv:3:4: `born` must be an integer, not \"x\"")
            #expect(error.description.hasSuffix("… and 9980 more (10000 in all); nothing was imported"))
        }
    }

    /// Skipping bad rows imports the rest and lists each rejected row with its reason.
    @Test func skippingBadRowsImportsTheRest() throws {
        let directory = try write([
            "n.csv": "id:ID,born:int\na,1\nb,two\nc,3\na,4\n",
            "r.csv": ":START_ID,:END_ID,:TYPE\na,c,KNOWS\na,ghost,KNOWS\nc,a\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let imported = try CSVImporter.read(nodes: [directory.appendingPathComponent("n.csv").path],
                                            relationships: [directory.appendingPathComponent("r.csv").path], skippingBadRows: true)
        #expect(imported.graph.nodeCount == 2 && imported.graph.edgeCount == 1)
        #expect(imported.rejected.map { "\($0.error.line):\($0.error.column ?? 0) \($0.row)" } == ["3:3 b,two", "5:1 a,4", "3:3 a,ghost,KNOWS", "4:0 c,a"])
        #expect(imported.rejected[1].error.message == "duplicate id \"a\"")
        #expect(imported.rejected[2].error.message == "unknown end node \"ghost\"")
    }

    /// Adding rows to a graph: nodes matched by id are updated, edges it holds are not repeated,
    /// and the graph's declared types hold for what is added.
    @Test func mergingAddsNewRowsAndUpdatesKnownNodes() throws {
        let base = try GraphFileReader.read(SourceText(name: "g.cg", bytes: Array("""
            schema (:Person {born: DATE})
            (:Person {id: "a", born: date("1960")})
            (:Person {id: "b"})
            ("a")-[:KNOWS]->("b")
            """.utf8)))
        let directory = try write([
            "n.csv": "id:ID,name,:LABEL\na,Anh,Person\nc,Chi,Person\n",
            "r.csv": ":START_ID,:END_ID,:TYPE\na,b,KNOWS\nc,a,KNOWS\nc,a,KNOWS\n",
            "bad.csv": "id:ID,born:int\na,1961\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let merged = try CSVImporter.read(nodes: [directory.appendingPathComponent("n.csv").path],
                                          relationships: [directory.appendingPathComponent("r.csv").path], skippingBadRows: false, into: base)
        #expect((merged.nodesAdded, merged.nodesUpdated, merged.propertiesChanged, merged.edgesAdded, merged.edgesPresent) == (1, 1, 1, 1, 2))
        #expect(merged.summary == "added 1 node, updated 1 (1 value changed), added 1 edge (2 already there)")
        #expect(merged.graph.nodeCount == 3 && merged.graph.edgeCount == 2)
        let a = try #require(merged.graph.node(withID: "a"))
        #expect(merged.graph.property(of: a, "name") == .string("Anh") && merged.graph.property(of: a, "born") == .date(PartialDate(iso: "1960")!))
        #expect(merged.graph.schema == base.schema)
        do {
            _ = try CSVImporter.read(nodes: [directory.appendingPathComponent("bad.csv").path], relationships: [], skippingBadRows: false, into: base)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasSuffix("bad.csv:2:3: `born` must be a date, such as date(\"2020-10-14\"), not 1961 (declared on :Person)"))
        }
    }
}
