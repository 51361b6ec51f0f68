/// A parse or evaluation error in an expression or template, anchored at a source position.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is.
    public var location: SourceLocation
    /// A one-line message saying what is wrong.
    public var message: String

    /// Creates an error.
    public init(at location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    /// `LINE:COL: message`.
    public var description: String { "\(location): \(message)" }

    /// The error as an error diagnostic.
    public var diagnostic: Diagnostic { Diagnostic(.error, at: location, message) }
}
