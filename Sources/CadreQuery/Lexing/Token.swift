import CadreGraph

/// One token of a query: its kind and where it stands (UTF-8 byte offsets).
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A name: keywords are identifiers too, recognized by the parser case-insensitively.
        case identifier
        /// A name in backquotes; never a keyword.
        case quotedIdentifier
        case parameter
        case string
        case integer
        case float
        case symbol
        case end
    }

    public var kind: Kind
    public var range: SourceRange
    /// The token's meaning: the name (unquoted), the string (unescaped), the parameter name,
    /// the symbol's characters, or the number's digits.
    public var text: String

    public func isKeyword(_ word: String) -> Bool {
        kind == .identifier && text.count == word.count && text.uppercased() == word
    }

    public func isSymbol(_ symbol: String) -> Bool {
        kind == .symbol && text == symbol
    }
}
