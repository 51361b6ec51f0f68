import PostgresLibPQ
import RunbookCore

/// Waits for libpq results on a thread-pool thread while watching the deadline and task cancellation.
///
/// libpq's socket is always non-blocking inside; this loop polls it in 50 ms slices, so an interruption is
/// noticed within a slice. An interrupted query gets a cancel request (`PQcancel`, a separate connection to the
/// server); the server then ends the query with SQLSTATE 57014 and the results drain normally. If the server
/// does not answer within `PostgresSession.cancelGrace`, the wait gives up and the caller drops the connection.
struct PostgresWaiter {
    static let pollSliceMilliseconds: Int32 = 50

    let interruption: QueryInterruption
    let deadline: ContinuousClock.Instant?
    let timeout: Duration?
    private var cancelSentAt: ContinuousClock.Instant?

    init(interruption: QueryInterruption, deadline: ContinuousClock.Instant?, timeout: Duration?) {
        self.interruption = interruption
        self.deadline = deadline
        self.timeout = timeout
    }

    /// Throws if the call was interrupted before a statement was sent.
    mutating func checkBeforeStart() throws(ExecutorError) {
        let reason = currentReason()
        if reason != .none { throw error(for: reason, serverError: nil) }
    }

    /// The time left before the deadline (zero when passed), or nil without a timeout.
    var remaining: Duration? {
        guard let deadline else { return nil }
        let left = deadline - ContinuousClock.now
        return left < .zero ? .zero : left
    }

    /// The error to report for a failed connection attempt: a timeout if the deadline passed meanwhile.
    func connectError(replacing error: ExecutorError) -> ExecutorError {
        guard error.code == .connection, currentReason() == .timedOut else { return error }
        var timeout = self.error(for: .timedOut, serverError: nil)
        timeout.message = "could not connect before the step's timeout\(self.timeout.map { " of \($0)" } ?? "") expired"
        timeout.detail = [error.message, error.detail].compactMap { $0 }.joined(separator: "\n")
        return timeout
    }

    /// The next result of the running query (nil when it is complete).
    ///
    /// The deadline and cancellation are checked on every call, not only while waiting: rows of a large result
    /// can arrive so fast that libpq is never busy.
    mutating func nextResult(_ connection: PQConnection) throws(ExecutorError) -> PQResult? {
        try watch(connection)
        while connection.isBusy {
            try watch(connection)
            if !connection.awaitInput(milliseconds: Self.pollSliceMilliseconds) { break }
        }
        return connection.nextResult()
    }

    /// The error to report for a failed statement: a timeout or cancellation if one caused it.
    func interruptionError(replacing serverError: ExecutorError) -> ExecutorError {
        let reason = interruption.reason
        guard reason != .none, cancelSentAt != nil else { return serverError }
        return error(for: reason, serverError: serverError)
    }

    private mutating func watch(_ connection: PQConnection) throws(ExecutorError) {
        let now = ContinuousClock.now
        if let cancelSentAt {
            if now - cancelSentAt > PostgresSession.cancelGrace {
                var error = error(for: interruption.reason, serverError: nil)
                error.detail = "the server did not act on the cancel request; the connection was dropped"
                throw error
            }
            return
        }
        guard currentReason() != .none else { return }
        connection.cancel()
        cancelSentAt = now
    }

    private func currentReason() -> QueryInterruption.Reason {
        if interruption.reason == .none, let deadline, ContinuousClock.now >= deadline {
            interruption.interrupt(.timedOut)
        }
        return interruption.reason
    }

    private func error(for reason: QueryInterruption.Reason, serverError: ExecutorError?) -> ExecutorError {
        switch reason {
        case .timedOut:
            let limit = timeout.map { " of \($0)" } ?? ""
            return ExecutorError(
                code: .timeout,
                message: "query cancelled: the step's timeout\(limit) expired",
                detail: serverError?.message,
                serverCode: serverError?.serverCode
            )
        case .cancelled, .none:
            return ExecutorError(
                code: .cancelled,
                message: "query cancelled",
                detail: serverError?.message,
                serverCode: serverError?.serverCode
            )
        }
    }
}
