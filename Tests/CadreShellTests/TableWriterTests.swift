import CadreGraph
import Testing
@testable import CadreShell

struct TableWriterTests {
    func lines(_ values: [String], width: Int? = nil, style: TableWriter.Style = .box) -> [String] {
        let table = TableWriter(graph: Graph(), style: style, width: width).rows(["v"], values.map { [.string($0)] })
        return table.split(separator: "\n").map(String.init)
    }

    @Test func alignsNFCNFDAndWideText() {
        let rows = lines(["Trần Quốc Trung", "Tra\u{0302}\u{0300}n Quo\u{0302}\u{0301}c Trung", "中文字", "abc"])
        let widths = Set(rows.dropLast().map { DisplayWidth.of($0) })
        #expect(widths.count == 1, "every line takes the same columns: \(rows)")
    }

    @Test func truncatesAtCharacterBoundariesWithAnEllipsis() {
        let long = String(repeating: "Nguyễn Thị Minh Khai ", count: 10)
        let rows = lines([long], width: 30)
        #expect(rows.allSatisfy { DisplayWidth.of($0) <= 30 })
        #expect(rows[3].contains("…"))
        #expect(rows[3].unicodeScalars.allSatisfy { $0 != "\u{FFFD}" })
        let wide = lines([String(repeating: "中", count: 40)], width: 20)
        #expect(wide.allSatisfy { DisplayWidth.of($0) <= 20 })
    }

    @Test func asciiAndMarkdownStyles() {
        #expect(lines(["x"], style: .ascii)[0] == "+---+")
        let markdown = TableWriter(graph: Graph(), style: .markdown).rows(["a", "n"], [[.string("x|y"), .int(2)]])
        #expect(markdown == "| a    | n |\n|------|--:|\n| x\\|y | 2 |\n")
    }

    @Test func numbersAlignRightAndNullsShow() {
        let table = TableWriter(graph: Graph(), style: .ascii).rows(["n", "s"], [[.int(5), .null], [.int(123), .string("x")]])
        #expect(table.contains("|   5 | null |"))
        #expect(table.hasSuffix("2 rows\n"))
    }
}
