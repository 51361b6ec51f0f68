/// Runs queries on one named database connection.
///
/// Implemented by the PostgreSQL and Neo4j connectors.
///
/// The engine renders every template before calling, so an executor sees only final query text and bound
/// parameter values; it never splices values into text. One executor instance serves one connection for a run
/// and may reconnect when the connection is lost.
public protocol QueryExecutor: Sendable {
    /// Runs a query (or several statements) and returns its complete result.
    ///
    /// - Parameters:
    ///   - query: Statements and their parameters.
    ///   - options: Read-only mode and timeout.
    /// - Returns: Columns, rows (capped by `options.maximumRows`), counters.
    /// - Throws: `ExecutorError`; cancellation of the calling task must cancel the query on the server.
    func execute(_ query: ResolvedQuery, options: ExecutionOptions) async throws -> QueryResult

    /// Converts the query's parameters to the executor's wire form, ahead of ``execute(prepared:options:)``.
    ///
    /// Safe to call concurrently with a running query; does no I/O. The default keeps the query as it is.
    func prepare(_ query: ResolvedQuery) -> PreparedQuery

    /// Runs a query made by this executor's ``prepare(_:)``; same contract as ``execute(_:options:)``.
    func execute(prepared: PreparedQuery, options: ExecutionOptions) async throws -> QueryResult

    /// Runs one read query and hands its rows to `body` in batches of at most `batchSize`, as they arrive.
    ///
    /// An executor that can stream keeps memory bounded by the batch (Bolt: PULL `batchSize` at a time, the next
    /// PULL only after `body` returned). The default runs ``execute(_:options:)`` with no row cap and hands the
    /// result over in slices. If `body` throws, the query is abandoned and the error rethrown.
    func stream(
        _ query: ResolvedQuery,
        options: ExecutionOptions,
        batchSize: Int,
        _ body: @Sendable (_ columns: [String], _ rows: [[Value]]) async throws -> Void
    ) async throws

    /// Closes the connection. Safe to call more than once.
    func close() async
}

extension QueryExecutor {
    /// Runs the whole query, then hands its rows over in slices of `batchSize` (memory holds the whole result).
    public func stream(
        _ query: ResolvedQuery,
        options: ExecutionOptions,
        batchSize: Int,
        _ body: @Sendable (_ columns: [String], _ rows: [[Value]]) async throws -> Void
    ) async throws {
        var all = options
        all.maximumRows = Int.max
        let result = try await execute(query, options: all)
        var start = 0
        repeat {
            let end = min(start + max(batchSize, 1), result.rows.count)
            try await body(result.columns, Array(result.rows[start..<end]))
            start = end
        } while start < result.rows.count
    }
}

/// Statements with bound parameters.
public struct ResolvedQuery: Sendable, Hashable {
    /// How parameters are passed.
    public enum Parameters: Sendable, Hashable {
        /// SQL `$1`, `$2`, …
        case positional([Value])
        /// Cypher `$name`.
        case named([String: Value])
    }

    /// One statement, or several (`statements:`).
    public var statements: [String]
    /// Bound parameters (apply to a single statement).
    public var parameters: Parameters
    /// Run the statements in one transaction.
    public var transaction: Bool

    /// Creates a query.
    public init(statements: [String], parameters: Parameters = .positional([]), transaction: Bool = false) {
        self.statements = statements
        self.parameters = parameters
        self.transaction = transaction
    }
}

/// How a query runs.
public struct ExecutionOptions: Sendable, Hashable {
    /// Open the session read-only (`plan --check`): PostgreSQL `default_transaction_read_only`, Bolt READ mode.
    public var readOnly: Bool
    /// Cancel the query on the server after this long.
    public var timeout: Duration?
    /// Keep at most this many rows in the result (the rest are counted, not kept).
    public var maximumRows: Int

    /// Creates options.
    public init(readOnly: Bool = false, timeout: Duration? = nil, maximumRows: Int = 10_000) {
        self.readOnly = readOnly
        self.timeout = timeout
        self.maximumRows = maximumRows
    }
}

/// A query's result.
public struct QueryResult: Sendable, Hashable {
    /// Column names of the (last) statement.
    public var columns: [String]
    /// Rows kept (at most `maximumRows`).
    public var rows: [[Value]]
    /// Total rows returned or affected.
    public var rowCount: Int
    /// Server counters: PostgreSQL command tag as `command`; Neo4j `nodes_created`, `relationships_created`, etc.
    public var counters: [String: Value]

    /// Creates a result.
    public init(columns: [String], rows: [[Value]], rowCount: Int? = nil, counters: [String: Value] = [:]) {
        self.columns = columns
        self.rows = rows
        self.rowCount = rowCount ?? rows.count
        self.counters = counters
    }

    /// The first column of the first row, or null.
    public var scalar: Value { rows.first?.first ?? .null }

    /// The first row by column name.
    public var firstRow: [String: Value] {
        guard let row = rows.first else { return [:] }
        var out: [String: Value] = [:]
        for (name, value) in zip(columns, row) { out[name] = value }
        return out
    }
}
