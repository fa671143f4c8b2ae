import CadreGraph

/// Every error a query can raise: its kind, a message, and the source range to underline.
///
/// The kinds follow the openCypher TCK's: syntax and semantic errors are found before anything
/// runs (the TCK calls both "SyntaxError at compile time"); type, argument and constraint errors
/// arise while running. A failed statement leaves the graph as it was.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case syntax = "SyntaxError"
        case semantic = "SemanticError"
        case type = "TypeError"
        case argument = "ArgumentError"
        case arithmetic = "ArithmeticError"
        case constraint = "ConstraintVerificationFailed"
        case entityNotFound = "EntityNotFound"
        case parameterMissing = "ParameterMissing"
        case interrupted = "Interrupted"
        case runtime = "Error"
    }

    public var kind: Kind
    /// A finer name where the TCK has one (`UndefinedVariable`, `InvalidAggregation`, ...).
    public var detail: String?
    public var message: String
    public var range: SourceRange

    public init(_ kind: Kind, _ message: String, at range: SourceRange, detail: String? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
        self.detail = detail
    }

    /// True for errors found before the query runs.
    public var isCompileTime: Bool { kind == .syntax || kind == .semantic }

    public var description: String { "\(message) at \(range.start)" }

    /// The error as a diagnostic of the query text.
    public var diagnostic: Diagnostic {
        let diagnosticKind: Diagnostic.Kind = switch kind {
        case .syntax: .syntax
        case .semantic, .parameterMissing: .semantic
        case .type, .argument: .type
        default: .runtime
        }
        return Diagnostic(diagnosticKind, message, at: range)
    }

    /// Rendered with the query's line and carets, as the shell and scripts print it.
    public func rendered(in source: SourceText) -> String {
        DiagnosticRenderer.render(diagnostic, in: source)
    }
}
