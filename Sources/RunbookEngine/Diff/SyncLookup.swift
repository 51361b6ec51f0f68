import RunbookCore

/// The keyed re-read of a sync's candidates from the source, on its own session so that it sees the source
/// now rather than the diff's snapshot: `SELECT * FROM (source query) WHERE (k1, k2) IN (($n, $m), …)`, the key
/// values bound as parameters (the server infers their types from the key columns).
struct SyncLookup {
    /// The rows found, by key (``KeyOrder/display(_:)``), and the source's column layout.
    struct Found {
        var rows: [Value: [Value]] = [:]
        var layout: KeyedRowLayout?
    }

    let executor: any QueryExecutor
    let query: String
    let params: [Value]
    let key: [String]
    let options: ExecutionOptions
    let redactor: Redactor

    init(runner: StepRunner, action a: SyncAction, timeout: Duration?, context: EvaluationContext) throws {
        executor = try runner.pool.executor(for: a.from.on.value, slot: "sync.verify", context: context)
        query = a.from.query.value
        var params: [Value] = []
        for t in a.from.sqlParams { params.append(try runner.render { try t.render(in: context) }) }
        self.params = params
        key = a.key.map(\.value)
        options = ExecutionOptions(readOnly: runner.readOnly, timeout: timeout, maximumRows: Int.max)
        redactor = runner.redactor
    }

    /// The source's current rows for `keys` (absent keys are missing from the result); each query gets what is
    /// left of `budget`, when there is one.
    func rows(for keys: [[Value]], budget: StallBudget? = nil) async throws -> Found {
        var found = Found()
        // Stay well under PostgreSQL's 65,535 parameters per statement.
        let perQuery = max(1, 30_000 / max(key.count, 1))
        var start = 0
        while start < keys.count {
            let chunk = keys[start..<min(start + perQuery, keys.count)].filter { !$0.contains(.null) }
            start += perQuery
            guard !chunk.isEmpty else { continue }
            let result = try await run(chunk, timeout: budget?.timeout)
            if found.layout == nil, !result.columns.isEmpty {
                do {
                    found.layout = try KeyedRowLayout(columns: result.columns, key: key, side: "source")
                } catch {
                    throw StepFailure(redactor.redact(error.message))
                }
            }
            guard let layout = found.layout else { continue }
            for row in result.rows { found.rows[KeyOrder.display(layout.key(of: row))] = row }
        }
        return found
    }

    private func run(_ chunk: [[Value]], timeout: Duration?) async throws -> QueryResult {
        let quoted = key.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var all = params
        var tuples: [String] = []
        tuples.reserveCapacity(chunk.count)
        for k in chunk {
            var placeholders: [String] = []
            for part in k {
                all.append(part)
                placeholders.append("$\(all.count)")
            }
            tuples.append(placeholders.count == 1 ? placeholders[0] : "(" + placeholders.joined(separator: ", ") + ")")
        }
        let column = quoted.count == 1 ? quoted[0] : "(" + quoted.joined(separator: ", ") + ")"
        let sql =
            "SELECT * FROM (\(query)) AS runbook_sync_lookup WHERE \(column) IN (\(tuples.joined(separator: ", ")))"
        var options = self.options
        if let timeout { options.timeout = options.timeout.map { min($0, timeout) } ?? timeout }
        do {
            return try await executor.execute(
                ResolvedQuery(statements: [sql], parameters: .positional(all)),
                options: options
            )
        } catch let error as ExecutorError {
            throw StepFailure(error, at: "source lookup", redactor: redactor)
        }
    }
}
