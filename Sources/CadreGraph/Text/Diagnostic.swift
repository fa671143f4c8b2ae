/// An error found in a source text: what kind, what went wrong, and exactly where.
///
/// Stages only create diagnostics; `DiagnosticRenderer` is the one place that prints them.
public struct Diagnostic: Error, Hashable, Sendable {
    /// The families of errors, named as users and the openCypher TCK name them.
    public enum Kind: String, Hashable, Sendable {
        /// Malformed text: an unexpected token, an unterminated string, invalid UTF-8.
        case syntax
        /// Well formed but meaningless: an unknown variable, a duplicate id, an unknown node.
        case semantic
        /// A value of the wrong type.
        case type
        /// Failure while running: overflow, a constraint broken at run time.
        case runtime
    }

    public var kind: Kind
    public var message: String
    public var range: SourceRange
    /// Extra lines shown after the source excerpt, such as where a duplicate was first defined.
    public var notes: [String]

    public init(_ kind: Kind, _ message: String, at range: SourceRange, notes: [String] = []) {
        self.kind = kind
        self.message = message
        self.range = range
        self.notes = notes
    }
}

/// One or more diagnostics from the same source text, thrown together.
public struct DiagnosticList: Error, Sendable {
    public var source: SourceText
    public var diagnostics: [Diagnostic]

    public init(source: SourceText, diagnostics: [Diagnostic]) {
        self.source = source
        self.diagnostics = diagnostics
    }

    /// The most diagnostics shown: past them, a count (a file with 100,000 bad lines is
    /// not echoed whole).
    public static let shown = 20

    /// The first `shown` diagnostics rendered for a terminal, one block each, then how many
    /// more there are.
    public func rendered() -> String {
        var text = diagnostics.prefix(Self.shown).map { DiagnosticRenderer.render($0, in: source) }.joined(separator: "\n")
        if diagnostics.count > Self.shown {
            let more = diagnostics.count - Self.shown
            text += "\n\(source.name): and \(more) more error\(more == 1 ? "" : "s") (the first \(Self.shown) are shown)\n"
        }
        return text
    }
}
