import NIOPosix
import PostgresLibPQ
import RunbookCore
import Synchronization

/// One libpq connection to PostgreSQL, opened on first use and reopened when lost.
///
/// The DSN (a `postgresql://` URI or a `key=value` conninfo string) goes to libpq untouched, so PG* environment
/// variables, `.pgpass`, `pg_service.conf` and every `sslmode` behave as in `psql`. `connect_timeout` defaults
/// to 10 seconds. Every libpq call runs on a `NIOThreadPool` thread, never on the cooperative pool; calls are
/// serialized (one query at a time per connection).
public final class PostgresConnection: Sendable, CustomStringConvertible {
    /// The DSN without its password: safe for messages and plans.
    public let description: String
    private let threadPool: NIOThreadPool
    private let session: Mutex<PostgresSession>

    /// Creates a connection; nothing is opened until the first call.
    ///
    /// - Parameters:
    ///   - dsn: A libpq connection URI or conninfo string (may contain a password; never shown).
    ///   - threadPool: Where blocking libpq calls run.
    public init(dsn: String, threadPool: NIOThreadPool = PostgresThreadPool.shared) {
        let description = PostgresDSN.describe(dsn)
        self.description = description
        self.threadPool = threadPool
        self.session = Mutex(PostgresSession(dsn: dsn, description: description))
    }

    /// Runs statements and returns the last one's result.
    ///
    /// With `transaction`, the statements run between `BEGIN` and `COMMIT` and any failure rolls back; without
    /// it, each commits on its own and the first failure stops the rest. With `readOnly` the session is set to
    /// `default_transaction_read_only = on`; without it, to whatever the connection started with (`RESET`), so a
    /// DSN that asks for read-only sessions stays read-only. On timeout or task cancellation the query is
    /// cancelled on the server before this returns.
    ///
    /// - Parameters:
    ///   - statements: SQL statements, one per string.
    ///   - parameters: Values for `$1`, `$2`, … (bound server-side, text format), applied to each statement.
    ///   - transaction: Run all statements in one transaction.
    ///   - readOnly: Run in a read-only session.
    ///   - timeout: Cancel the query after this long.
    ///   - maximumRows: Keep at most this many rows (the rest are counted).
    /// - Returns: Columns, rows kept, row count and the command tag of the last statement.
    /// - Throws: `ExecutorError`.
    public func execute(
        _ statements: [String],
        parameters: [Value] = [],
        transaction: Bool = false,
        readOnly: Bool = false,
        timeout: Duration? = nil,
        maximumRows: Int = 10_000
    ) async throws(ExecutorError) -> QueryResult {
        let request = PostgresRequest(
            statements: statements,
            parameters: parameters,
            transaction: transaction,
            readOnly: readOnly,
            maximumRows: maximumRows,
            timeout: timeout,
            deadline: timeout.map { ContinuousClock.now.advanced(by: $0) }
        )
        return try await onThreadPool { session, interruption throws(ExecutorError) in
            try session.run(request, interruption: interruption)
        }
    }

    /// Closes the connection; the next call reconnects.
    ///
    /// Closing is not cancellable: it also runs when the calling task was cancelled (teardown after Ctrl-C).
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            threadPool.submit { _ in
                self.session.withLock { $0.disconnect() }
                continuation.resume()
            }
        }
    }

    private func onThreadPool<T: Sendable>(
        _ body: @escaping @Sendable (PostgresSession, QueryInterruption) throws(ExecutorError) -> T
    ) async throws(ExecutorError) -> T {
        let interruption = QueryInterruption()
        if Task.isCancelled { throw ExecutorError(code: .cancelled, message: "query cancelled before it started") }
        do {
            return try await withTaskCancellationHandler {
                try await threadPool.runIfActive {
                    try self.session.withLock { session throws(ExecutorError) in try body(session, interruption) }
                }
            } onCancel: {
                interruption.interrupt(.cancelled)
            }
        } catch let error as ExecutorError {
            throw error
        } catch is CancellationError {
            throw ExecutorError(code: .cancelled, message: "query cancelled before it started")
        } catch {
            throw ExecutorError(code: .connection, message: "the PostgreSQL thread pool is not running: \(error)")
        }
    }
}
