import Foundation
import Testing
@testable import CadreGraph

/// The import read in parts at once (`CSVImporter.parallelRead`) against one reader.
struct CSVPartsTests {
    func write(_ files: [String: String]) throws -> URL { try CSVTests().write(files) }

    /// Nodes of two files with quoted fields (commas, `""`, line breaks), carriage returns,
    /// empty lines, every column type; edges whose ends repeat, are quoted, escaped, or not in NFC.
    func messyFiles(rows: Int) -> [String: String] {
        var people = "\u{FEFF}id:ID,name,born:int,score:double,alive:boolean,day:date,aliases:string[],:LABEL\n"
        var places = "id:ID,name,:LABEL\r\n"
        var knows = ":START_ID,:END_ID,since:date,note,weight:long,:TYPE\n"
        var random = SeededRandom(state: 7)
        for index in 0..<rows {
            let name: String
            switch random.next() % 5 {
            case 0: name = "\"Trần, \"\"Quốc\"\" \(index)\""
            case 1: name = "\"two\nlines \(index)\""
            case 2: name = "Lê Quang Mạnh \(index)"
            case 3: name = "\"\""
            default: name = "plain\(index)"
            }
            let born = random.next() % 3 == 0 ? "" : String(1900 + Int(random.next() % 120))
            let day = ["", "2015", "2020-10", "2020-10-14"][Int(random.next() % 4)]
            people += "p\(index),\(name),\(born),\(Double(index) / 4),\(index % 2 == 0),\(day),A;B\(index % 3),Person\(index % 7 == 0 ? ";Leader" : "")\n"
            if index % 11 == 0 { people += "\n" }
            places += "tỉnh\(index),\"Tỉnh \(index)\",Place\r\n"
        }
        people += "\"q\"\"uote\",quoted,,,,,,Person\n"
        for index in 0..<3 * rows {
            let source = index % 50 == 0 ? "\"q\"\"uote\"" : "p\(index / 3)"
            let other = Int(random.next() % UInt64(rows))
            let target: String
            switch random.next() % 4 {
            case 0: target = "\"p\(other)\""
            case 1: target = "ti\u{0309}nh\(other)" // not in NFC: the node's id is in NFC
            case 2: target = "\"q\"\"uote\""
            default: target = source
            }
            let note = random.next() % 3 == 0 ? "\"a, \"\"b\"\"\nc\"" : "n\(index % 5)"
            knows += "\(source),\(target),\(["", "2015", "2016-02-29"][index % 3]),\(note),\(Int(random.next() % 100_000) - 50_000),KNOWS\(index % 2)\n"
        }
        return ["people.csv": people, "places.csv": places, "knows.csv": knows]
    }

    func paths(_ directory: URL, _ names: [String]) -> [String] { names.map { directory.appendingPathComponent($0).path } }

    @Test(arguments: [2, 3, 5, 8, 31])
    func partsGiveTheSingleReadersGraph(parts: Int) throws {
        let directory = try write(messyFiles(rows: 300))
        defer { try? FileManager.default.removeItem(at: directory) }
        let nodes = paths(directory, ["people.csv", "places.csv"]), edges = paths(directory, ["knows.csv"])
        let single = try CSVImporter.singleRead(nodes: nodes, relationships: edges, skippingBadRows: false)
        let parallel = try #require(CSVImporter.parallelRead(nodes: nodes, relationships: edges, parts: parts))
        #expect(parallel.graph.nodeCount == 601)
        #expect(parallel.graph.edgeCount == 900)
        #expect(try GraphFileWriter.bytes(parallel.graph) == GraphFileWriter.bytes(single.graph))
        // The same store, not only the same text: nodes, edges and strings in the same order.
        for node in single.graph.nodes {
            #expect(parallel.graph.properties(of: node).map(\.value) == single.graph.properties(of: node).map(\.value))
        }
        for edge in single.graph.edges {
            #expect(parallel.graph.source(of: edge) == single.graph.source(of: edge))
            #expect(parallel.graph.target(of: edge) == single.graph.target(of: edge))
            #expect(parallel.graph.typeName(of: edge) == single.graph.typeName(of: edge))
        }
    }

    /// The strings of an import read in parts are the single reader's, value for value.
    @Test func stringsReadInPartsReadAsOne() throws {
        let directory = try write(messyFiles(rows: 100))
        defer { try? FileManager.default.removeItem(at: directory) }
        let nodes = paths(directory, ["people.csv", "places.csv"]), edges = paths(directory, ["knows.csv"])
        let single = try CSVImporter.singleRead(nodes: nodes, relationships: edges, skippingBadRows: false)
        let parts = try #require(CSVImporter.parallelRead(nodes: nodes, relationships: edges, parts: 3))
        #expect(try GraphFileWriter.bytes(parts.graph) == GraphFileWriter.bytes(single.graph))
        for node in single.graph.nodes {
            #expect(parts.graph.properties(of: node).map(\.value) == single.graph.properties(of: node).map(\.value))
        }
    }

    @Test func cutsFallOnRecordStarts() throws {
        let text = Array(messyFiles(rows: 200)["people.csv"]!.utf8)
        let starts = text.withUnsafeBufferPointer { bytes in
            var reader = CSVRecordReader(bytes: bytes)
            var fields = CSVFields(file: UnsafeRawBufferPointer(bytes))
            var starts: Set<Int> = []
            while true {
                starts.insert(reader.offset)
                guard (try? reader.next(into: &fields)) != nil, reader.offset < bytes.count else { break }
            }
            return starts
        }
        for count in [2, 3, 7, 50, 400] {
            let parts = text.withUnsafeBufferPointer { CSVImporter.recordParts($0, from: 0, count: count) }
            #expect(parts.first?.lowerBound == 0 && parts.last?.upperBound == text.count)
            #expect(zip(parts, parts.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            for part in parts { #expect(starts.contains(part.lowerBound), "a cut at \(part.lowerBound) is inside a record") }
            #expect(parts.count > 1)
        }
    }

    @Test func quotesAreCountedEightBytesAtATime() {
        var random = SeededRandom(state: 3)
        let alphabet: [UInt8] = [UInt8(ascii: "\""), 0xA2, 0x22 | 0x80, 0, UInt8(ascii: "a"), 0xFF]
        let bytes: [UInt8] = (0..<1000).map { _ in alphabet[Int(random.next() % 6)] }
        bytes.withUnsafeBufferPointer { buffer in
            for range in [0..<1000, 3..<997, 5..<12, 7..<7] {
                #expect(CSVImporter.quoteCount(buffer, range) == bytes[range].filter { $0 == UInt8(ascii: "\"") }.count)
            }
        }
    }

    /// Anything wrong gives nil, so the import is read again by one reader, which reports it.
    @Test(arguments: [
        ("id:ID,born:int\np1,1960\np2,nineteen\np3,1\np4,2\n", "people.csv:3:4: `born` must be an integer, not \"nineteen\""),
        ("id:ID,name\np1,x\np2,y\np3,z\np1,w\n", "people.csv:5:1: duplicate id \"p1\""),
        ("id:ID,name\np1,x\np2,\"y\n", "people.csv:3: unterminated quoted field"),
        ("id:ID,name\np1,x\np2,y,z\np3,z\n", "people.csv:3: 3 fields, but the header has 2"),
    ])
    func problemsLeaveThePartsToTheSingleReader(text: String, message: String) throws {
        let directory = try write(["people.csv": text])
        defer { try? FileManager.default.removeItem(at: directory) }
        let nodes = paths(directory, ["people.csv"])
        for parts in [2, 3, 4] { #expect(CSVImporter.parallelRead(nodes: nodes, relationships: [], parts: parts) == nil) }
        #expect(throws: CSVImporter.ImportFailure.self) { try CSVImporter.read(nodes: nodes, relationships: []) }
        do {
            _ = try CSVImporter.read(nodes: nodes, relationships: [])
        } catch {
            #expect(error.errors.first?.description.hasSuffix(message) == true, "\(error)")
        }
    }

    @Test func unknownEndsAndBadBytesLeaveThePartsToo() throws {
        let directory = try write(["people.csv": "id:ID\np1\np2\np3\n", "knows.csv": ":START_ID,:END_ID,:TYPE\np1,p2,K\np2,p9,K\np3,p1,K\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        var bad = Array("id:ID\np1\np2\n".utf8)
        bad.insert(0xFF, at: 9)
        try Data(bad).write(to: directory.appendingPathComponent("bad.csv"))
        for parts in [2, 3] {
            #expect(CSVImporter.parallelRead(nodes: paths(directory, ["people.csv"]), relationships: paths(directory, ["knows.csv"]), parts: parts) == nil)
            #expect(CSVImporter.parallelRead(nodes: paths(directory, ["bad.csv"]), relationships: [], parts: parts) == nil)
        }
    }

    /// A quote inside an unquoted field is not RFC 4180's: a cut counted from quotes may then
    /// fall inside a record, which the part before it notices; the import still reads as one reader reads it.
    @Test func strayQuotesStillImportAsOneReaderReads() throws {
        var text = "id:ID,name\n"
        for index in 0..<200 { text += index % 9 == 0 ? "p\(index),5\"6 tall\n" : "p\(index),\"x\ny\"\n" }
        let directory = try write(["people.csv": text])
        defer { try? FileManager.default.removeItem(at: directory) }
        let nodes = paths(directory, ["people.csv"])
        let single = try CSVImporter.singleRead(nodes: nodes, relationships: [], skippingBadRows: false)
        for parts in [2, 3, 5, 16] {
            if let parallel = CSVImporter.parallelRead(nodes: nodes, relationships: [], parts: parts) {
                #expect(try GraphFileWriter.bytes(parallel.graph) == GraphFileWriter.bytes(single.graph))
            }
        }
    }
}
