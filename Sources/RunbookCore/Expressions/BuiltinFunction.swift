/// The built-in functions callable in expressions.
enum BuiltinFunction: String, CaseIterable, Sendable {
    /// `len(string|list|map) → int`.
    case len
    /// `contains(string|list, any) → bool`.
    case contains
    /// `matches(value, pattern) → bool` (regular-expression search).
    case matches
    /// `abs(number) → same numeric type`.
    case abs
    /// `format(string, any...) → string`, with `{0}`, `{1}`… placeholders and `{{`/`}}` escapes.
    case format

    /// The names of all functions, for suggestions.
    static var names: [String] { allCases.map(\.rawValue) }

    /// The signature as shown in error messages.
    var signature: String {
        switch self {
        case .len: return "len(string|list|map)"
        case .contains: return "contains(string|list, value)"
        case .matches: return "matches(value, pattern)"
        case .abs: return "abs(number)"
        case .format: return "format(string, value...)"
        }
    }

    /// Whether `count` arguments are acceptable.
    func accepts(argumentCount count: Int) -> Bool {
        switch self {
        case .len, .abs: return count == 1
        case .contains, .matches: return count == 2
        case .format: return count >= 1
        }
    }

    /// The `{N}` placeholders of a format string, or why it is malformed.
    static func placeholders(in format: String) -> Result<[Int], FormatProblem> {
        var indices: [Int] = []
        let rendered = render(format) { index in
            indices.append(index)
            return ""
        }
        return rendered.map { _ in indices }
    }

    /// A malformed format string.
    struct FormatProblem: Error, Equatable {
        /// What is wrong.
        var message: String
    }

    /// Renders `format`, replacing `{N}` with `substitute(N)`; `{{` and `}}` stand for braces.
    static func render(_ format: String, _ substitute: (Int) -> String) -> Result<String, FormatProblem> {
        let scalars = Array(format.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            let next: Unicode.Scalar? = i + 1 < scalars.count ? scalars[i + 1] : nil
            if c == "}" {
                guard next == "}" else {
                    return .failure(FormatProblem(message: "unmatched '}' in format string (write '}}' for a brace)"))
                }
                out.append("}")
                i += 2
                continue
            }
            guard c == "{" else {
                out.append(c)
                i += 1
                continue
            }
            if next == "{" {
                out.append("{")
                i += 2
                continue
            }
            var j = i + 1
            var digits = ""
            while j < scalars.count, scalars[j] >= "0", scalars[j] <= "9", digits.count < 6 {
                digits.unicodeScalars.append(scalars[j])
                j += 1
            }
            guard j < scalars.count, scalars[j] == "}", let index = Int(digits) else {
                return .failure(
                    FormatProblem(
                        message: "bad placeholder in format string (expected '{0}', '{1}', …; write '{{' for a brace)"
                    )
                )
            }
            out.append(contentsOf: substitute(index).unicodeScalars)
            i = j + 1
        }
        return .success(String(out))
    }
}
