import RunbookCore

/// The `stall:` budget of a `transfer`: how long the attempt may go without a committed batch.
///
/// Every read and write of the transfer gets the time left until the deadline (or the step's own timeout,
/// when shorter) as its timeout; each committed batch moves the deadline. A read or write that times out
/// after the deadline passed is reported as a stall: a failure of this attempt, so the step's `retry:`
/// (or `defaults.retry`) runs it again, continuing after the last checkpoint.
struct StallWatchdog {
    /// The budget.
    let limit: DurationSpec
    /// The step's own timeout, which caps every operation too.
    let stepTimeout: Duration?
    private let clock = ContinuousClock()
    private var deadline: ContinuousClock.Instant

    init(limit: DurationSpec, stepTimeout: Duration?) {
        self.limit = limit
        self.stepTimeout = stepTimeout
        deadline = ContinuousClock.now + limit.duration
    }

    /// A batch committed: the budget starts again.
    mutating func progressed() { deadline = clock.now + limit.duration }

    /// The timeout for the next operation (at least 1 ms).
    var timeout: Duration {
        let left = max(deadline - clock.now, .milliseconds(1))
        return stepTimeout.map { min($0, left) } ?? left
    }

    /// Rethrows `error`, as a transfer's stall when it is a timeout that came after the deadline.
    func rethrow(_ error: any Error, batches: Int, rows: Int) -> any Error {
        rethrow(error) {
            "transfer stalled: no batch committed for \($0) (\(rows) rows in \(batches) batches committed); the attempt fails and its retry continues after the last checkpoint"
        }
    }

    /// Rethrows `error`, as a stall described by `message` (given the budget) when it is a timeout that came
    /// after the deadline; the original failure becomes the detail.
    func rethrow(_ error: any Error, message: (DurationSpec) -> String) -> any Error {
        guard let failure = error as? StepFailure, failure.timedOut, clock.now >= deadline else { return error }
        var stalled = StepFailure(message(limit), detail: failure.message)
        stalled.timedOut = true
        return stalled
    }
}
