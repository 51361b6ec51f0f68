/// A value in YAML that may contain templates: a scalar template, or a list/map of them.
public indirect enum ValueTemplate: Sendable {
    /// A YAML literal (number, bool, null, or a string without `${{ }}`).
    case literal(Value)
    /// A string with `${{ }}` parts.
    case template(Template)
    /// A list.
    case list([ValueTemplate])
    /// A map.
    case map([(key: String, value: ValueTemplate)])

    /// All templates inside.
    public var templates: [Template] {
        switch self {
        case .literal: return []
        case .template(let t): return [t]
        case .list(let items): return items.flatMap(\.templates)
        case .map(let pairs): return pairs.flatMap(\.value.templates)
        }
    }
}

/// `expect:`: checks that must all hold for the step to succeed.
public struct Expectation: Sendable {
    /// Whether a check expects the query to fail with a server code (`error_code`).
    public var checksErrorCode: Bool {
        checks.contains { if case .errorCode = $0.predicate { return true } else { return false } }
    }

    /// The checks, in declaration order.
    public var checks: [ExpectCheck]
    /// Where `expect:` is.
    public var location: SourceLocation

    /// Creates an expectation.
    public init(checks: [ExpectCheck], location: SourceLocation) {
        self.checks = checks
        self.location = location
    }
}

/// One check: a predicate on the scalar result or on a named field.
public struct ExpectCheck: Sendable {
    /// `nil` for the step's scalar result, else a field (`stdout`, `status`, a column, `json.path`).
    public var field: String?
    /// The predicate.
    public var predicate: ExpectPredicate
    /// Where the check is declared.
    public var location: SourceLocation

    /// Creates a check.
    public init(field: String?, predicate: ExpectPredicate, location: SourceLocation) {
        self.field = field
        self.predicate = predicate
        self.location = location
    }
}

/// The predicate forms of `expect`.
public enum ExpectPredicate: Sendable {
    /// `equals: v`.
    case equals(ValueTemplate)
    /// `not_equals: v`.
    case notEquals(ValueTemplate)
    /// `gt: v`.
    case gt(ValueTemplate)
    /// `gte: v`.
    case gte(ValueTemplate)
    /// `lt: v`.
    case lt(ValueTemplate)
    /// `lte: v`.
    case lte(ValueTemplate)
    /// `between: [lo, hi]` (inclusive).
    case between(ValueTemplate, ValueTemplate)
    /// `matches: regex`.
    case matches(String)
    /// `contains: v`.
    case contains(ValueTemplate)
    /// `not_contains: v`.
    case notContains(ValueTemplate)
    /// `not_matches: regex`.
    case notMatches(String)
    /// `rows: N`.
    case rows(Int)
    /// `empty: true|false`.
    case empty(Bool)
    /// `exit_code: N`.
    case exitCode(Int)
    /// `error_code: CODE`: the query fails with this server code (Neo4j status code or SQLSTATE).
    case errorCode(String)

    /// The YAML key of this predicate.
    public var name: String {
        switch self {
        case .equals: return "equals"
        case .notEquals: return "not_equals"
        case .gt: return "gt"
        case .gte: return "gte"
        case .lt: return "lt"
        case .lte: return "lte"
        case .between: return "between"
        case .matches: return "matches"
        case .contains: return "contains"
        case .notContains: return "not_contains"
        case .notMatches: return "not_matches"
        case .rows: return "rows"
        case .empty: return "empty"
        case .exitCode: return "exit_code"
        case .errorCode: return "error_code"
        }
    }

    /// All predicate keys.
    public static let names = [
        "equals", "not_equals", "gt", "gte", "lt", "lte", "between", "matches", "contains", "rows", "empty",
        "exit_code", "error_code",
    ]

    /// Templates used by the predicate's operands.
    public var templates: [Template] {
        switch self {
        case .equals(let v), .notEquals(let v), .gt(let v), .gte(let v), .lt(let v), .lte(let v), .contains(let v),
            .notContains(let v):
            return v.templates
        case .between(let a, let b): return a.templates + b.templates
        case .matches, .notMatches, .rows, .empty, .exitCode, .errorCode: return []
        }
    }
}
