import CadreGraph
@testable import CadreQuery
import Testing

/// Every write meets the graph's declared types at the statement (issue 16), not at the save:
/// the statement fails where it writes, and changes nothing.
struct SchemaWritesTests {
    let graph: Graph = {
        var graph = try! GraphFileReader.read(SourceText(name: "s.cg", bytes: Array("""
            schema (:Person {born: DATE})
            schema ()-[{from: DATE}]->()
            (:Person {id: "p", name: "Trần Quốc Trung", born: date("1962")})
            (:Role {id: "r", name: "Bí thư"})
            (:Widget {id: "w", born: 1960})
            ("p")-[:HELD {from: date("2015")}]->("r")
            """.utf8)))
        return graph
    }()

    func failure(_ query: String) throws -> (QueryError, Graph) {
        var copy = graph
        do {
            _ = try QueryEngine.execute(query, on: &copy)
        } catch {
            return (error, copy)
        }
        Issue.record("expected \(query) to fail")
        throw CancellationError()
    }

    @Test func setRefusesAValueOfTheWrongTypeAtItsPlace() throws {
        let (marked, offset) = marked("MATCH (p:Person) SET 1️⃣p.born = 1960")
        let (error, after) = try failure(marked)
        #expect(error.kind == .type)
        #expect(error.message == "`born` must be a date, such as date(\"2020-10-14\"), not 1960 (declared on :Person in the graph's schema)")
        #expect(error.range.start == offset)
        var unchanged = after
        #expect(try rows("MATCH (p:Person) RETURN p.born", on: &unchanged).first?.first?.contains("1962") == true)
    }

    @Test func createMapsAndLabelsAreChecked() throws {
        #expect(try failure("CREATE (:Person {id: 'q', born: 'soon'})").0.message.contains("`born` must be a date"))
        #expect(try failure("MATCH (p:Person), (r:Role) CREATE (p)-[:HELD {from: 2015}]->(r)").0.message.contains("on every edge"))
        #expect(try failure("MATCH (w:Widget) SET w:Person").0.message.contains("`born` must be a date, such as date(\"2020-10-14\"), not 1960 (declared on :Person"))
        #expect(try failure("MATCH ()-[h:HELD]->() SET h += {from: 'x'}").0.message.contains("`from` must be a date"))
    }

    @Test func whatTheSchemaAllowsStillWorks() throws {
        var copy = graph
        _ = try QueryEngine.execute("CREATE (:Widget {id: 'w2', born: 'any year'})", on: &copy)
        _ = try QueryEngine.execute("MATCH (p:Person) SET p.born = date('1962-05'), p.note = 1", on: &copy)
        _ = try QueryEngine.execute("MATCH (p:Person) SET p.born = null", on: &copy)
        _ = try QueryEngine.execute("MATCH (p:Person), (r:Role) CREATE (p)-[:HELD {from: date('2020'), to: 'open'}]->(r)", on: &copy)
        #expect(try rows("MATCH (n) RETURN count(n)", on: &copy) == [["4"]])
    }
}

