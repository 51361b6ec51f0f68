import Foundation
import RunbookCore
import RunbookEngine

/// Runs shared by a team in PostgreSQL (`--state postgres://…`): journals, pinned runbooks, approvals and a lease
/// lock with fencing, in tables the tool creates and migrates itself.
///
/// The runner stays the only writer of a run's journal; `runbook approve` from any host inserts into the approvals
/// table, which the runner polls. Lease length: `RUNBOOK_LEASE_SECONDS` (default 30); how long a write waits for a
/// lost database: `RUNBOOK_STORE_RETRY_SECONDS` (default 60; `RUNBOOK_PG_RETRY_SECONDS` is its older name).
public final class PostgresRunStore: RunStore, @unchecked Sendable {
    let where_: PostgresLocation
    let link: PGLink
    let leaseSeconds: Double

    /// Connects and creates or migrates the tables (on the PostgreSQL thread pool; the caller's task waits).
    ///
    /// - Throws: `RunStoreError` (exit 2) when PostgreSQL cannot be reached or its schema is newer than this tool.
    public init(url: String, environment: [String: String]) async throws {
        let location = PostgresLocation(url)
        where_ = location
        leaseSeconds = max(1, Double(environment["RUNBOOK_LEASE_SECONDS"] ?? "") ?? 30)
        let retry = StoreRetry(environment: environment).seconds
        link = PGLink(location: location, retrySeconds: retry)
        do {
            try await link.onPool { c in
                try PostgresSchema.migrate(c, schema: location.schema, display: location.display)
            }
        } catch let error as PGError {
            throw RunStoreError(
                exitCode: .invalidInput,
                "cannot use PostgreSQL state store \(where_.display): \(error.message)"
            )
        }
    }

    public var location: String { where_.display }

    /// Runs a read or a short write on the PostgreSQL thread pool (the caller's task waits suspended), retrying a
    /// lost connection; maps failures to `RunStoreError`.
    func query(_ sql: String, _ params: [PGConnection.Param] = []) async throws -> PGConnection.Result {
        do {
            return try await link.retrying { c, _ in try c.exec(sql, params) }
        } catch let error as PGError {
            throw RunStoreError(exitCode: .invalidInput, "PostgreSQL state store \(where_.display): \(error.message)")
        }
    }

    public func runIDs() async throws -> [String] {
        try await query("SELECT run_id FROM runbook_runs ORDER BY run_id").rows.compactMap { $0.first ?? nil }
    }

    public func resolve(_ run: String) async throws -> String? {
        let rows = try await query(
            "SELECT run_id FROM runbook_runs WHERE run_id = $1 OR starts_with(run_id, $1) ORDER BY run_id",
            [.text(run)]
        ).rows.compactMap { $0.first ?? nil }
        if rows.contains(run) { return run }
        return rows.count == 1 ? rows[0] : nil
    }

    public func journalLocation(_ runID: String) -> String { "\(where_.display) run \(runID)" }

    /// The journal's lines as JSONL bytes, and the seal.
    func journalBytes(_ runID: String) async throws -> (bytes: [UInt8], seal: (seq: Int, hash: String)?)? {
        let run = try await query("SELECT sealed_seq, sealed_hash FROM runbook_runs WHERE run_id = $1", [.text(runID)])
        guard let row = run.rows.first else { return nil }
        let lines = try await query("SELECT line FROM runbook_events WHERE run_id = $1 ORDER BY seq", [.text(runID)])
        var bytes: [UInt8] = []
        for r in lines.rows {
            bytes += Array((r.first.flatMap { $0 } ?? "").utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        var seal: (seq: Int, hash: String)?
        if let s = row[0].flatMap({ Int($0) }), let h = row[1] { seal = (s, h) }
        return (bytes, seal)
    }

    public func readJournal(_ runID: String) async throws -> JournalReadResult? {
        guard let j = try await journalBytes(runID) else { return nil }
        return RunReplayLoader.read(bytes: j.bytes, seal: j.seal)
    }

    public func runbookCopy(_ runID: String) async -> [UInt8]? {
        guard let r = try? await query("SELECT runbook_copy FROM runbook_runs WHERE run_id = $1", [.text(runID)]),
            let text = r.rows.first?.first ?? nil
        else { return nil }
        return ByteaText.decode(text)
    }

    public func lock(runbookID: String, runID: String) async throws(RunStoreLockFailure) -> any RunStoreLock {
        let leaseLink = PGLink(location: where_, retrySeconds: 0)
        let seconds = leaseSeconds
        do {
            let r = try await leaseLink.onPool { c in
                try c.exec(
                    """
                    INSERT INTO runbook_leases AS l (runbook_id, run_id, holder, pid, since, expires_at, generation)
                    VALUES ($1, $2, $3, $4::int, clock_timestamp(),
                            clock_timestamp() + make_interval(secs => $5::float8), 1)
                    ON CONFLICT (runbook_id) DO UPDATE
                    SET run_id = EXCLUDED.run_id, holder = EXCLUDED.holder, pid = EXCLUDED.pid,
                        since = EXCLUDED.since, expires_at = EXCLUDED.expires_at, generation = l.generation + 1
                    WHERE l.expires_at < clock_timestamp()
                    RETURNING generation
                    """,
                    [
                        .text(runbookID), .text(runID), .text(Identity.operatorName), .text(String(Identity.pid)),
                        .text(String(seconds)),
                    ]
                )
            }
            if let g = r.rows.first?.first.flatMap({ $0 }).flatMap({ Int64($0) }) {
                return PostgresLease(
                    runbookID: runbookID,
                    runID: runID,
                    generation: g,
                    link: leaseLink,
                    seconds: leaseSeconds
                )
            }
        } catch {
            throw .io("cannot take the lock of '\(runbookID)' in \(where_.display): \(error)")
        }
        throw .held(
            (await holder(of: runbookID) ?? "a holder whose lease just ended; try again") + " (state \(where_.display))"
        )
    }

    public func holder(of runbookID: String) async -> String? {
        guard
            let r = try? await query(
                """
                SELECT run_id, holder, pid, to_char(since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                       round(extract(epoch FROM expires_at - clock_timestamp())::numeric, 1), generation
                FROM runbook_leases WHERE runbook_id = $1 AND expires_at > clock_timestamp()
                """,
                [.text(runbookID)]
            ), let row = r.rows.first
        else { return nil }
        let f = row.map { $0 ?? "" }
        return
            "run \(f[0]) by \(f[1]) pid \(f[2]) since \(f[3]) (lease generation \(f[5]), expires in \(f[4]) s unless renewed)"
    }

    public func createRun(
        _ runID: String,
        runbookID: String,
        runbook: [UInt8],
        lock: any RunStoreLock
    ) async throws
        -> any JournalStore
    {
        _ = try await query(
            "INSERT INTO runbook_runs (run_id, runbook_id, runbook_copy) VALUES ($1, $2, $3)",
            [.text(runID), .text(runbookID), .bytes(runbook)]
        )
        return try await openJournal(runID, lock: lock)
    }

    public func openJournal(_ runID: String, lock: any RunStoreLock) async throws -> any JournalStore {
        guard let lease = lock as? PostgresLease else {
            throw RunStoreError(exitCode: .invalidInput, "internal: a PostgreSQL journal needs a PostgreSQL lease")
        }
        guard let result = try await readJournal(runID) else {
            throw RunStoreError(exitCode: .invalidInput, "no run \(runID) in \(where_.display)")
        }
        if let problem = result.problem {
            throw RunStoreError(
                exitCode: .invalidInput,
                "the journal of run \(runID) fails verification at event \(problem.line): \(problem); refusing to append (inspect it with `runbook replay \(runID) --verify`)"
            )
        }
        return PostgresJournal(
            runID: runID,
            lease: lease,
            link: link,
            location: journalLocation(runID),
            result: result
        )
    }

    public func submitApproval(_ runID: String, _ approval: Value) async throws {
        _ = try await query(
            "INSERT INTO runbook_approvals (run_id, approval) VALUES ($1, $2)",
            [.text(runID), .text(JSONWriter.string(approval))]
        )
    }

    public func takeApprovals(_ runID: String) async throws -> [Value] {
        let r = try await query(
            """
            UPDATE runbook_approvals SET taken_at = clock_timestamp()
            WHERE id IN (SELECT id FROM runbook_approvals WHERE run_id = $1 AND taken_at IS NULL FOR UPDATE SKIP LOCKED)
            RETURNING id, approval
            """,
            [.text(runID)]
        )
        return r.rows.sorted { Int($0[0] ?? "") ?? 0 < Int($1[0] ?? "") ?? 0 }.compactMap {
            $0[1].flatMap { try? JSONParser.parse($0) }
        }
    }
}
