import NIOCore

extension BoltConnection {
    /// Runs `body` as the connection's only request, with an optional timeout and task cancellation.
    ///
    /// The timeout fires on the event loop: it sends RESET (counted as outstanding) so the server stops
    /// the query; `body` then sees FAILURE/IGNORED or finishes, and the RESET's SUCCESS is drained here.
    /// Cancelling the task sends RESET and closes the connection.
    func exclusive<R>(timeout: Duration?, _ body: () async throws -> R) async throws -> R {
        let generation = try state.withLock { s in
            guard !s.closed, channel.isActive else {
                throw BoltError(.connection, "the connection is closed", mayHaveReachedServer: false)
            }
            guard !s.busy else {
                throw BoltError(.misuse, "a request is already in flight on this connection (one at a time)")
            }
            s.busy = true
            s.generation += 1
            s.timer = timeout == nil ? .idle : .armed(generation: s.generation)
            return s.generation
        }
        defer { state.withLock { $0.busy = false } }
        if let timeout {
            channel.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) { [self] in
                timerFired(generation: generation)
            }
        }
        do {
            let result = try await withTaskCancellationHandler {
                try await body()
            } onCancel: {
                cancelFromTask()
            }
            if disarm() { try await drain() }
            return result
        } catch {
            let fired = disarm()
            if Task.isCancelled {
                await abandon()
                throw BoltError(.cancelled, "the query was cancelled")
            }
            if fired {
                do {
                    try await drain()
                } catch {
                    await abandon()
                }
                state.withLock { $0.inTransaction = false }
                throw BoltError(.timeout, "the query did not finish within \(timeout.map { "\($0)" } ?? "its timeout")")
            }
            throw error
        }
    }

    /// Event loop: the timeout passed; RESET the server unless the request already finished.
    private func timerFired(generation: Int) {
        let fire = state.withLock { s in
            guard s.timer == .armed(generation: generation) else { return false }
            s.timer = .fired(generation: generation)
            s.outstanding += 1
            return true
        }
        guard fire else { return }
        channel.writeAndFlush(BoltRequest.reset, promise: nil)
        // A server that does not answer RESET within the grace period loses the connection.
        channel.eventLoop.scheduleTask(in: .seconds(10)) { [self] in
            let stuck = state.withLock { $0.timer == .fired(generation: generation) && $0.busy }
            if stuck { channel.close(promise: nil) }
        }
    }

    /// Ends the timer phase; returns whether it fired (so a RESET's SUCCESS is still to be read).
    private func disarm() -> Bool {
        state.withLock { s in
            defer { s.timer = .idle }
            return s.timerFired
        }
    }

    /// Task cancelled: RESET and close; the waiting read then fails.
    private func cancelFromTask() {
        state.withLock { $0.closed = true }
        channel.writeAndFlush(BoltRequest.reset).whenComplete { [channel] _ in channel.close(promise: nil) }
    }
}

extension Duration {
    /// Whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (ns, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : ns &+ attoseconds / 1_000_000_000
    }
}
