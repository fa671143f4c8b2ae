import CadreGraph
import Testing
@testable import CadreQuery

struct ParserTests {
    @Test(arguments: [
        ("MATCH (n RETURN n", "expected `)`"),
        ("MATCH (n) RETURN1️⃣", "expected an expression"),
        ("1️⃣FOO (n)", "expected a clause"),
        ("MATCH (n) RETURN n 1️⃣n", "expected `;`"),
        ("RETURN CASE 1️⃣END", "expected an expression"),
        ("MATCH (a)-[:T1️⃣>(b) RETURN a", "expected `]`"),
        ("RETURN 1️⃣9223372036854775808", "too large"),
        ("RETURN [1, 2 1️⃣3]", "expected `]`"),
    ])
    func syntaxErrorsPointAtTheToken(query: String, message: String) {
        let (text, offset) = marked(query)
        guard let found = error(text) else { Issue.record("expected an error"); return }
        #expect(found.kind == .syntax)
        #expect(found.message.contains(message), "\(found.message)")
        if offset >= 0 { #expect(found.range.start == offset) }
    }

    @Test func columnsAreNamedByTheirExactSourceText() throws {
        var graph = Graph()
        let result = try QueryEngine.execute("UNWIND [1, 2] AS x RETURN count( * ), x  +  1, toUpper('a') AS up", on: &graph)
        #expect(result[0].columns == ["count( * )", "x  +  1", "up"])
    }

    @Test func keywordsAreCaseInsensitive() throws {
        #expect(try rows("unwind [3, 1, 2] as x with x order by x desc limit 2 return x") == [["3"], ["2"]])
    }

    @Test func severalStatementsSeparatedBySemicolons() throws {
        var graph = Graph()
        let results = try QueryEngine.execute("CREATE (:A); CREATE (:A); MATCH (a:A) RETURN count(a) AS n;", on: &graph)
        #expect(results.count == 3)
        #expect(results[2].rows == [[.int(2)]])
    }

    @Test func patternsKeepTheirShape() throws {
        let statements = try Parser.parse(SourceText(name: "q", text: "MATCH p = (a:A:B {x: 1})<-[r:T|U*2..]-(b) RETURN p"))
        guard case .match(let optional, let patterns, _) = statements[0].parts[0].clauses[0].kind else {
            Issue.record("not a MATCH")
            return
        }
        #expect(!optional)
        let part = patterns[0]
        #expect(part.pathVariable == "p")
        #expect(part.nodes.map(\.variable) == ["a", "b"])
        #expect(part.nodes[0].labels == ["A", "B"])
        let relationship = part.relationships[0]
        #expect(relationship.direction == .incoming)
        #expect(relationship.types == ["T", "U"])
        #expect(relationship.length?.min == 2 && relationship.length?.max == nil)
    }

    @Test func everyExpressionKeepsItsSourceRange() throws {
        let text = "RETURN 1 + toLower('X') * 2 AS v"
        let statement = try Parser.parse(SourceText(name: "q", text: text))[0]
        guard case .return(let projection) = statement.parts[0].clauses[0].kind else { return }
        let source = SourceText(name: "q", text: text)
        #expect(source.text(in: projection.items[0].expression.range) == "1 + toLower('X') * 2")
    }
}
