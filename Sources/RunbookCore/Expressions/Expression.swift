/// A parsed `${{ … }}` expression.
///
/// Every node carries the source position it was parsed from: literals and references point at
/// their first character, unary and binary nodes at their operator, calls at the function name.
/// Parentheses produce no node of their own.
public indirect enum Expression: Sendable, Hashable {
    /// A literal: an integer, float, string, `true`, `false` or `null`.
    case literal(Value, at: SourceLocation)
    /// A reference such as `params.x` → `["params", "x"]`, or `a["k"]` → `["a", "k"]`.
    case reference(path: [String], at: SourceLocation)
    /// A prefix operator applied to an operand.
    case unary(UnaryOperator, Expression, at: SourceLocation)
    /// An infix operator applied to two operands; the location is the operator's.
    case binary(BinaryOperator, Expression, Expression, at: SourceLocation)
    /// A call of a built-in function such as `len(x)`.
    case call(name: String, arguments: [Expression], at: SourceLocation)

    /// Where the node starts (for unary and binary nodes: where the operator is).
    public var location: SourceLocation {
        switch self {
        case .literal(_, let at), .reference(_, let at), .unary(_, _, let at), .binary(_, _, _, let at),
            .call(_, _, let at):
            return at
        }
    }

    /// Every reference in the expression with its location, in source order.
    public var references: [(path: [String], location: SourceLocation)] {
        var out: [(path: [String], location: SourceLocation)] = []
        collectReferences(into: &out)
        return out
    }

    private func collectReferences(into out: inout [(path: [String], location: SourceLocation)]) {
        switch self {
        case .literal: break
        case .reference(let path, let at): out.append((path, at))
        case .unary(_, let operand, _): operand.collectReferences(into: &out)
        case .binary(_, let lhs, let rhs, _):
            lhs.collectReferences(into: &out)
            rhs.collectReferences(into: &out)
        case .call(_, let arguments, _):
            for argument in arguments { argument.collectReferences(into: &out) }
        }
    }

    /// A reference path written back as source text: `steps.fetch.outputs["a b"]`.
    public static func describe(path: [String]) -> String {
        var out = ""
        for (i, component) in path.enumerated() {
            if ExpressionLexer.isPlainMember(component) {
                out += i == 0 ? component : "." + component
            } else {
                out += "[" + ExpressionLexer.quoted(component) + "]"
            }
        }
        return out
    }
}
