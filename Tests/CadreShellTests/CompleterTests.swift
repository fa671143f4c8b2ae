import CadreGraph
import Testing
@testable import CadreShell

struct CompleterTests {
    let completer = Completer(shell: ShellHarness().shell)

    func candidates(_ text: String) -> [String] { completer.complete(text).candidates }

    @Test func labelsAfterAColonInAParenthesis() {
        #expect(candidates("MATCH (p:Pe") == ["Person"])
        #expect(candidates("MATCH (p:") == ["Person", "Role"])
    }

    @Test func edgeTypesInABracket() {
        #expect(candidates("MATCH (p)-[:H") == ["HELD"])
        #expect(candidates("MATCH (p)-[r:") == ["HELD"])
    }

    @Test func propertyKeysForTheVariablesLabels() {
        #expect(candidates("MATCH (p:Person) RETURN p.") == ["id", "name"])
        #expect(candidates("MATCH (p:Person) RETURN p.na") == ["name"])
    }

    @Test func keywordsAndFunctions() {
        #expect(candidates("MATCH (n) RET") == ["RETURN"])
        #expect(candidates("RETURN toUp").contains("toUpper("))
    }

    @Test func idsInQuotesAndNamesAccentInsensitively() {
        #expect(candidates("MATCH (n {id: 'person:t") == ["person:tran-quoc-trung"])
        #expect(candidates("MATCH (n {name: 'tran") == ["Trần Quốc Trung"])
    }

    /// Read from the lexer's tokens: a comment or string before the cursor is no code, a key
    /// before STARTS WITH is the key, several labels and AS names count.
    @Test func contextFromTheLexersTokens() {
        #expect(candidates("MATCH (n) WHERE n.name STARTS WITH 'tran") == ["Trần Quốc Trung"])
        #expect(candidates("MATCH (p:Person) /* (x:Role) */ RETURN p.") == ["id", "name"])
        #expect(candidates("MATCH (p:Person) WHERE p.name = 'a.b (q:' RETURN p.na") == ["name"])
        #expect(candidates("MATCH (p:Person) WITH p AS someone RETURN so").contains("someone"))
        #expect(candidates("MATCH (n)-[:HELD|") == ["HELD"])
    }

    @Test func commandsAndTheirArguments() {
        #expect(candidates(":sh") == [":show"])
        #expect(candidates(":mode js") == ["json", "jsonl"])
        #expect(candidates(":show tran") == ["person:tran-quoc-trung"])
        #expect(completer.complete(":show tran").labels == ["person:tran-quoc-trung  (Trần Quốc Trung)"])
        let result = completer.complete(":show le tan")
        #expect(result.candidates == ["person:le-tan-thu"])
        #expect(result.start == 6)
    }
}
