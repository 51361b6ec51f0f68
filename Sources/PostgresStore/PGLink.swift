import Foundation
import PostgresLibPQ

/// A PostgreSQL connection that reconnects: serializes access, and retries work lost with the connection, with
/// backoff, until a deadline.
final class PGLink: @unchecked Sendable {
    private let location: PostgresLocation
    private let lock = NSLock()
    private var connection: PGConnection?
    /// How long to keep retrying work whose connection was lost.
    let retrySeconds: Double

    /// Creates a link; `connect()` opens it.
    init(location: PostgresLocation, retrySeconds: Double) {
        self.location = location
        self.retrySeconds = retrySeconds
    }

    private func open() throws(PGError) -> PGConnection {
        if let connection, connection.isOK { return connection }
        connection = nil
        let c = try PGConnection(conninfo: location.conninfo, connectTimeout: 5)
        if let schema = location.schema {
            try c.exec("SELECT set_config('search_path', $1, false)", [.text(Self.quoteIdentifier(schema))])
        }
        connection = c
        return c
    }

    /// Runs `body` on the connection once (no retry), on the calling thread.
    ///
    /// Blocks that thread while libpq waits on the server: only for a thread of its own (the lease heartbeat) or a
    /// thread of `PostgresThreadPool`; tasks use `onPool` or `retrying`.
    func once<T>(_ body: (PGConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let c = try open()
        do {
            return try body(c)
        } catch let error as PGError {
            if error.connectionLost { connection = nil }
            throw error
        }
    }

    /// Runs `body` once (no retry) on the PostgreSQL thread pool; the caller's task waits suspended.
    ///
    /// The statement runs even when the caller's task is cancelled (the pool skips work submitted by a cancelled
    /// task, so it is submitted from a task of its own): a run stopped by Ctrl-C still journals its interruption,
    /// seals and gives its lease back, as it did when these calls blocked.
    func onPool<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        try await Task { try await PostgresThreadPool.shared.runIfActive { [self] in try once(body) } }.value
    }

    /// Runs `body`, reconnecting and running it again while the connection is lost.
    ///
    /// Every attempt runs on the PostgreSQL thread pool, and the pause between attempts suspends the task instead
    /// of blocking a thread. Retries (with `retry: true`) for up to `retrySeconds`; errors other than a lost
    /// connection are thrown at once. Like the statements, the pauses ignore a cancellation of the caller's task
    /// (a cancelled sleep would return at once and the loop would spin): a write after Ctrl-C waits for the database
    /// within the same window.
    func retrying<T: Sendable>(
        _ body: @escaping @Sendable (PGConnection, _ retry: Bool) throws -> T
    ) async throws
        -> T
    {
        var retry = Retry(link: self)
        while true {
            do {
                let isRetry = retry.attempt > 0
                return try await onPool { c in try body(c, isRetry) }
            } catch let error as PGError {
                guard let pause = retry.pause(after: error) else { throw error }
                await Task { try? await Task.sleep(nanoseconds: UInt64(pause * 1e9)) }.value
            }
        }
    }

    /// The schedule of one retried call: its deadline, the attempts so far, and the pause doubling up to 2 s.
    private struct Retry {
        let link: PGLink
        let deadline: Date
        var delay = 0.1
        var attempt = 0

        init(link: PGLink) {
            self.link = link
            deadline = Date().addingTimeInterval(link.retrySeconds)
        }

        /// The pause before the next attempt after `error`, or nil when `error` is to be thrown (the connection
        /// was not lost, or the deadline passed); the first lost connection is reported on standard error.
        mutating func pause(after error: PGError) -> Double? {
            guard error.connectionLost, Date() < deadline else { return nil }
            attempt += 1
            if attempt == 1 {
                FileHandle.standardError.write(
                    Data(
                        "warning: lost the connection to PostgreSQL (\(error.message)); retrying for up to \(Int(link.retrySeconds)) s\n"
                            .utf8
                    )
                )
            }
            defer { delay = min(delay * 2, 2) }
            return min(delay, max(0, deadline.timeIntervalSinceNow))
        }
    }

    /// `"name"` with embedded quotes doubled (an identifier, for `search_path` and `CREATE SCHEMA`).
    static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
