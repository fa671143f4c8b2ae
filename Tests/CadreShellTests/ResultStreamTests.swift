import CadreExport
import CadreGraph
import CadreQuery
import Testing
@testable import CadreShell

/// Results written as their rows come: the same text as the whole result gives, the first
/// rows out before the statement ends, no more rows held than the output needs.
struct ResultStreamTests {
    @Test func theEngineHandsRowsToAConsumerAsTheyCome() throws {
        var graph = Graph()
        let source = SourceText(name: "q", text: "UNWIND [3, 1, 3, 2] AS x RETURN x UNION UNWIND [2, 4] AS x RETURN x")
        let prepared = try QueryEngine.prepare(try QueryEngine.parse(source)[0], source: source)
        var seen: [[Value]] = []
        let result = try QueryEngine.run(prepared, on: &graph, consume: { seen.append($0) })
        #expect(result.rows.isEmpty && !prepared.updates)
        #expect(seen == [[.int(3)], [.int(1)], [.int(2)], [.int(4)]])
        let writes = SourceText(name: "w", text: "CREATE (n:N) RETURN n")
        #expect(try QueryEngine.prepare(try QueryEngine.parse(writes)[0], source: writes).updates)
    }

    /// Streamed or not, the text is the same, in every format that streams.
    @Test(arguments: [OutputFormat.table, .box, .markdown, .csv, .tsv, .jsonl])
    func streamedTextIsTheWholeResultsText(format: OutputFormat) {
        for (count, maxRows) in [(0, 1_000), (5, 1_000), (5, 3), (3_000, 1_000), (2_500, 0)] {
            let query = "UNWIND range(1, \(count)) AS i RETURN i, 'Trần, \"' + toString(i) + '\"' AS name;"
            let streamed = ShellHarness(format: format)
            streamed.shell.maxRows = maxRows
            #expect(streamed.run(query))
            let whole = ShellHarness(format: format)
            whole.shell.maxRows = maxRows
            var graph = whole.shell.graph
            let result = try! QueryEngine.execute(query, on: &graph)[0]
            whole.shell.render(result)
            #expect(streamed.output == whole.output, "\(format) \(count) rows, maxrows \(maxRows)")
            // What the session keeps of it (`:dot` draws it): a table's shown rows, the first
            // rows of the rest; all of a table without a row limit (written whole).
            let kept = format.isForPeople && maxRows == 0 ? count : min(count, maxRows > 0 ? maxRows : 1_000)
            #expect(streamed.shell.lastResult?.rows.count == kept)
        }
    }

    /// Rows before an error are out already: the first 1,024 lines of CSV, the table of the
    /// first :maxrows rows, then the error.
    @Test func theFirstRowsAreWrittenBeforeTheLastAreComputed() {
        let query = "UNWIND range(1, 3000) AS i RETURN i, 10 / (2500 - i) AS q;"
        let csv = ShellHarness(format: .csv)
        #expect(!csv.run(query))
        #expect(csv.output.hasPrefix("i,q\n1,0\n") && csv.output.contains("\n2048,0\n") && !csv.output.contains("\n2499,"))
        let table = ShellHarness(format: .table)
        table.shell.maxRows = 1_000
        #expect(!table.run(query))
        #expect(table.output.contains("| 1000 |") && !table.output.contains("| 1001 |"))
        // A statement that writes shows its rows only once it has succeeded.
        let writes = ShellHarness(format: .csv)
        #expect(!writes.run("UNWIND range(1, 3000) AS i CREATE (n:N {i: i}) RETURN 10 / (2500 - i) AS q;"))
        #expect(writes.output.isEmpty)
    }
}
