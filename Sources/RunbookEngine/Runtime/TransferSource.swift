import RunbookCore

/// The PostgreSQL side of a `transfer`: the source query read through a server-side cursor, one batch per `FETCH`.
///
/// The query runs once, ordered by the key and continuing after the resume key, inside a read-only transaction
/// (`cursor_tuple_fraction = 1`: planned for reading every row). Separate keyset queries (`WHERE key > $last
/// ORDER BY key LIMIT n`) would re-plan and, for a join, re-join the whole remaining range for every page.
/// Memory holds one fetched batch. Sendable so that the next batch can be fetched in a child task while the
/// current one is written: it holds the connections' executors and nothing of the step runner. Each batch's rows
/// are converted for the graph executor here too, off the write path.
struct TransferSource: Sendable {
    /// One batch, ready to write: the Cypher write with its rows bound to `$rows` (already in the graph
    /// executor's wire form), how many rows, and the key of the last one.
    struct Page: Sendable {
        var write: PreparedQuery?
        var count: Int
        var lastKey: Value?

        static let empty = Page(write: nil, count: 0, lastKey: nil)
    }

    static let cursor = "runbook_transfer_cursor"

    let executor: any QueryExecutor
    let query: String
    let params: [Value]
    /// The key columns (one, or several for a composite key).
    let key: [String]
    let batch: Int
    let readOnly: Bool
    let redactor: Redactor
    /// The graph connection's executor, which converts each batch's rows for the write (`prepare`).
    let sink: any QueryExecutor
    /// The Cypher write and its other parameters (`$rows` is added per batch).
    let write: String
    let writeParams: [String: Value]

    /// Opens the cursor over the rows after `after` (all rows when nil), ordered by the key columns; a composite
    /// key resumes with a row-value comparison, `(a, b) > ($n, $m)`.
    func open(after: Value?) async throws {
        let quoted = key.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var all = params
        var sql = "DECLARE \(Self.cursor) NO SCROLL CURSOR FOR SELECT * FROM (\(query)) AS runbook_transfer_source"
        if let after {
            let parts = try Self.keyParts(after, columns: key.count)
            var placeholders: [String] = []
            for part in parts {
                all.append(part)
                placeholders.append("$\(all.count)")
            }
            sql +=
                quoted.count == 1
                ? " WHERE \(quoted[0]) > \(placeholders[0])"
                : " WHERE (\(quoted.joined(separator: ", "))) > (\(placeholders.joined(separator: ", ")))"
        }
        sql += " ORDER BY \(quoted.joined(separator: ", "))"
        _ = try await run(ResolvedQuery(statements: ["BEGIN READ ONLY", "SET LOCAL cursor_tuple_fraction = 1"]))
        _ = try await run(ResolvedQuery(statements: [sql], parameters: .positional(all)))
    }

    /// A checkpoint's `last_key` as one value per key column: the value itself for a single key (also what
    /// checkpoints journaled before composite keys hold), a list for a composite key.
    static func keyParts(_ last: Value, columns: Int) throws -> [Value] {
        if columns == 1 { return [last] }
        guard case .list(let parts) = last, parts.count == columns else {
            throw StepFailure(
                "transfer checkpoint key \(last.text) does not match the \(columns)-column key: cannot resume after it"
            )
        }
        return parts
    }

    /// The next batch (empty at the end), fetched and prepared for the write; the `FETCH` gets `timeout`.
    func next(timeout: Duration? = nil) async throws -> Page {
        let result = try await run(
            ResolvedQuery(statements: ["FETCH FORWARD \(batch) FROM \(Self.cursor)"]),
            maximumRows: batch,
            timeout: timeout
        )
        var keyIndices: [Int] = []
        for column in key {
            guard let index = result.columns.firstIndex(of: column) else {
                throw StepFailure(
                    "transfer key '\(column)' is not a column of the source query "
                        + "(columns: \(result.columns.joined(separator: ", ")))"
                )
            }
            keyIndices.append(index)
        }
        let columns = result.columns
        var rows: [Value] = []
        rows.reserveCapacity(result.rows.count)
        for row in result.rows {
            var pairs: [(key: String, value: Value)] = []
            pairs.reserveCapacity(columns.count)
            for (column, value) in zip(columns, row) { pairs.append((key: column, value: value)) }
            rows.append(.map(pairs))
        }
        guard let last = result.rows.last else { return .empty }
        var params = writeParams
        params["rows"] = .list(rows)
        let write = sink.prepare(ResolvedQuery(statements: [self.write], parameters: .named(params)))
        let lastKey = keyIndices.count == 1 ? last[keyIndices[0]] : .list(keyIndices.map { last[$0] })
        return Page(write: write, count: rows.count, lastKey: lastKey)
    }

    /// Writes one batch on the graph connection; executor errors become step failures (redacted).
    func write(_ query: PreparedQuery, timeout: Duration?) async throws {
        do {
            _ = try await sink.execute(prepared: query, options: ExecutionOptions(readOnly: readOnly, timeout: timeout))
        } catch let error as ExecutorError {
            var failure = StepFailure(redactor.redact(error.message), detail: error.detail.map { redactor.redact($0) })
            failure.timedOut = error.code == .timeout
            throw failure
        }
    }

    /// Ends the read transaction (and the cursor); also when the calling task was cancelled.
    ///
    /// Never throws: a lost connection has no transaction left.
    func close() async {
        let executor = self.executor
        let readOnly = self.readOnly
        await Task {
            _ = try? await executor.execute(
                ResolvedQuery(statements: ["ROLLBACK"]),
                options: ExecutionOptions(readOnly: readOnly, maximumRows: 0)
            )
        }.value
    }

    /// The number of rows to move, from the transfer's `count:` query (nil when it returns no number).
    ///
    /// The query gets the source query's parameters up to the highest `$n` it mentions.
    func count(_ sql: String) async throws -> Int? {
        let used = Array(params.prefix(Self.highestPlaceholder(in: sql)))
        let result = try await run(ResolvedQuery(statements: [sql], parameters: .positional(used)), maximumRows: 1)
        return result.scalar.numeric.map { Int($0) }
    }

    /// The highest `$n` in a SQL text (0 when none).
    static func highestPlaceholder(in sql: String) -> Int {
        var highest = 0
        var digits: Int?
        for c in sql.unicodeScalars + [" "] {
            if let d = digits, (48...57).contains(c.value) {
                digits = min(d * 10 + Int(c.value - 48), 100_000)
                continue
            }
            if let d = digits { highest = max(highest, d) }
            digits = c == "$" ? 0 : nil
        }
        return highest
    }

    private func run(_ query: ResolvedQuery, maximumRows: Int = 0, timeout: Duration? = nil) async throws -> QueryResult
    {
        do {
            let options = ExecutionOptions(readOnly: readOnly, timeout: timeout, maximumRows: maximumRows)
            return try await executor.execute(query, options: options)
        } catch let error as ExecutorError {
            var failure = StepFailure(redactor.redact(error.message), detail: error.detail.map { redactor.redact($0) })
            failure.timedOut = error.code == .timeout
            throw failure
        }
    }
}
