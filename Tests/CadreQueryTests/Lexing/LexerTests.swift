import CadreGraph
import Testing
@testable import CadreQuery

struct LexerTests {
    func tokens(_ text: String) throws(QueryError) -> [Token] {
        try Lexer.tokenize(SourceText(name: "q", text: text))
    }

    @Test func splitsAQueryIntoTokens() throws {
        let found = try tokens("MATCH (p:`Người` {name: 'Trần\\n'})-[:HELD*1..3]->(r) WHERE p.x >= $min // c\nRETURN 1.5e3, 0x1F")
        let kinds = found.map(\.kind)
        #expect(kinds.first == .identifier)
        #expect(found.contains { $0.kind == .quotedIdentifier && $0.text == "Người" })
        #expect(found.contains { $0.kind == .string && $0.text == "Trần\n" })
        #expect(found.contains { $0.kind == .parameter && $0.text == "min" })
        #expect(found.contains { $0.kind == .float && $0.text == "1.5e3" })
        #expect(found.contains { $0.kind == .integer && $0.text == "0x1F" })
        #expect(found.contains { $0.isSymbol(">=") })
        #expect(found.contains { $0.isSymbol("..") })
        #expect(kinds.last == .end)
        #expect(!found.contains { $0.text == "c" })
    }

    @Test func tokensCarryByteRanges() throws {
        let found = try tokens("RETURN 'Trần' AS tên")
        let name = try #require(found.last { $0.kind == .identifier })
        #expect(name.range == SourceRange(start: 19, end: 23))
    }

    @Test func stringsAreStoredNFC() throws {
        let found = try tokens("RETURN 'Tra\u{0302}\u{0300}n'")
        #expect(Array(found[1].text.utf8) == Array("Trần".utf8))
    }

    @Test(arguments: [
        ("RETURN 1️⃣'open", "unterminated string"),
        ("RETURN 'a1️⃣\\q'", "invalid escape"),
        ("RETURN 1 1️⃣# 2", "unexpected character"),
        ("RETURN 1 1️⃣/* never closed", "unterminated comment"),
        ("RETURN 1️⃣12abc", "invalid number"),
    ])
    func reportsErrorsAtTheirPlace(query: String, message: String) throws {
        let (text, offset) = marked(query)
        do {
            _ = try tokens(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.range.start == offset)
        }
    }
}
