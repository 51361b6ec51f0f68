/// A secret: where its value comes from at run time.
///
/// The value itself is never stored.
public struct SecretDecl: Sendable {
    /// Where the value is read from.
    public enum Source: Sendable, Hashable {
        /// An environment variable.
        case env(String)
        /// A file (its contents, trailing newline removed).
        case file(String)
        /// A key of a Kubernetes secret, read with `kubectl get secret` in the runbook's context and namespace.
        case kubernetes(secret: String, key: String)
        /// A command's standard output (trailing newline removed), run from an argument vector, never a shell.
        case command([String])
    }

    /// The name, as referenced by `secrets.NAME`.
    public var name: String
    /// Where the value comes from.
    public var source: Source
    /// Where the secret is declared.
    public var location: SourceLocation

    /// Creates a secret declaration.
    public init(name: String, source: Source, location: SourceLocation) {
        self.name = name
        self.source = source
        self.location = location
    }
}
