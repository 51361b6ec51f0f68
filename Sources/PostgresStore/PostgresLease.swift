import Foundation
import RunbookEngine

/// The lock of a runbook id in PostgreSQL: a lease row with an expiry on the database's clock and a generation
/// (fencing token) that grows with every takeover.
///
/// A heartbeat thread renews the lease every third of its length on a connection of its own. A holder that stops
/// renewing (dead, paused, cut off) loses the lease at its expiry; the next holder gets generation + 1, and every
/// append checks the generation in the same transaction, so the old holder can no longer write.
///
/// The heartbeat is a dedicated `Thread`, not a task: it makes blocking libpq calls (`PGLink.once`) and sleeps
/// between beats for the whole life of the lease, which would pin a thread of the cooperative pool or of
/// `PostgresThreadPool` (shared with the run's SQL steps and journal writes) all along. On its own thread, a beat
/// can never be delayed by a busy pool (a late renewal loses the lease), and it never delays the run's work.
public final class PostgresLease: RunStoreLock, @unchecked Sendable {
    /// The runbook id locked.
    public let runbookID: String
    /// The run holding it.
    public let runID: String
    /// The fencing token.
    public let generation: Int64
    private let link: PGLink
    private let seconds: Double
    private let state = NSCondition()
    private var stopped = false
    private var lostReason: String?

    init(runbookID: String, runID: String, generation: Int64, link: PGLink, seconds: Double) {
        self.runbookID = runbookID
        self.runID = runID
        self.generation = generation
        self.link = link
        self.seconds = seconds
        let thread = Thread { [weak self] in self?.heartbeat() }
        thread.name = "runbook-lease-heartbeat"
        thread.start()
    }

    /// Why the lease was lost, when the heartbeat found out.
    public var lost: String? {
        state.lock()
        defer { state.unlock() }
        return lostReason
    }

    private func heartbeat() {
        while true {
            state.lock()
            if !stopped { _ = state.wait(until: Date().addingTimeInterval(seconds / 3)) }
            let done = stopped
            state.unlock()
            if done { return }
            let renewed = try? link.once { c in
                try c.exec(
                    """
                    UPDATE runbook_leases SET expires_at = clock_timestamp() + make_interval(secs => $3::float8)
                    WHERE runbook_id = $1 AND generation = $2::bigint
                    """,
                    [.text(runbookID), .text(String(generation)), .text(String(seconds))]
                ).affected
            }
            // A failed renewal (database unreachable) is retried at the next beat; appends wait for the database.
            if renewed == 0 {
                state.lock()
                lostReason = "another process took the lease over"
                stopped = true
                state.unlock()
                return
            }
        }
    }

    /// Ends the heartbeat and gives the lease up (if it is still ours), on the PostgreSQL thread pool.
    public func release() async {
        stopHeartbeat()
        let (runbookID, generation) = (runbookID, generation)
        _ = try? await link.onPool { c in
            try c.exec(
                "UPDATE runbook_leases SET expires_at = clock_timestamp() WHERE runbook_id = $1 AND generation = $2::bigint",
                [.text(runbookID), .text(String(generation))]
            )
        }
    }

    /// Wakes the heartbeat thread and makes it end.
    private func stopHeartbeat() {
        state.lock()
        stopped = true
        state.broadcast()
        state.unlock()
    }

    deinit { stopHeartbeat() }
}
