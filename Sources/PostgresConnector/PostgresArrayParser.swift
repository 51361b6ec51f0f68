import RunbookCore

/// Parses PostgreSQL's text form of arrays: `{1,2,NULL}`, `{"a,b","say \"hi\"",NULL,"NULL"}`, `{{1,2},{3,4}}`.
///
/// Elements are separated by commas; an element is quoted when it contains special characters, and inside
/// quotes a backslash escapes the next character. An unquoted `NULL` (any case) is SQL NULL; a quoted one is the
/// string. A leading dimension decoration (`[0:1]={…}`) is skipped.
enum PostgresArrayParser {
    /// The list, or nil when the text is not a well-formed array.
    static func parse(_ text: String, element: (String) -> Value) -> Value? {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "[" {
            guard let equals = scalars.firstIndex(of: "=") else { return nil }
            scalars = scalars[scalars.index(after: equals)...]
        }
        guard let value = parseArray(&scalars, element: element), scalars.isEmpty else { return nil }
        return value
    }

    private static func parseArray(
        _ input: inout Substring.UnicodeScalarView.SubSequence,
        element: (String) -> Value
    ) -> Value? {
        guard input.first == "{" else { return nil }
        input = input.dropFirst()
        var items: [Value] = []
        if input.first == "}" {
            input = input.dropFirst()
            return .list(items)
        }
        while true {
            switch input.first {
            case "{":
                guard let nested = parseArray(&input, element: element) else { return nil }
                items.append(nested)
            case "\"":
                guard let text = parseQuoted(&input) else { return nil }
                items.append(element(text))
            case .some:
                let text = parseUnquoted(&input)
                items.append(text.uppercased() == "NULL" ? .null : element(text))
            case nil:
                return nil
            }
            switch input.first {
            case ",": input = input.dropFirst()
            case "}":
                input = input.dropFirst()
                return .list(items)
            default: return nil
            }
        }
    }

    private static func parseQuoted(_ input: inout Substring.UnicodeScalarView.SubSequence) -> String? {
        input = input.dropFirst()
        var out = String.UnicodeScalarView()
        while let c = input.first {
            input = input.dropFirst()
            if c == "\\" {
                guard let next = input.first else { return nil }
                out.append(next)
                input = input.dropFirst()
            } else if c == "\"" {
                return String(out)
            } else {
                out.append(c)
            }
        }
        return nil
    }

    private static func parseUnquoted(_ input: inout Substring.UnicodeScalarView.SubSequence) -> String {
        var out = String.UnicodeScalarView()
        while let c = input.first, c != ",", c != "}" {
            input = input.dropFirst()
            if c == "\\", let next = input.first {
                out.append(next)
                input = input.dropFirst()
            } else {
                out.append(c)
            }
        }
        return String(out)
    }
}
