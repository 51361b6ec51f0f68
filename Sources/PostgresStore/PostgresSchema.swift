import RunbookEngine

/// The store's tables, created and migrated by the tool itself (`runbook_schema_version` records the version).
///
/// A database whose schema is newer than this tool knows is refused (exit 2), never written to.
enum PostgresSchema {
    /// The schema version this tool writes.
    static let current = 1

    /// Migrations: entry `i` takes the schema from version `i` to `i + 1`.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE runbook_runs (
                run_id text PRIMARY KEY,
                runbook_id text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                runbook_copy bytea,
                sealed_seq integer,
                sealed_hash text
            )
            """,
            """
            CREATE TABLE runbook_events (
                run_id text NOT NULL REFERENCES runbook_runs (run_id),
                seq integer NOT NULL,
                generation bigint NOT NULL,
                type text NOT NULL,
                line text NOT NULL,
                written_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                PRIMARY KEY (run_id, seq)
            )
            """,
            """
            CREATE TABLE runbook_leases (
                runbook_id text PRIMARY KEY,
                run_id text NOT NULL,
                holder text NOT NULL,
                pid integer NOT NULL,
                since timestamptz NOT NULL,
                expires_at timestamptz NOT NULL,
                generation bigint NOT NULL
            )
            """,
            """
            CREATE TABLE runbook_approvals (
                id bigserial PRIMARY KEY,
                run_id text NOT NULL REFERENCES runbook_runs (run_id),
                approval text NOT NULL,
                submitted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                taken_at timestamptz
            )
            """,
        ]
    ]

    /// Brings the schema to `current`, or refuses a newer one.
    static func migrate(_ c: PGConnection, schema: String?, display: String) throws {
        if let v = try? version(c), v == current { return }
        try c.exec("BEGIN")
        do {
            // One migrator at a time per schema (concurrent CREATE SCHEMA IF NOT EXISTS can collide); the lock ends
            // with the transaction.
            try c.exec(
                "SELECT pg_advisory_xact_lock(hashtext('runbook_schema:' || coalesce($1::text, current_schema()::text, '')))",
                [schema.map { .text($0) } ?? .null]
            )
            if let schema { try c.exec("CREATE SCHEMA IF NOT EXISTS " + PGLink.quoteIdentifier(schema)) }
            try c.exec(
                """
                CREATE TABLE IF NOT EXISTS runbook_schema_version (
                    version integer PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                    tool text NOT NULL
                )
                """
            )
            let found = try version(c)
            if found > current {
                throw RunStoreError(
                    exitCode: .invalidInput,
                    "the runbook tables in \(display) have schema version \(found), newer than this runbook knows (\(current)); upgrade runbook to use them (nothing was written)"
                )
            }
            for v in found..<current {
                for statement in migrations[v] { try c.exec(statement) }
                try c.exec(
                    "INSERT INTO runbook_schema_version (version, tool) VALUES ($1::int, $2)",
                    [.text(String(v + 1)), .text("runbook")]
                )
            }
            try c.exec("COMMIT")
        } catch {
            _ = try? c.exec("ROLLBACK")
            throw error
        }
    }

    static func version(_ c: PGConnection) throws(PGError) -> Int {
        let r = try c.exec("SELECT coalesce(max(version), 0) FROM runbook_schema_version")
        return Int(r.rows.first?.first.flatMap { $0 } ?? "0") ?? 0
    }
}
