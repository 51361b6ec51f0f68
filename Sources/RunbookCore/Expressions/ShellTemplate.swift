/// Injection-safe expansion of templates used as shell scripts: every `${{ … }}` becomes exactly
/// one shell word whose text is the value, never shell syntax.
public enum ShellTemplate {
    /// The prefix of the environment variables that carry values (`RUNBOOK_V1`, `RUNBOOK_V2`, …).
    public static let variablePrefix = "RUNBOOK_V"

    /// POSIX single-quoting: `it's` → `'it'\''s'`. Always exactly one word, expanded by nothing.
    public static func quote(_ s: String) -> String {
        var out = "'"
        for c in s.unicodeScalars {
            if c == "'" { out += "'\\''" } else { out.unicodeScalars.append(c) }
        }
        return out + "'"
    }

    /// The script with each expression replaced by a reference to an environment variable that
    /// holds its rendered text, quoted to suit the surrounding shell quoting.
    ///
    /// - Throws: `ExpressionError` when an expression fails, or its value contains a NUL character
    ///   (which no environment variable can hold).
    public static func render(_ template: Template, in context: EvaluationContext) throws(ExpressionError) -> ShellScript {
        var tracker = ShellQuoteTracker()
        var script = ""
        var environment: [(name: String, value: String)] = []
        for part in template.parts {
            switch part {
            case .literal(let text):
                script += text
                tracker.consume(text)
            case .expression(let expression, _, let at):
                let value = try expression.evaluate(in: context).text
                if value.unicodeScalars.contains("\0") {
                    throw ExpressionError(at: at, "value contains a NUL character, which cannot be passed to a shell")
                }
                let name = variablePrefix + String(environment.count + 1)
                environment.append((name, value))
                script = neutralizeDollar(script, tracker: tracker)
                script += splice(reference: "${\(name)}", tracker: tracker)
                tracker.didSplice()
            }
        }
        return ShellScript(script: script, environment: environment)
    }

    /// A human-readable form for `runbook plan`: each value shown as a correctly quoted word in
    /// place. For display only; run scripts made by `render`.
    public static func display(_ template: Template, in context: EvaluationContext) throws(ExpressionError) -> String {
        var tracker = ShellQuoteTracker()
        var out = ""
        for part in template.parts {
            switch part {
            case .literal(let text):
                out += text
                tracker.consume(text)
            case .expression(let expression, _, _):
                let value = try expression.evaluate(in: context).text
                out = neutralizeDollar(out, tracker: tracker)
                out += shown(value, in: tracker.context)
                tracker.didSplice()
            }
        }
        return out
    }

    /// The text that makes `reference` (a `${NAME}`) one word in the tracker's current context.
    private static func splice(reference: String, tracker: ShellQuoteTracker) -> String {
        var out = ""
        if tracker.isEscaped {
            // A dangling backslash would escape our quote; turn it into something harmless: a
            // line continuation (removed by bash) or, inside $'…', a literal backslash.
            out += tracker.context == .ansiC ? "\\" : "\n"
        }
        switch tracker.context {
        case .unquoted: out += "\"\(reference)\""
        case .double: out += reference
        case .single: out += "'\"\(reference)\"'"
        case .ansiC: out += "'\"\(reference)\"$'"
        }
        return out
    }

    /// A bare `$` right before a spliced value would combine with it (`$"…"`, `$$`); escape it so
    /// it stays a literal dollar sign.
    private static func neutralizeDollar(_ text: String, tracker: ShellQuoteTracker) -> String {
        guard tracker.endsInBareDollar, text.hasSuffix("$") else { return text }
        return String(text.dropLast()) + "\\$"
    }

    private static func shown(_ value: String, in context: ShellQuoteTracker.Context) -> String {
        var out = ""
        switch context {
        case .unquoted:
            return quote(value)
        case .single:
            for c in value.unicodeScalars {
                if c == "'" { out += "'\\''" } else { out.unicodeScalars.append(c) }
            }
        case .double:
            for c in value.unicodeScalars {
                if c == "\\" || c == "\"" || c == "$" || c == "`" { out += "\\" }
                out.unicodeScalars.append(c)
            }
        case .ansiC:
            for c in value.unicodeScalars {
                if c == "\\" || c == "'" { out += "\\" }
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
