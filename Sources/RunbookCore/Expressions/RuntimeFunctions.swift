/// The run-time behaviour of the built-in functions.
enum RuntimeFunctions {
    static func call(
        _ name: String,
        _ values: [Value],
        arguments: [Expression],
        at: SourceLocation
    ) throws(ExpressionError) -> Value {
        guard let function = BuiltinFunction(rawValue: name) else {
            throw ExpressionError(
                at: at,
                "unknown function '\(name)'\(Suggestion.hint(for: name, in: BuiltinFunction.names))"
            )
        }
        guard function.accepts(argumentCount: values.count) else {
            throw ExpressionError(at: at, "wrong number of arguments to '\(name)': \(function.signature)")
        }
        func location(_ i: Int) -> SourceLocation { arguments.indices.contains(i) ? arguments[i].location : at }
        switch function {
        case .len:
            switch values[0] {
            case .string(let s): return .int(Int64(s.count))
            case .list(let l): return .int(Int64(l.count))
            case .map(let m): return .int(Int64(m.count))
            default: throw ExpressionError(at: location(0), "len() needs a string, list or map, got \(values[0].type)")
            }
        case .contains:
            switch (values[0], values[1]) {
            case (.string(let haystack), .string(let needle)):
                return .bool(needle.isEmpty || haystack.contains(needle))
            case (.string, let other):
                throw ExpressionError(
                    at: location(1),
                    "contains() on a string needs a string to look for, got \(other.type)"
                )
            case (.list(let items), let needle):
                return .bool(items.contains { RuntimeOperations.equal($0, needle) })
            default:
                throw ExpressionError(at: location(0), "contains() searches a string or a list, got \(values[0].type)")
            }
        case .matches:
            return try matches(values[0], values[1], subjectAt: location(0), patternAt: location(1))
        case .abs:
            switch values[0] {
            case .int(let i):
                guard i != Int64.min else { throw ExpressionError(at: at, "integer overflow in abs()") }
                return .int(i < 0 ? -i : i)
            case .double(let d): return .double(d < 0 ? -d : d)
            default: throw ExpressionError(at: location(0), "abs() needs a number, got \(values[0].type)")
            }
        case .format:
            guard case .string(let format) = values[0] else {
                throw ExpressionError(at: location(0), "format() needs a format string first, got \(values[0].type)")
            }
            let rest = Array(values.dropFirst())
            var missing: Int?
            let result = BuiltinFunction.render(format) { index in
                guard index < rest.count else {
                    missing = missing ?? index
                    return ""
                }
                return rest[index].text
            }
            switch result {
            case .failure(let problem): throw ExpressionError(at: location(0), problem.message)
            case .success(let text):
                if let missing {
                    throw ExpressionError(
                        at: location(0),
                        "format placeholder {\(missing)} has no value (\(rest.count) given)"
                    )
                }
                return .string(text)
            }
        }
    }

    private static func matches(
        _ subject: Value,
        _ pattern: Value,
        subjectAt: SourceLocation,
        patternAt: SourceLocation
    ) throws(ExpressionError) -> Value {
        switch subject {
        case .list, .map: throw ExpressionError(at: subjectAt, "matches() needs a text value, got \(subject.type)")
        default: break
        }
        guard case .string(let source) = pattern else {
            throw ExpressionError(at: patternAt, "matches() needs a pattern string, got \(pattern.type)")
        }
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(source)
        } catch {
            throw ExpressionError(
                at: patternAt,
                "invalid regular expression \(ExpressionLexer.quoted(source)): \(error)"
            )
        }
        do {
            return .bool(try regex.firstMatch(in: subject.text) != nil)
        } catch {
            throw ExpressionError(at: patternAt, "regular expression failed: \(error)")
        }
    }
}
