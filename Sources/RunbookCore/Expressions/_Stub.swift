// TEMPORARY stand-in until the expression language lands from branch `expr`. Same API surface.
public struct ExpressionError: Error, Sendable, Hashable {
    public var location: SourceLocation
    public var message: String
    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }
}

public indirect enum Expression: Sendable, Hashable {
    case reference(path: [String], at: SourceLocation)
    public var location: SourceLocation {
        switch self {
        case .reference(_, let at): return at
        }
    }
    public func evaluate(in context: EvaluationContext) throws(ExpressionError) -> Value {
        switch self {
        case .reference(let path, let at):
            guard let v = context.resolve(path) else { throw ExpressionError(location: at, message: "undefined") }
            return v
        }
    }
}

public struct EvaluationContext {
    public var resolve: ([String]) -> Value?
    public init(resolve: @escaping ([String]) -> Value?) { self.resolve = resolve }
}

public struct TypeEnvironment {
    public var resolve: ([String], SourceLocation) -> Result<ValueType, Diagnostic>
    public init(resolve: @escaping ([String], SourceLocation) -> Result<ValueType, Diagnostic>) { self.resolve = resolve }
}

public enum ExpressionTypeChecker {
    public static func check(_ e: Expression, in env: TypeEnvironment) -> (type: ValueType, diagnostics: [Diagnostic]) {
        switch e {
        case .reference(let path, let at):
            switch env.resolve(path, at) {
            case .success(let t): return (t, [])
            case .failure(let d): return (.any, [d])
            }
        }
    }
}

public struct Template: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case literal(String)
        case expression(Expression, source: String, at: SourceLocation)
    }
    public var parts: [Part]
    public static func literal(_ s: String) -> Template { Template(parts: [.literal(s)]) }
    public var containsExpressions: Bool {
        parts.contains { if case .expression = $0 { return true } else { return false } }
    }
    public var isSingleExpression: Bool {
        parts.count == 1 && containsExpressions
    }
    public var references: [(path: [String], location: SourceLocation)] {
        parts.compactMap {
            if case .expression(.reference(let p, let at), _, _) = $0 { return (p, at) }
            return nil
        }
    }
    public static func parse(_ text: String, origin: SourceLocation) throws(ExpressionError) -> Template {
        var parts: [Part] = []
        var rest = Substring(text)
        var col = origin.column
        while let r = rest.firstRange(of: "${{") {
            let lit = String(rest[..<r.lowerBound])
            if !lit.isEmpty { parts.append(.literal(lit)) }
            col += lit.count
            guard let end = rest[r.upperBound...].firstRange(of: "}}") else {
                throw ExpressionError(location: SourceLocation(line: origin.line, column: col), message: "unterminated '${{'")
            }
            let src = String(rest[r.upperBound..<end.lowerBound]).trimmingSpaces()
            let at = SourceLocation(line: origin.line, column: col + 4)
            parts.append(.expression(.reference(path: src.split(separator: ".").map(String.init), at: at), source: src, at: at))
            col += rest[r.lowerBound..<end.upperBound].count
            rest = rest[end.upperBound...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        return Template(parts: parts)
    }
    public func render(in context: EvaluationContext) throws(ExpressionError) -> Value {
        if isSingleExpression, case .expression(let e, _, _) = parts[0] { return try e.evaluate(in: context) }
        var out = ""
        for p in parts {
            switch p {
            case .literal(let s): out += s
            case .expression(let e, _, _): out += try e.evaluate(in: context).text
            }
        }
        return .string(out)
    }
}
