import RunbookCore

/// Rows of a SQL query through one server-side cursor in a read-only transaction, one `FETCH` per batch; the next
/// batch is fetched while the caller works on the current one.
///
/// The cursor sees one snapshot (the transaction's start) and is planned for reading every row
/// (`cursor_tuple_fraction = 1`).
final class SQLCursorBatches: RowBatches {
    private let executor: any QueryExecutor
    private let name: String
    private let batch: Int
    private let options: ExecutionOptions
    private var pending: Task<QueryResult, any Error>?
    private var exhausted = false
    private var open = false

    /// Creates the reader; ``start(_:parameters:)`` declares the cursor.
    init(executor: any QueryExecutor, cursor name: String, batch: Int, readOnly: Bool, timeout: Duration?) {
        self.executor = executor
        self.name = name
        self.batch = max(batch, 1)
        self.options = ExecutionOptions(readOnly: readOnly, timeout: timeout, maximumRows: max(batch, 1))
    }

    /// Begins the read-only transaction and declares the cursor over `query` (its order is the caller's).
    func start(_ query: String, parameters: [Value]) async throws {
        _ = try await executor.execute(
            ResolvedQuery(statements: ["BEGIN READ ONLY", "SET LOCAL cursor_tuple_fraction = 1"]),
            options: options
        )
        open = true
        _ = try await executor.execute(
            ResolvedQuery(
                statements: ["DECLARE \(name) NO SCROLL CURSOR FOR \(query)"],
                parameters: .positional(parameters)
            ),
            options: options
        )
    }

    func next(budget: StallBudget?) async throws -> RowBatch? {
        guard !exhausted else { return nil }
        let fetch = pending ?? self.fetch(timeout: budget?.timeout)
        pending = nil
        let result = try await fetch.value
        if result.rows.count < batch {
            exhausted = true
        } else {
            // Issued as a batch arrives, i.e. at a moment of progress: the whole budget.
            pending = self.fetch(timeout: budget?.fresh)
        }
        return result.rows.isEmpty ? nil : RowBatch(columns: result.columns, rows: result.rows)
    }

    private func fetch(timeout: Duration?) -> Task<QueryResult, any Error> {
        let executor = self.executor
        let query = ResolvedQuery(statements: ["FETCH FORWARD \(batch) FROM \(name)"])
        var options = self.options
        if let timeout { options.timeout = options.timeout.map { min($0, timeout) } ?? timeout }
        return Task { try await executor.execute(query, options: options) }
    }

    func close() async {
        if let pending {
            self.pending = nil
            pending.cancel()
            _ = try? await pending.value
        }
        guard open else { return }
        open = false
        var quiet = options
        quiet.maximumRows = 0
        _ = try? await executor.execute(ResolvedQuery(statements: ["ROLLBACK"]), options: quiet)
    }
}
