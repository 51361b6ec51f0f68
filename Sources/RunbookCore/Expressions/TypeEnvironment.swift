/// What the type checker knows about references: supplied by the loader, which knows the
/// runbook's params, secrets and steps and writes its own "unknown parameter" diagnostics.
public struct TypeEnvironment {
    /// The static type of a reference path, or a diagnostic explaining why it is invalid.
    public let resolve: ([String], SourceLocation) -> Result<ValueType, Diagnostic>

    /// Creates an environment from a resolver.
    public init(resolve: @escaping ([String], SourceLocation) -> Result<ValueType, Diagnostic>) {
        self.resolve = resolve
    }
}
