import CadreGraph
import Foundation
import Testing
@testable import CadreQuery

/// Questions a journalist asks of the Cần Thơ graph, with the answers the article supports.
struct CanThoQueryTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("graph/cantho-2020.cg").path

    func graph() throws -> Graph { try GraphFileReader.read(path: Self.path) }

    @Test func whoHeldTheSecretaryPostInWhichTerm() throws {
        var graph = try graph()
        #expect(try rows("""
            MATCH (p:Person)-[h:HELD]->(:Role {id: 'role:bi-thu-thanh-uy-can-tho'})
            RETURN p.name, h.term, h.from ORDER BY h.from
            """, on: &graph) == [
                ["\"Trần Quốc Trung\"", "\"term:thanh-uy-can-tho:13\"", "date(\"2015\")"],
                ["\"Lê Quang Mạnh\"", "\"term:thanh-uy-can-tho:14\"", "date(\"2020-09-25\")"],
            ])
    }

    @Test func accentInsensitiveSearch() throws {
        var graph = try graph()
        #expect(try rows("MATCH (p:Person) WHERE p.name ~ 'tran quoc trung' RETURN p.id", on: &graph)
                == [["\"person:tran-quoc-trung\""]])
        #expect(try rows("MATCH (o:Organization) WHERE o.name ~ 'DANG' RETURN count(o)", on: &graph) == [["4"]])
    }

    @Test func plannedResolutionsWithSymbols() throws {
        var graph = try graph()
        #expect(try rows("""
            MATCH (:Organization {id: 'org:nganh-tcxdd-can-tho'})-[i:IMPLEMENTS {modality: 'planned'}]->(r:Resolution)
            WHERE r.symbol IS NOT NULL RETURN r.symbol ORDER BY r.date
            """, on: &graph) == [["\"12-NQ/TW\""], ["\"05-CT/TW\""], ["\"04-NQ/TW\""], ["\"18-NQ/TW\""]])
    }

    @Test func awardsAndWhoPresentedThem() throws {
        var graph = try graph()
        #expect(try rows("MATCH (x)-[:RECEIVED|PRESENTED]->(a:Award) RETURN count(DISTINCT a)", on: &graph) == [["3"]])
        #expect(try rows("MATCH (p:Person)-[:PRESENTED]->(a) RETURN p.name, a.kind", on: &graph)
                == [["\"Trần Quốc Trung\"", "\"ky_niem_chuong\""]])
    }

    @Test func succession() throws {
        var graph = try graph()
        #expect(try rows("""
            MATCH (a:Person {id: 'person:le-quang-manh'}), (b:Person {id: 'person:tran-quoc-trung'}),
                  p = shortestPath((a)-[*..4]-(b)) RETURN length(p)
            """, on: &graph) == [["1"]])
    }
}
