import Foundation
import RunbookCore
import RunbookEngine

/// One run's journal in PostgreSQL: the same lines and hash chain as `journal.jsonl`, one row per event.
///
/// `append` commits before it returns (so the action the event records proceeds only once it is durable) in a
/// statement that also locks the lease row and checks this writer's generation: a writer that lost the lease
/// cannot append, and `(run_id, seq)` is unique, so two writers can never both write event N. Events from
/// `appendUnsynced` wait in memory and are committed with the next `append`. A lost connection is retried with
/// backoff; if the commit of the lost attempt did happen, the retry finds the row and counts it as written.
/// Every statement runs on the PostgreSQL thread pool; the run's task waits suspended, blocking no thread.
public final class PostgresJournal: JournalStore {
    public private(set) var events: [JournalEvent]
    public let openWarnings: [String] = []
    public let location: String
    let runID: String
    private let lease: PostgresLease
    private let link: PGLink
    private var writer: JournalWriterState
    private var pending: [(seq: Int, type: String, line: String)] = []
    private let clock: @Sendable () -> String

    init(runID: String, lease: PostgresLease, link: PGLink, location: String, result: JournalReadResult) {
        self.runID = runID
        self.lease = lease
        self.link = link
        self.location = location
        self.events = result.events
        self.writer = JournalWriterState(continuing: result)
        self.clock = Timestamp.now
    }

    @discardableResult
    public func append(_ type: String, _ data: Value) async throws -> JournalEvent {
        var next = writer
        let (event, line) = next.append(type: type, time: clock(), data: data)
        let batch = pending + [(event.seq, type, line)]
        try await commit(batch)
        pending = []
        writer = next
        events.append(event)
        return event
    }

    @discardableResult
    public func appendUnsynced(_ type: String, _ data: Value) async throws -> JournalEvent {
        let (event, line) = writer.append(type: type, time: clock(), data: data)
        pending.append((event.seq, type, line))
        events.append(event)
        return event
    }

    public func seal() async throws {
        let seq = writer.nextSeq - 1
        let hash = writer.headHash
        let (runID, runbookID, generation) = (runID, lease.runbookID, lease.generation)
        _ = try await run { c, _ in
            try c.exec(
                """
                UPDATE runbook_runs SET sealed_seq = $2::int, sealed_hash = $3
                WHERE run_id = $1 AND EXISTS (
                    SELECT 1 FROM runbook_leases WHERE runbook_id = $4 AND generation = $5::bigint FOR UPDATE)
                """,
                [
                    .text(runID), .text(String(seq)), .text(hash), .text(runbookID), .text(String(generation)),
                ]
            ).affected
        }
    }

    public func ensureWritable() throws {
        if let reason = lease.lost {
            throw RunStoreError.leaseLost(
                "this process lost the lease on '\(lease.runbookID)' (generation \(lease.generation)): \(reason); run \(runID) continues elsewhere and this process stops without writing (see `runbook status \(runID)`)"
            )
        }
    }

    private func commit(_ batch: [(seq: Int, type: String, line: String)]) async throws {
        var params: [PGConnection.Param] = [.text(lease.runbookID), .text(String(lease.generation))]
        var rows: [String] = []
        for e in batch {
            let n = params.count
            rows.append("($\(n + 1)::text, $\(n + 2)::int, $\(n + 3)::text, $\(n + 4)::text)")
            params += [.text(runID), .text(String(e.seq)), .text(e.type), .text(e.line)]
        }
        // Only placeholders are spliced in: every value is bound.
        let sql = """
            WITH lease AS (
                SELECT generation FROM runbook_leases WHERE runbook_id = $1 AND generation = $2::bigint FOR UPDATE)
            INSERT INTO runbook_events (run_id, seq, generation, type, line)
            SELECT v.run_id, v.seq, lease.generation, v.type, v.line
            FROM lease, (VALUES \(rows.joined(separator: ", "))) AS v (run_id, seq, type, line)
            """
        guard let last = batch.last else { return }
        let (runID, count, sqlParams) = (runID, batch.count, params)
        let (lastSeq, lastLine) = (last.seq, last.line)
        let written: Int = try await run { c, retry in
            if retry {
                // The lost attempt may have committed: if our last row is there, the whole statement was.
                let r = try c.exec(
                    "SELECT line FROM runbook_events WHERE run_id = $1 AND seq = $2::int",
                    [.text(runID), .text(String(lastSeq))]
                )
                if let existing = r.rows.first?.first.flatMap({ $0 }) {
                    return existing == lastLine ? count : -1
                }
            }
            do {
                return try c.exec(sql, sqlParams).affected
            } catch let error as PGError where error.isUniqueViolation {
                return -1
            }
        }
        if written == -1 {
            throw RunStoreError.leaseLost(
                "event \(last.seq) of run \(runID) was already written by another process: this process lost the run and stops without writing (see `runbook status \(runID)`)"
            )
        }
        if written != batch.count {
            throw RunStoreError.leaseLost(
                "this process lost the lease on '\(lease.runbookID)' (generation \(lease.generation)): another process took run \(runID) over; it stops without writing (see `runbook status \(runID)`)"
            )
        }
    }

    /// Runs `body` on the PostgreSQL thread pool (the run's task waits suspended), retrying a lost connection.
    private func run<T: Sendable>(_ body: @escaping @Sendable (PGConnection, Bool) throws -> T) async throws -> T {
        do {
            return try await link.retrying(body)
        } catch let error as PGError {
            if error.connectionLost {
                throw RunStoreError(
                    exitCode: .stopped,
                    "lost the connection to PostgreSQL (\(location)) and could not write to the journal of run \(runID) for \(Int(link.retrySeconds)) s: \(error.message). The run stopped before its next action; `runbook resume \(runID)` continues once PostgreSQL is back"
                )
            }
            throw RunStoreError(
                exitCode: .invalidInput,
                "PostgreSQL refused a journal write for run \(runID): \(error.message)"
            )
        }
    }
}
