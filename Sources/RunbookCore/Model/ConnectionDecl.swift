/// A named database connection.
public struct ConnectionDecl: Sendable {
    /// The kind of database and how to reach it.
    public enum Kind: Sendable {
        /// PostgreSQL: a libpq conninfo string or `postgresql://` URI (PG* environment variables apply).
        case postgres(dsn: Template)
        /// Neo4j over Bolt.
        case neo4j(url: Template, user: Template?, password: Template?, database: Template?)
    }

    /// The name steps use in `on:`.
    public var name: String
    /// What it connects to.
    public var kind: Kind
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a connection declaration.
    public init(name: String, kind: Kind, location: SourceLocation) {
        self.name = name
        self.kind = kind
        self.location = location
    }

    /// `postgres` or `neo4j`.
    public var kindName: String {
        switch kind {
        case .postgres: return "postgres"
        case .neo4j: return "neo4j"
        }
    }
}
