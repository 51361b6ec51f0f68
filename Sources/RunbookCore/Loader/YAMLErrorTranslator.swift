import Yams

/// Turns Yams/libyaml errors into a position and an operator-friendly message.
enum YAMLErrorTranslator {
    static func location(of error: YamlError, in text: String) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(line: max(1, mark.line), column: max(1, mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let first = SourceLocation(line: max(1, context.mark.line), column: max(1, context.mark.column))
            return secondOccurrence(of: duplicates.first ?? "", after: first, in: text) ?? first
        case .reader(_, let offset, _, _):
            return RunbookLoader.position(ofByte: offset ?? 0, in: Array(text.utf8))
        default:
            return SourceLocation(line: 1, column: 1)
        }
    }

    static func message(of error: YamlError, in text: String) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            var message = "invalid YAML: \(problem)"
            if problem.contains("Maximum nesting level") || problem.contains("nesting") {
                message = "invalid YAML: nesting is deeper than 1000 levels"
            } else if problem.contains("cannot start any token"),
                character(at: location(of: error, in: text), in: text) == "\t"
            {
                return "invalid YAML: a tab character; YAML indents with spaces only"
            }
            if problem.contains("mapping values are not allowed") {
                message += " — a value containing ': ' (e.g. a Cypher map {id: r.id}) must be quoted"
            }
            if let context {
                let ctx = context.text.trimmingSpaces()
                if !ctx.isEmpty { message += " (\(ctx) at \(context.mark.line):\(context.mark.column))" }
            }
            return message
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return
                "duplicate key \(keys) in a mapping (first at \(context.mark.line):\(context.mark.column)); each key may appear once"
        case .reader(let problem, _, _, _):
            return "cannot read the file as text: \(problem)"
        default:
            return "invalid YAML: \(error)"
        }
    }

    /// The column of `key:` again on the same line of a flow mapping, at the same nesting depth as the first one.
    private static func flowOccurrence(of key: String, in line: Substring, after column: Int) -> Int? {
        let scalars = Array(line.unicodeScalars)
        let target = Array((key + ":").unicodeScalars)
        var depth = 0
        var quote: Unicode.Scalar?
        var i = column - 1 + target.count
        while i < scalars.count {
            let c = scalars[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "{" || c == "[" {
                depth += 1
            } else if c == "}" || c == "]" {
                depth -= 1
                if depth < 0 { return nil }
            } else if depth == 0, c == ",", let start = scalars[(i + 1)...].firstIndex(where: { $0 != " " }),
                start + target.count <= scalars.count, Array(scalars[start..<(start + target.count)]) == target
            {
                return start + 1
            }
            i += 1
        }
        return nil
    }

    /// The character at a location, if any.
    private static func character(at location: SourceLocation, in text: String) -> Unicode.Scalar? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard location.line >= 1, location.line <= lines.count else { return nil }
        let scalars = Array(lines[location.line - 1].unicodeScalars)
        return location.column >= 1 && location.column <= scalars.count ? scalars[location.column - 1] : nil
    }

    /// Finds the line where `key:` appears again at the same column after its first occurrence (block style).
    private static func secondOccurrence(
        of key: String,
        after first: SourceLocation,
        in text: String
    ) -> SourceLocation? {
        guard !key.isEmpty else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if first.line <= lines.count,
            let column = flowOccurrence(of: key, in: lines[first.line - 1], after: first.column)
        {
            return SourceLocation(line: first.line, column: column)
        }
        var lineNumber = first.line + 1
        while lineNumber <= lines.count {
            let line = Array(lines[lineNumber - 1].unicodeScalars)
            let start = first.column - 1
            if start < line.count {
                let rest = String(String.UnicodeScalarView(line[start...]))
                let prefixOK = line[..<start].allSatisfy { $0 == " " || $0 == "-" }
                if prefixOK, rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                    return SourceLocation(line: lineNumber, column: first.column)
                }
                if !line[..<start].allSatisfy({ $0 == " " }) && !line.isEmpty && line[0] != "#" { break }
            }
            lineNumber += 1
        }
        return nil
    }
}
