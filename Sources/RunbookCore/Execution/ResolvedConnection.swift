/// A connection with every template rendered (secrets included): what a connector needs to connect.
public struct ResolvedConnection: Sendable, Hashable, CustomStringConvertible {
    /// The kind and parameters.
    public enum Kind: Sendable, Hashable {
        /// A libpq conninfo string or URI.
        case postgres(dsn: String)
        /// A Bolt URL and credentials.
        case neo4j(url: String, user: String?, password: String?, database: String?)
    }

    /// The runbook's name for it.
    public var name: String
    /// How to connect.
    public var kind: Kind

    /// Creates a resolved connection.
    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// The name and kind only: never the DSN or password.
    public var description: String {
        switch kind {
        case .postgres: return "postgres:\(name)"
        case .neo4j: return "neo4j:\(name)"
        }
    }
}
