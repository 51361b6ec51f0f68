import PostgresStore
import RunbookEngine

/// Picks the run store a `--state` value names: a directory, or PostgreSQL for `postgres://`/`postgresql://`.
enum StoreSelection {
    /// Whether a location names PostgreSQL.
    static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// Opens the store (connecting, and creating or migrating the schema, for PostgreSQL).
    static func store(for location: String, environment: [String: String]) async throws -> any RunStore {
        if isPostgres(location) { return try await PostgresRunStore(url: location, environment: environment) }
        return FileRunStore(root: location, retry: StoreRetry(environment: environment))
    }
}
