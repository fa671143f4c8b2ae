import CadreGraph
import CadreQuery
import Foundation

/// Runs TCK scenarios through the engine, in process: each on a fresh graph.
public struct TCKRunner {
    public enum Status: String, Sendable { case pass, fail, skip }

    public struct Outcome: Sendable {
        public var feature: String
        public var scenario: String
        public var exampleIndex: Int
        public var status: Status
        public var reason: String

        /// The scenario's key in results and the ratchet list.
        public var key: String { "\(feature)\t\(scenario)\t\(exampleIndex)" }
    }

    /// Folders outside the scope (procedures, use cases).
    public static let excludedFolders = ["clauses/call", "useCases"]

    public let root: URL

    public init(root: URL) { self.root = root }

    public var featuresDirectory: URL { root.appendingPathComponent("features") }

    /// Paths of the feature files in scope, relative to the TCK folder, sorted.
    public func featurePaths() -> [String] {
        let base = featuresDirectory.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".feature") else { continue }
            if Self.excludedFolders.contains(where: { relative.hasPrefix($0 + "/") }) { continue }
            paths.append("features/" + relative)
        }
        return paths.sorted()
    }

    public func loadFeature(_ path: String) throws -> Feature {
        let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        return Gherkin.parse(text, path: path)
    }

    public func run(_ scenario: Scenario, in feature: Feature) -> Outcome {
        var outcome = Outcome(feature: feature.path, scenario: scenario.name, exampleIndex: scenario.exampleIndex, status: .pass, reason: "")
        do {
            try execute(scenario)
        } catch let skip as Skip {
            outcome.status = .skip
            outcome.reason = skip.reason
        } catch {
            outcome.status = .fail
            outcome.reason = "\(error)".replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
        }
        return outcome
    }

    struct Skip: Error { var reason: String }
    struct Failure: Error, CustomStringConvertible { var description: String }

    private enum Outcome_ {
        case rows(QueryResult, Graph)
        case error(QueryError, compileTime: Bool)
    }

    private func execute(_ scenario: Scenario) throws {
        var graph = Graph()
        var parameters: [String: Value] = [:]
        var before = graph
        var result: Outcome_? = nil
        for step in scenario.steps {
            let text = step.text
            if text.hasPrefix("an empty graph") || text.hasPrefix("any graph") {
                graph = Graph()
            } else if text.hasPrefix("the "), text.hasSuffix(" graph") {
                let name = String(text.dropFirst(4).dropLast(6))
                let script = try String(contentsOf: root.appendingPathComponent("graphs/\(name)/\(name).cypher"), encoding: .utf8)
                _ = try QueryEngine.execute(script, on: &graph)
            } else if text.hasPrefix("having executed") {
                do {
                    _ = try QueryEngine.execute(step.docString ?? "", on: &graph, parameters: parameters)
                } catch {
                    throw Failure(description: "setup query failed: \(error.message)")
                }
            } else if text.hasPrefix("parameters are") {
                for row in step.table where row.count == 2 {
                    parameters[row[0]] = try ExpectedValueParser.parse(row[1]).parameterValue
                }
            } else if text.hasPrefix("there exists a procedure") {
                throw Skip(reason: "procedures are not supported")
            } else if text.hasPrefix("executing query") || text.hasPrefix("executing control query") {
                before = graph
                result = execute(step.docString ?? "", &graph, parameters)
            } else if text.hasPrefix("the result should be empty") {
                try checkRows(result, expected: [[]], ordered: false, ignoringListOrder: false, emptyExpected: true)
            } else if text.hasPrefix("the result should be") {
                try checkRows(result, expected: step.table, ordered: text.contains("in order") && !text.contains("any order"),
                              ignoringListOrder: text.contains("ignoring element order for lists"), emptyExpected: false)
            } else if text.contains("should be raised") {
                try checkError(result, text)
            } else if text.hasPrefix("no side effects") {
                try checkSideEffects(before, graph, expected: [:])
            } else if text.hasPrefix("the side effects should be") {
                var expected: [String: Int] = [:]
                for row in step.table where row.count == 2 { expected[row[0]] = Int(row[1]) ?? 0 }
                try checkSideEffects(before, graph, expected: expected)
            } else {
                throw Skip(reason: "unknown step: \(step.keyword) \(text)")
            }
        }
    }

    private func execute(_ query: String, _ graph: inout Graph, _ parameters: [String: Value]) -> Outcome_ {
        let source = SourceText(name: "<tck>", text: query)
        var prepared: [QueryEngine.Prepared] = []
        do {
            for statement in try QueryEngine.parse(source) {
                prepared.append(try QueryEngine.prepare(statement, source: source))
            }
        } catch {
            return .error(error, compileTime: true)
        }
        var last: QueryResult? = nil
        do {
            for statement in prepared { last = try QueryEngine.run(statement, on: &graph, parameters: parameters) }
        } catch {
            return .error(error, compileTime: false)
        }
        return .rows(last!, graph)
    }

    private func checkRows(_ result: Outcome_?, expected table: [[String]], ordered: Bool, ignoringListOrder: Bool,
                           emptyExpected: Bool) throws {
        guard case .rows(let actual, let graph)? = result else {
            if case .error(let error, _)? = result {
                throw Failure(description: "expected rows, got \(error.kind.rawValue) \(error.detail ?? ""): \(error.message)")
            }
            throw Failure(description: "no query was run")
        }
        if emptyExpected {
            guard actual.rows.isEmpty else { throw Failure(description: "expected no rows, got \(actual.rows.count)") }
            return
        }
        let header = table.first ?? []
        guard header == actual.columns else {
            throw Failure(description: "expected columns \(header), got \(actual.columns)")
        }
        var expectedRows = try table.dropFirst().map { row in try row.map { try ExpectedValueParser.parse($0) } }
        var actualRows = actual.rows.map { row in row.map { ExpectedValue.from($0, in: graph) } }
        if ignoringListOrder {
            expectedRows = expectedRows.map { $0.map(\.listsSorted) }
            actualRows = actualRows.map { $0.map(\.listsSorted) }
        }
        guard expectedRows.count == actualRows.count else {
            throw Failure(description: "expected \(expectedRows.count) rows, got \(actualRows.count): \(actualRows.prefix(5))")
        }
        if ordered {
            for (index, (expected, got)) in zip(expectedRows, actualRows).enumerated() where expected != got {
                throw Failure(description: "row \(index + 1): expected \(expected), got \(got)")
            }
            return
        }
        var remaining = actualRows
        for expected in expectedRows {
            guard let match = remaining.firstIndex(where: { $0 == expected }) else {
                throw Failure(description: "missing row \(expected); got \(actualRows.prefix(5))")
            }
            remaining.remove(at: match)
        }
    }

    private func checkError(_ result: Outcome_?, _ text: String) throws {
        guard case .error(let error, let compileTime)? = result else {
            throw Failure(description: "expected an error (\(text)), got rows")
        }
        let words = text.split(separator: " ")
        let type = words.count > 1 ? String(words[1]) : ""
        if text.contains("compile time") && !compileTime {
            throw Failure(description: "expected a compile-time error, got at runtime: \(error.kind.rawValue) \(error.message)")
        }
        if text.contains("at runtime") && compileTime {
            throw Failure(description: "expected a runtime error, got at compile time: \(error.kind.rawValue) \(error.message)")
        }
        switch type {
        case "SyntaxError", "SemanticError":
            guard error.isCompileTime || error.kind == .semantic else {
                throw Failure(description: "expected \(type), got \(error.kind.rawValue): \(error.message)")
            }
        case "TypeError":
            guard error.kind == .type || error.kind == .argument else {
                throw Failure(description: "expected TypeError, got \(error.kind.rawValue): \(error.message)")
            }
        case "ArgumentError":
            guard error.kind == .argument || error.kind == .type || error.kind == .arithmetic else {
                throw Failure(description: "expected ArgumentError, got \(error.kind.rawValue): \(error.message)")
            }
        default:
            break
        }
    }

    /// Side effects as the TCK measures them: differences in the sets of nodes, relationships,
    /// label names in use, and (entity, key, value) property triples.
    private func checkSideEffects(_ before: Graph, _ after: Graph, expected: [String: Int]) throws {
        func labels(_ graph: Graph) -> Set<String> {
            Set(graph.nodes.flatMap { graph.labelNames(of: $0) })
        }
        func triples(_ graph: Graph) -> Set<String> {
            var set = Set<String>()
            for node in graph.nodes {
                for (key, value) in graph.properties(of: node) { set.insert("n\(node.raw)\t\(graph.keys.name(key))\t\(value.literal)") }
            }
            for edge in graph.edges {
                for (key, value) in graph.properties(of: edge) { set.insert("e\(edge.raw)\t\(graph.keys.name(key))\t\(value.literal)") }
            }
            return set
        }
        let (nodesBefore, nodesAfter) = (Set(before.nodes), Set(after.nodes))
        let (edgesBefore, edgesAfter) = (Set(before.edges), Set(after.edges))
        let (labelsBefore, labelsAfter) = (labels(before), labels(after))
        let (triplesBefore, triplesAfter) = (triples(before), triples(after))
        let actual: [String: Int] = [
            "+nodes": nodesAfter.subtracting(nodesBefore).count, "-nodes": nodesBefore.subtracting(nodesAfter).count,
            "+relationships": edgesAfter.subtracting(edgesBefore).count, "-relationships": edgesBefore.subtracting(edgesAfter).count,
            "+labels": labelsAfter.subtracting(labelsBefore).count, "-labels": labelsBefore.subtracting(labelsAfter).count,
            "+properties": triplesAfter.subtracting(triplesBefore).count, "-properties": triplesBefore.subtracting(triplesAfter).count,
        ]
        for (key, count) in actual where count != (expected[key] ?? 0) {
            throw Failure(description: "side effect \(key): expected \(expected[key] ?? 0), got \(count)")
        }
    }
}
