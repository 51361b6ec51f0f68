/// A value together with the position of the YAML node it came from.
public struct Located<Wrapped: Sendable>: Sendable {
    /// The value.
    public var value: Wrapped
    /// Where its node starts in the runbook file.
    public var location: SourceLocation

    /// Wraps a value with its location.
    public init(_ value: Wrapped, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Wrapped: Equatable {}
extension Located: Hashable where Wrapped: Hashable {}
