/// The parsed form of a runbook string that may contain `${{ expr }}` parts.
///
/// A string that is exactly one `${{ … }}` (surrounding whitespace allowed) takes the expression's
/// type when rendered; any other string renders as text.
public struct Template: Sendable, Hashable {
    /// One piece of a template.
    public enum Part: Sendable, Hashable {
        /// Text copied as is.
        case literal(String)
        /// A `${{ … }}`: the parsed expression, its source text (trimmed) and the position of the `$`.
        case expression(Expression, source: String, at: SourceLocation)
    }

    /// The pieces in order; adjacent literals are merged and empty literals omitted.
    public var parts: [Part]

    /// Creates a template from parts.
    public init(parts: [Part]) {
        self.parts = parts
    }

    /// A template with no expressions.
    public static func literal(_ s: String) -> Template {
        Template(parts: s.isEmpty ? [] : [.literal(s)])
    }

    /// Whether any part is an expression.
    public var containsExpressions: Bool {
        parts.contains { if case .expression = $0 { true } else { false } }
    }

    /// The expression when the whole template is one `${{ … }}` (whitespace around it allowed).
    public var singleExpression: Expression? {
        var found: Expression?
        for part in parts {
            switch part {
            case .literal(let text):
                if !text.trimmingSpaces().isEmpty { return nil }
            case .expression(let expression, _, _):
                if found != nil { return nil }
                found = expression
            }
        }
        return found
    }

    /// Whether the whole template is exactly one `${{ … }}`, so its value keeps the expression's type.
    public var isSingleExpression: Bool { singleExpression != nil }

    /// Every reference in every expression with its location, in source order (for validation).
    public var references: [(path: [String], location: SourceLocation)] {
        parts.flatMap { part -> [(path: [String], location: SourceLocation)] in
            if case .expression(let expression, _, _) = part { return expression.references }
            return []
        }
    }

    /// The template's text when it has no expressions.
    public var literalText: String? {
        containsExpressions ? nil : parts.map { if case .literal(let s) = $0 { s } else { "" } }.joined()
    }

    /// Parses `text`, whose first character is at `origin`.
    ///
    /// - Throws: `ExpressionError` for an unterminated `${{` (at its `$`), an empty `${{ }}`, or an
    ///   error inside an expression (at its exact position).
    public static func parse(_ text: String, origin: SourceLocation) throws(ExpressionError) -> Template {
        try TemplateScanner(text, origin: origin).scan()
    }
}
