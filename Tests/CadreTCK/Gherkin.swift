/// The parts of Gherkin the openCypher TCK uses: features, scenarios, scenario outlines with
/// examples, steps with doc strings and tables.
public struct Feature: Sendable {
    public var path: String
    public var name: String
    public var scenarios: [Scenario]
}

public struct Scenario: Sendable {
    public var name: String
    /// 0 for a plain scenario; 1, 2, … for the rows of an outline's examples.
    public var exampleIndex: Int
    public var steps: [Step]
    public var line: Int
}

public struct Step: Sendable {
    public var keyword: String
    public var text: String
    public var docString: String?
    public var table: [[String]]
}

public enum Gherkin {
    /// Parses a feature file; outlines are expanded, one scenario per examples row.
    public static func parse(_ text: String, path: String) -> Feature {
        var feature = Feature(path: path, name: "", scenarios: [])
        // "\r\n" is one Character in Swift, so split on both forms of line break explicitly.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
        var index = 0
        var current: (name: String, outline: Bool, steps: [Step], examples: [[String]], line: Int)? = nil
        var inExamples = false
        var background: [Step] = []
        var inBackground = false

        func flush() {
            guard let scenario = current else { return }
            if scenario.outline {
                guard let header = scenario.examples.first else { return }
                for (row, values) in scenario.examples.dropFirst().enumerated() {
                    var bindings: [String: String] = [:]
                    for (key, value) in zip(header, values) { bindings[key] = value }
                    func substitute(_ text: String) -> String {
                        var result = text
                        for (key, value) in bindings { result = result.replacingAll("<\(key)>", with: value) }
                        return result
                    }
                    let steps = scenario.steps.map { step in
                        Step(keyword: step.keyword, text: substitute(step.text), docString: step.docString.map(substitute),
                             table: step.table.map { $0.map(substitute) })
                    }
                    feature.scenarios.append(Scenario(name: scenario.name, exampleIndex: row + 1, steps: steps, line: scenario.line))
                }
            } else {
                feature.scenarios.append(Scenario(name: scenario.name, exampleIndex: 0, steps: scenario.steps, line: scenario.line))
            }
            current = nil
        }

        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmed
            index += 1
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("@") { continue }
            if trimmed.hasPrefix("Feature:") {
                feature.name = String(trimmed.dropFirst(8)).trimmed
            } else if trimmed.hasPrefix("Background:") {
                flush()
                inBackground = true
                current = ("", false, [], [], index)
            } else if trimmed.hasPrefix("Scenario Outline:") || trimmed.hasPrefix("Scenario Template:") {
                if inBackground { background = current?.steps ?? []; current = nil; inBackground = false }
                flush()
                current = (String(trimmed.drop { $0 != ":" }.dropFirst()).trimmed, true, background, [], index)
                inExamples = false
            } else if trimmed.hasPrefix("Scenario:") {
                if inBackground { background = current?.steps ?? []; current = nil; inBackground = false }
                flush()
                current = (String(trimmed.dropFirst(9)).trimmed, false, background, [], index)
                inExamples = false
            } else if trimmed.hasPrefix("Examples:") {
                inExamples = true
            } else if trimmed.hasPrefix("|") {
                let cells = parseRow(trimmed)
                if inExamples {
                    current?.examples.append(cells)
                } else if var steps = current?.steps, !steps.isEmpty {
                    steps[steps.count - 1].table.append(cells)
                    current?.steps = steps
                }
            } else if trimmed.hasPrefix("\"\"\"") {
                let indent = line.prefix { $0 == " " }.count
                var body: [String] = []
                while index < lines.count, !lines[index].trimmed.hasPrefix("\"\"\"") {
                    body.append(String(lines[index].dropFirst(min(indent, lines[index].prefix { $0 == " " }.count))))
                    index += 1
                }
                index += 1
                if var steps = current?.steps, !steps.isEmpty {
                    steps[steps.count - 1].docString = body.joined(separator: "\n")
                    current?.steps = steps
                }
            } else if let space = trimmed.firstIndex(of: " "),
                      ["Given", "When", "Then", "And", "But"].contains(String(trimmed[..<space])) {
                current?.steps.append(Step(keyword: String(trimmed[..<space]), text: String(trimmed[space...]).trimmed,
                                           docString: nil, table: []))
            }
        }
        flush()
        return feature
    }

    /// Cells of `| a | b |`, with the escapes `\|`, `\\` and `\n`.
    static func parseRow(_ line: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var characters = Array(line.dropFirst())[...]
        while let character = characters.popFirst() {
            if character == "\\", let next = characters.first {
                characters.removeFirst()
                switch next {
                case "|": cell.append("|")
                case "\\": cell.append("\\")
                case "n": cell.append("\n")
                default: cell.append(character); cell.append(next)
                }
            } else if character == "|" {
                cells.append(cell.trimmed)
                cell = ""
            } else {
                cell.append(character)
            }
        }
        return cells
    }
}

extension String {
    var trimmed: String {
        var slice = self[...]
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return self.replacing(target, with: replacement)
    }
}
