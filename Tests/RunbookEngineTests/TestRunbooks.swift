import Foundation

/// Pieces of the runbooks the data-movement tests write.
enum TestRunbooks {
    static var boltURL: String { ProcessInfo.processInfo.environment["RUNBOOK_NEO4J_URL"] ?? "" }
    static var boltUser: String { ProcessInfo.processInfo.environment["RUNBOOK_NEO4J_USER"] ?? "falkordb" }

    /// `runbook:`, the PostgreSQL secret and the two connections `pg` and `graph` (the test servers).
    static func header(_ id: String) -> String {
        """
        runbook: \(id)
        secrets:
          DB: { env: RUNBOOK_PG_URL }
        connections:
          pg: { postgres: "${{ secrets.DB }}" }
          graph: { neo4j: "\(boltURL)", user: "\(boltUser)", password: "" }
        """
    }
}
