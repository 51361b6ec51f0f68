import RunbookCore

/// The `stall:` budget of a `sync`, shared by its two reading sides and its writes: every read, lookup and write
/// gets the time left until the deadline as its timeout, and every batch read from either side or applied moves
/// the deadline (a long diff that finds nothing to write still makes progress by reading).
final class StallBudget {
    private var watchdog: StallWatchdog

    init(limit: DurationSpec, stepTimeout: Duration?) {
        watchdog = StallWatchdog(limit: limit, stepTimeout: stepTimeout)
    }

    /// The timeout for the next operation: what is left of the budget (capped by the step's own timeout).
    var timeout: Duration { watchdog.timeout }

    /// The timeout for an operation started right after progress (a prefetch issued as a batch arrives).
    var fresh: Duration {
        watchdog.stepTimeout.map { min($0, watchdog.limit.duration) } ?? watchdog.limit.duration
    }

    /// A batch was read or written: the budget starts again.
    func progressed() { watchdog.progressed() }

    /// Rethrows `error`, as a stall of the sync when it is a timeout that came after the deadline.
    func rethrow(_ error: any Error, upserted: Int, deleted: Int, batches: Int) -> any Error {
        watchdog.rethrow(error) {
            "sync stalled: no batch read or written for \($0) (\(upserted) upserted, \(deleted) deleted in \(batches) batches applied); the step fails, and a retry or resume diffs again"
        }
    }
}
