import CadreGraph
import CadreQuery
import Foundation

/// Runs queries given on the command line against a graph file, printing results to standard
/// output and errors (with the query line and a caret) to standard error.
public struct BatchRunner {
    /// Documented exit codes.
    public enum ExitStatus: Int32 {
        case ok = 0, queryError = 1, usage = 2, graphFileError = 3
    }

    public var format: OutputFormat
    public var parameters: [String: Value] = [:]

    public init(format: OutputFormat) {
        self.format = format
    }

    public func run(graphPath: String, queries: [String]) -> ExitStatus {
        var graph: Graph
        do {
            graph = try GraphFileReader.read(path: graphPath)
        } catch let error as DiagnosticList {
            Self.printError(error.rendered())
            return .graphFileError
        } catch {
            Self.printError("cadre: \(error)\n")
            return .graphFileError
        }
        for (index, query) in queries.enumerated() {
            let source = SourceText(name: queries.count == 1 ? "<query>" : "<query \(index + 1)>", text: query)
            do {
                for statement in try QueryEngine.parse(source) {
                    let result = try QueryEngine.run(statement, source: source, on: &graph, parameters: parameters)
                    if !result.columns.isEmpty || format == .json {
                        FileHandle.standardOutput.write(Data(format.render(result, graph: graph).utf8))
                    }
                }
            } catch {
                Self.printError(error.rendered(in: source))
                return .queryError
            }
        }
        return .ok
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
