/// Injection-safe expansion of templates used as shell scripts: every `${{ … }}` becomes exactly
/// one shell word whose text is the value, never shell syntax.
public enum ShellTemplate {
    /// The prefix of the environment variables that carry values (`RUNBOOK_V1`, `RUNBOOK_V2`, …).
    public static let variablePrefix = "RUNBOOK_V"

    /// POSIX single-quoting: `it's` → `'it'\''s'`.
    ///
    /// Always exactly one word, expanded by nothing.
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
    public static func render(
        _ template: Template,
        in context: EvaluationContext
    ) throws(ExpressionError) -> ShellScript {
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
                script = prepare(script, tracker: tracker)
                script += splice(reference: "${\(name)}", in: tracker.context)
                tracker.didSplice()
            }
        }
        return ShellScript(script: script, environment: environment)
    }

    /// A human-readable form for `runbook plan`: each value shown as a correctly quoted word in place.
    ///
    /// For display only; run scripts made by `render`.
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
                out = prepare(out, tracker: tracker)
                var word = shown(value, in: tracker.context)
                if tracker.isInsideBackticks { word = escapedForBackticks(word) }
                out += word
                tracker.didSplice()
            }
        }
        return out
    }

    /// The text that makes `reference` (a `${NAME}`) one word in the given context.
    private static func splice(reference: String, in context: ShellQuoteTracker.Context) -> String {
        switch context {
        case .unquoted: return "\"\(reference)\""
        case .double: return reference
        case .single: return "'\"\(reference)\"'"
        case .ansiC: return "'\"\(reference)\"$'"
        }
    }

    /// Makes the text before a spliced value safe to splice after.
    ///
    /// - a dangling backslash would escape the splice's opening quote, so it is dropped (the value
    ///   is one literal word anyway);
    /// - a bare `$` would combine with the splice (`$"…"`, `$$`), so it is escaped and stays a
    ///   literal dollar sign.
    private static func prepare(_ text: String, tracker: ShellQuoteTracker) -> String {
        if tracker.isEscaped, text.hasSuffix("\\") { return String(text.dropLast()) }
        if tracker.endsInBareDollar, text.hasSuffix("$") { return String(text.dropLast()) + "\\$" }
        return text
    }

    /// Inside `` `…` ``, bash first turns `\\` into `\` and `` \` `` into `` ` ``.
    private static func escapedForBackticks(_ word: String) -> String {
        var out = ""
        for c in word.unicodeScalars {
            if c == "\\" || c == "`" { out += "\\" }
            out.unicodeScalars.append(c)
        }
        return out
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
