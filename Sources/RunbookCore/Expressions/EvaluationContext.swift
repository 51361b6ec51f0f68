/// The values that references resolve to while evaluating: supplied by the engine.
public struct EvaluationContext {
    /// The value of a reference path, or nil when it is undefined.
    public let resolve: ([String]) -> Value?

    /// Creates a context from a resolver.
    public init(resolve: @escaping ([String]) -> Value?) {
        self.resolve = resolve
    }
}
