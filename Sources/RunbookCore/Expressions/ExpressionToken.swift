/// One token of the expression language, with the position of its first character.
struct ExpressionToken: Sendable, Equatable {
    /// What kind of token it is.
    enum Kind: Sendable, Equatable {
        /// A name: `params`, `len`, `true`, or a member name after `.` (which may contain `-`).
        case identifier(String)
        /// An integer literal's digits (converted by the parser, which reports overflow).
        case integer(String)
        /// A float literal.
        case float(Double)
        /// A string literal with its escapes resolved.
        case string(String)
        /// An operator or punctuation: `==`, `(`, `.`, …
        case symbol(String)
        /// The end of the source.
        case end
    }

    /// The kind and payload.
    var kind: Kind
    /// Where the token starts.
    var location: SourceLocation

    /// Whether the token is the given operator or punctuation.
    func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }

    /// The token as shown in error messages.
    var display: String {
        switch kind {
        case .identifier(let name): return "'\(name)'"
        case .integer(let digits): return "'\(digits)'"
        case .float(let d): return "'\(Value.format(d))'"
        case .string(let s): return "string \(ExpressionLexer.quoted(s))"
        case .symbol(let s): return "'\(s)'"
        case .end: return "end of input"
        }
    }
}
