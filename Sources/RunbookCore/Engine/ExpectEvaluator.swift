/// Checks a step result against its `expect:` and explains each failure as expected vs actual.
public enum ExpectEvaluator {
    /// The failures (empty when every check holds).
    ///
    /// - Parameters:
    ///   - expectation: The step's `expect`.
    ///   - result: What the step produced.
    ///   - context: Values for templates in the expected operands.
    /// - Returns: One explanation per failed check, as expected vs actual; empty when every check holds.
    public static func failures(
        of expectation: Expectation,
        in result: StepResult,
        context: EvaluationContext
    ) -> [String] {
        expectation.checks.compactMap { check -> String? in
            let label = check.field.map { "\($0)" } ?? "result"
            let actual = result.field(check.field)
            do {
                return try failure(check.predicate, actual: actual, result: result, context: context)
                    .map { "\(label): \($0)" }
            } catch let error as ExpressionError {
                return "\(label): cannot evaluate the expected value: \(error.message)"
            } catch {
                return "\(label): cannot evaluate the expected value: \(error)"
            }
        }
    }

    static func failure(
        _ predicate: ExpectPredicate,
        actual: Value?,
        result: StepResult,
        context: EvaluationContext
    ) throws(ExpressionError) -> String? {
        func show(_ v: Value?) -> String {
            guard let v else { return "(no such field)" }
            let text = v.text
            let short = text.count > 200 ? String(text.prefix(200)) + "…" : text
            if case .string = v { return "\"\(short)\"" }
            return short
        }
        let a = actual ?? .null
        switch predicate {
        case .equals(let e):
            let expected = try render(e, context)
            return loosely(a, equals: expected) ? nil : "expected \(show(expected)), got \(show(actual))"
        case .notEquals(let e):
            let expected = try render(e, context)
            return loosely(a, equals: expected) ? "expected anything but \(show(expected)), got it" : nil
        case .gt(let e), .gte(let e), .lt(let e), .lte(let e):
            let expected = try render(e, context)
            guard let order = compare(a, expected) else {
                return "expected a value comparable with \(show(expected)), got \(show(actual))"
            }
            let (ok, word): (Bool, String)
            switch predicate {
            case .gt: (ok, word) = (order > 0, ">")
            case .gte: (ok, word) = (order >= 0, "≥")
            case .lt: (ok, word) = (order < 0, "<")
            default: (ok, word) = (order <= 0, "≤")
            }
            return ok ? nil : "expected \(word) \(show(expected)), got \(show(actual))"
        case .between(let lo, let hi):
            let low = try render(lo, context)
            let high = try render(hi, context)
            guard let l = compare(a, low), let h = compare(a, high) else {
                return "expected a value between \(show(low)) and \(show(high)), got \(show(actual))"
            }
            return l >= 0 && h <= 0 ? nil : "expected between \(show(low)) and \(show(high)), got \(show(actual))"
        case .matches(let pattern):
            guard let regex = try? Regex(pattern) else { return "invalid pattern \(pattern)" }
            return a.text.contains(regex) ? nil : "expected to match /\(pattern)/, got \(show(actual))"
        case .notMatches(let pattern):
            guard let regex = try? Regex(pattern) else { return "invalid pattern \(pattern)" }
            guard let match = a.text.firstMatch(of: regex) else { return nil }
            return "expected no match for /\(pattern)/, found \"\(String(a.text[match.range]).prefix(120))\""
        case .notContains(let e):
            let expected = try render(e, context)
            if case .list(let items) = a {
                return items.contains { loosely($0, equals: expected) }
                    ? "expected a list without \(show(expected)), got it" : nil
            }
            return a.text.contains(expected.text)
                ? "expected not to contain \(show(expected)), got \(show(actual))" : nil
        case .contains(let e):
            let expected = try render(e, context)
            switch a {
            case .list(let items):
                return items.contains { loosely($0, equals: expected) }
                    ? nil : "expected a list containing \(show(expected)), got \(show(actual))"
            default:
                return a.text.contains(expected.text)
                    ? nil : "expected to contain \(show(expected)), got \(show(actual))"
            }
        case .rows(let n):
            let count = result.rowCount ?? 0
            return count == n ? nil : "expected \(n) row\(n == 1 ? "" : "s"), got \(count)"
        case .empty(let wanted):
            let isEmpty: Bool
            if let rows = result.rowCount, actual == nil || actual == result.value {
                isEmpty = rows == 0
            } else {
                switch a {
                case .null: isEmpty = true
                case .string(let s): isEmpty = s.trimmingSpaces().isEmpty
                case .list(let l): isEmpty = l.isEmpty
                case .map(let m): isEmpty = m.isEmpty
                default: isEmpty = false
                }
            }
            return isEmpty == wanted
                ? nil : (wanted ? "expected empty, got \(show(actual))" : "expected something, got nothing")
        case .exitCode(let code):
            let got = result.fields["exit_code"]
            return got == .int(Int64(code)) ? nil : "expected exit code \(code), got \(show(got))"
        case .errorCode(let code):
            guard let got = result.fields["error_code"] else {
                return "expected the server to refuse the query with \(code), but it succeeded"
            }
            if got == .string(code) { return nil }
            return "expected server error \(code), got \(got.text): \(result.fields["error_message"]?.text ?? "")"
        }
    }

    /// Renders a templated YAML value (scalars, lists, maps) with run-time values.
    public static func render(_ v: ValueTemplate, _ context: EvaluationContext) throws(ExpressionError) -> Value {
        switch v {
        case .literal(let value): return value
        case .template(let t): return try t.render(in: context)
        case .list(let items):
            var out: [Value] = []
            for item in items { out.append(try render(item, context)) }
            return .list(out)
        case .map(let pairs):
            var out: [(key: String, value: Value)] = []
            for p in pairs { out.append((p.key, try render(p.value, context))) }
            return .map(out)
        }
    }

    /// Equality that lets text holding a number equal that number (command output is text).
    static func loosely(_ a: Value, equals b: Value) -> Bool {
        if a == b { return true }
        if let x = a.numeric, let y = b.numeric, a.type == .string || b.type == .string { return x == y }
        if case .string(let s) = a, case .bool(let flag) = b { return s.trimmingSpaces() == (flag ? "true" : "false") }
        return a.text.trimmingSpaces() == b.text.trimmingSpaces() && (a.type == .string || b.type == .string)
    }

    /// -1, 0, 1 for numbers (or numeric text) and for strings; `nil` if not comparable.
    static func compare(_ a: Value, _ b: Value) -> Int? {
        if let x = a.numeric, let y = b.numeric { return x < y ? -1 : (x > y ? 1 : 0) }
        if case .string(let x) = a, case .string(let y) = b { return x < y ? -1 : (x > y ? 1 : 0) }
        return nil
    }
}
