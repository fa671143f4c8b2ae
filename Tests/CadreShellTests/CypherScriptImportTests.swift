import CadreExport
import CadreGraph
import Foundation
import Testing
@testable import CadreShell

/// `cadre export cypher` read back by `cadre import --cypher` (issue 16): the same graph file.
struct CypherScriptImportTests {
    static let article = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("graph/cantho-2020.cg").path

    @Test(arguments: CypherExporter.Dialect.allCases)
    func theArticleComesBackByteForByte(dialect: CypherExporter.Dialect) throws {
        let graph = try GraphFileReader.read(path: Self.article, cache: false)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-\(UUID().uuidString).cypher")
        defer { try? FileManager.default.removeItem(at: file) }
        try CypherExporter.export(graph, dialect: dialect).write(to: file, atomically: true, encoding: .utf8)
        let back = try CypherScriptImporter.read(path: file.path)
        #expect(try GraphFileWriter.write(back) == String(contentsOfFile: Self.article, encoding: .utf8))
    }

    @Test func aFailingStatementIsLocatedInTheScript() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-\(UUID().uuidString).cypher")
        defer { try? FileManager.default.removeItem(at: file) }
        try "CREATE CONSTRAINT c IF NOT EXISTS FOR (n:P) REQUIRE n.id IS UNIQUE;\nCREATE (:P {id: 'a'});\nRETURN nope;\n"
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: CypherScriptImporter.ImportError.self) { try CypherScriptImporter.read(path: file.path) }
        do {
            _ = try CypherScriptImporter.read(path: file.path)
        } catch {
            #expect(error.description.hasPrefix("\(file.path):3:8: "), "\(error)")
        }
    }
}
