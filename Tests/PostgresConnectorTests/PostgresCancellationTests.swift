import PostgresConnector
import RunbookCore
import Testing

@Suite(.enabled(if: PG.isAvailable, "needs RUNBOOK_PG_URL"))
struct PostgresCancellationTests {
    @Test func timeoutCancelsTheQueryOnTheServer() async throws {
        let executor = try PG.executor()
        let observer = try PG.executor()
        let marker = PG.marker("timeout")
        // Connect first, so that the timeout falls on the query rather than on a slow connect.
        _ = try await PG.run(executor, "SELECT 1")
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(
            await PG.error {
                try await PG.run(executor, "SELECT pg_sleep(60) /* \(marker) */", timeout: .milliseconds(300))
            }
        )
        let elapsed = clock.now - start
        print("pg_sleep(60) with a 300 ms timeout returned after \(elapsed)")
        #expect(error.code == .timeout)
        #expect(error.serverCode == "57014")
        #expect(try await PG.activeBackends(with: marker, using: observer).isEmpty)
        let again = try await PG.run(executor, "SELECT 2")
        #expect(again.scalar == .int(2))
        await executor.close()
        await observer.close()
    }

    @Test func taskCancellationCancelsTheQueryOnTheServer() async throws {
        let executor = try PG.executor()
        let observer = try PG.executor()
        let marker = PG.marker("cancel")
        let task = Task { try await PG.run(executor, "SELECT pg_sleep(60) /* \(marker) */") }
        try await waitUntilRunning(marker, observer: observer)
        let clock = ContinuousClock()
        let start = clock.now
        task.cancel()
        let error = await PG.error { try await task.value }
        print("pg_sleep(60) returned \(clock.now - start) after task cancellation")
        #expect(error?.code == .cancelled)
        #expect(try await PG.activeBackends(with: marker, using: observer).isEmpty)
        let again = try await PG.run(executor, "SELECT 3")
        #expect(again.scalar == .int(3))
        await executor.close()
        await observer.close()
    }

    @Test func terminatedBackendIsATransientFailureAndTheNextCallReconnects() async throws {
        let executor = try PG.executor()
        let observer = try PG.executor()
        let marker = PG.marker("terminate")
        let before = try await PG.run(executor, "SELECT pg_backend_pid()").scalar
        let task = Task { try await PG.run(executor, "SELECT pg_sleep(60) /* \(marker) */") }
        let pid = try await waitUntilRunning(marker, observer: observer)
        #expect(.int(pid) == before)
        let killed = try await PG.run(observer, "SELECT pg_terminate_backend($1)", [.int(pid)])
        #expect(killed.scalar == .bool(true))
        let error = try #require(await PG.error { try await task.value })
        #expect(error.isTransient)
        #expect(error.code == .connection)
        let after = try await PG.run(executor, "SELECT pg_backend_pid()").scalar
        #expect(after != before)
        #expect(try await PG.run(executor, "SELECT 4").scalar == .int(4))
        await executor.close()
        await observer.close()
    }

    @Test func connectionTerminatedWhileIdleReconnectsOnTheNextCall() async throws {
        let executor = try PG.executor()
        let observer = try PG.executor()
        let pid = try await PG.run(executor, "SELECT pg_backend_pid()").scalar
        _ = try await PG.run(observer, "SELECT pg_terminate_backend($1::int)", [pid])
        // Wait until the backend is gone so the executor's socket has seen the termination.
        for _ in 0..<100 {
            let alive = try await PG.run(observer, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int", [pid])
            if alive.scalar == .int(0) { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let next = try await PG.run(executor, "SELECT pg_backend_pid()").scalar
        #expect(next != pid)
        await executor.close()
        await observer.close()
    }

    @discardableResult
    private func waitUntilRunning(_ marker: String, observer: PostgresQueryExecutor) async throws -> Int64 {
        for _ in 0..<500 {
            if let pid = try await PG.activeBackends(with: marker, using: observer).first { return pid }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw ExecutorError(code: .server, message: "the query with \(marker) never started")
    }
}

extension PostgresCancellationTests {
    /// A set-returning function in the select list streams rows (no materialization), so rows keep arriving
    /// while the timeout expires.
    @Test func timeoutStopsAResultThatIsStillStreaming() async throws {
        let executor = try PG.executor()
        let error = await PG.error {
            try await PG.run(
                executor,
                "SELECT generate_series(1, 2000000000) AS n",
                timeout: .milliseconds(300),
                maximumRows: 10
            )
        }
        #expect(error?.code == .timeout)
        #expect(try await PG.run(executor, "SELECT 5").scalar == .int(5))
        await executor.close()
    }
}

extension PostgresCancellationTests {
    @Test func closeFromACancelledTaskStillClosesTheSession() async throws {
        let executor = try PG.executor()
        let observer = try PG.executor()
        let pid = try await PG.run(executor, "SELECT pg_backend_pid()").scalar
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await executor.close()
        }
        await task.value
        var remaining = Value.int(1)
        for _ in 0..<200 {
            remaining = try await PG.run(observer, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int", [pid])
                .scalar
            if remaining == .int(0) { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(remaining == .int(0))
        await observer.close()
    }
}
