import RunbookCore

/// `RunbookCore.SourceLocation` (Testing has its own `SourceLocation`).
typealias Loc = RunbookCore.SourceLocation

/// Shorthand for a source location.
func loc(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(line: line, column: column) }

/// Parses at 1:1 (or `origin`), failing the test with the error if it does not parse.
func parse(_ source: String, origin: SourceLocation = loc(1, 1)) throws -> Expression {
    try ExpressionParser.parse(source, origin: origin)
}

/// The error parsing `source` throws, or nil.
func parseError(_ source: String, origin: SourceLocation = loc(1, 1)) -> ExpressionError? {
    do {
        _ = try ExpressionParser.parse(source, origin: origin)
        return nil
    } catch {
        return error
    }
}

/// A compact prefix rendering of a tree, to test precedence and associativity.
func sexpr(_ e: Expression) -> String {
    switch e {
    case .literal(let v, _):
        if case .string(let s) = v { return "'\(s)'" }
        if case .null = v { return "null" }
        return v.text
    case .reference(let path, _): return path.joined(separator: ".")
    case .unary(let op, let x, _): return "(\(op) \(sexpr(x)))"
    case .binary(let op, let l, let r, _): return "(\(op) \(sexpr(l)) \(sexpr(r)))"
    case .call(let name, let args, _): return "(\(name)\(args.map { " " + sexpr($0) }.joined()))"
    }
}

/// A context resolving the given dotted paths.
func context(_ values: [String: Value]) -> EvaluationContext {
    EvaluationContext { path in values[path.joined(separator: ".")] }
}

/// Parses and evaluates `source`.
func evaluate(_ source: String, _ values: [String: Value] = [:]) throws -> Value {
    try parse(source).evaluate(in: context(values))
}

/// The error evaluating `source` throws, or nil.
func evaluationError(_ source: String, _ values: [String: Value] = [:]) throws -> ExpressionError? {
    let expression = try parse(source)
    do {
        _ = try expression.evaluate(in: context(values))
        return nil
    } catch {
        return error
    }
}
