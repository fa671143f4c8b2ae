import Foundation
import Testing

struct QueryCommandTests {
    let graph = "graph/cantho-2020.cg"

    @Test func jsonOutputParsesAndKeepsIntegersAndFloatsApart() throws {
        let result = try CLIRunner.run([graph, "-c", "MATCH (f:Figure) WHERE f.value > 100 RETURN f.value AS v, f.unit AS u, 1.0 AS one ORDER BY v",
                                        "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"v\": 3855,"))
        #expect(result.stdout.contains("\"one\": 1.0"))
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        #expect(parsed?.count == 2)
        #expect(parsed?.first?["u"] as? String == "%")
    }

    @Test func nodesInJSONCarryIdLabelsAndProperties() throws {
        let result = try CLIRunner.run([graph, "-c", "MATCH (p:Person {id: 'person:le-tan-thu'})-[r:INTERVIEWED_IN]->(s) RETURN p, r",
                                        "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let node = try #require(rows.first?["p"] as? [String: Any])
        #expect(node["id"] as? String == "person:le-tan-thu")
        #expect(node["labels"] as? [String] == ["Person"])
        #expect((node["properties"] as? [String: Any])?["name"] as? String == "Lê Tấn Thủ")
        let relationship = try #require(rows.first?["r"] as? [String: Any])
        #expect(relationship["type"] as? String == "INTERVIEWED_IN")
        #expect(relationship["start"] as? String == "person:le-tan-thu")
    }

    @Test func csvAndTableOutput() throws {
        let csv = try CLIRunner.run([graph, "-c", "MATCH (a:Award) RETURN a.name, a.kind ORDER BY a.name", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("a.name,a.kind\nCờ thi đua của Chính phủ,co_thi_dua\n"))
        let table = try CLIRunner.run([graph, "-c", "RETURN 'Trần' AS name, 1 AS n"])
        #expect(table.stdout.contains("| Trần | 1 |"))
        let box = try CLIRunner.run([graph, "-c", "RETURN 'Trần' AS name", "--format", "box"])
        #expect(box.stdout.contains("│ Trần │"))
        #expect(table.stdout.hasSuffix("1 row\n"))
    }

    @Test func aQueryErrorExits1WithTheLocation() throws {
        let result = try CLIRunner.run([graph, "-c", "MATCH (p:Person) RETURN pp.name"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("<query>:1:25: error: unknown variable `pp`"))
        #expect(result.stderr.contains("  |                         ^^"))
    }

    @Test func writesInBatchModeDoNotTouchTheFile() throws {
        let before = try Data(contentsOf: CLIRunner.root.appendingPathComponent(graph))
        let result = try CLIRunner.run([graph, "-c", "MATCH (n) DETACH DELETE n", "-c", "MATCH (n) RETURN count(n) AS n"])
        #expect(result.stdout.contains("| 0 |"))
        #expect(try Data(contentsOf: CLIRunner.root.appendingPathComponent(graph)) == before)
    }
}
