/// A prefix operator of the expression language.
public enum UnaryOperator: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Logical not, `!x`: true when `x` is not truthy.
    case not = "!"
    /// Arithmetic negation, `-x`.
    case negate = "-"

    /// The operator as written in source.
    public var description: String { rawValue }
}
