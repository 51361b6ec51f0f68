import NIOPosix
import PostgresLibPQ
import RunbookCore

/// Runs `sql` steps on one named PostgreSQL connection for a run.
///
/// Keeps one `PostgresConnection`, reconnecting when it is lost. `ExecutionOptions.readOnly` sets the session's
/// `default_transaction_read_only` for each call (switching with `SET` when a call asks differently).
public final class PostgresQueryExecutor: QueryExecutor {
    /// The runbook's name for the connection.
    public let name: String
    /// The underlying connection.
    public let connection: PostgresConnection

    /// Creates an executor for a `.postgres(dsn:)` connection; connects on the first query.
    ///
    /// - Parameters:
    ///   - resolved: The connection with its DSN rendered.
    ///   - threadPool: Where blocking libpq calls run.
    /// - Throws: `ExecutorError` with code `.configuration` if the connection is not a PostgreSQL one.
    public init(
        _ resolved: ResolvedConnection,
        threadPool: NIOThreadPool = PostgresThreadPool.shared
    ) throws(ExecutorError) {
        guard case .postgres(let dsn) = resolved.kind else {
            throw ExecutorError(code: .configuration, message: "\(resolved) is not a PostgreSQL connection")
        }
        self.name = resolved.name
        self.connection = PostgresConnection(dsn: dsn, threadPool: threadPool)
    }

    /// Runs the query's statements with its positional parameters.
    ///
    /// - Parameters:
    ///   - query: Statements, `$n` parameters and whether they form one transaction.
    ///   - options: Read-only session, timeout, maximum rows kept.
    /// - Returns: The last statement's columns and rows; counters `command` (the tag, e.g. `INSERT 0 3`) and
    ///   `rows_affected`.
    /// - Throws: `ExecutorError`.
    public func execute(_ query: ResolvedQuery, options: ExecutionOptions) async throws -> QueryResult {
        let parameters: [Value]
        switch query.parameters {
        case .positional(let values): parameters = values
        case .named(let values) where values.isEmpty: parameters = []
        case .named:
            throw ExecutorError(code: .configuration, message: "PostgreSQL takes positional parameters ($1, $2, …)")
        }
        if query.statements.isEmpty {
            throw ExecutorError(code: .configuration, message: "no SQL statement to run on \(name)")
        }
        return try await connection.execute(
            query.statements,
            parameters: parameters,
            transaction: query.transaction,
            readOnly: options.readOnly,
            timeout: options.timeout,
            maximumRows: options.maximumRows
        )
    }

    /// Closes the connection.
    ///
    /// Safe to call more than once.
    public func close() async {
        await connection.close()
    }
}
