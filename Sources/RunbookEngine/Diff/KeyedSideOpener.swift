import RunbookCore

/// Opens one side of a keyed diff or sync as a ``KeyedSide``: SQL through a server-side cursor, Cypher through
/// the executor's stream.
///
/// Each side reads `batch` rows per FETCH / PULL, at most ``maximumFetch``: about six batches of each side are
/// alive at once (the current one, the prefetched one and the driver's buffers), so the fetch size is what bounds
/// the memory, and past a few thousand rows a larger one no longer makes the diff faster.
struct KeyedSideOpener {
    /// The most rows one FETCH / PULL asks for, whatever `batch` says.
    static let maximumFetch = 2000

    let runner: StepRunner
    let key: [String]
    /// The step's batch (a sync's candidates per verified batch); fetches use it up to ``maximumFetch``.
    let batch: Int
    let timeout: Duration?
    let context: EvaluationContext

    func open(
        _ side: QuerySide,
        name: String,
        cursor: String,
        slot: String?,
        budget: StallBudget? = nil
    ) async throws -> KeyedSide {
        let executor = try runner.pool.executor(for: side.on.value, slot: slot, context: context)
        let label = "\(name) (\(side.language.rawValue) on \(side.on.value))"
        let batches: any RowBatches
        switch side.language {
        case .sql:
            var params: [Value] = []
            for t in side.sqlParams { params.append(try runner.render { try t.render(in: context) }) }
            let reader = SQLCursorBatches(
                executor: executor,
                cursor: cursor,
                batch: min(batch, Self.maximumFetch),
                readOnly: runner.readOnly,
                timeout: budget.map { b in timeout.map { min($0, b.timeout) } ?? b.timeout } ?? timeout
            )
            do {
                try await reader.start(side.query.value, parameters: params)
            } catch let error as ExecutorError {
                await reader.close()
                throw StepFailure(error, at: label, redactor: runner.redactor)
            }
            batches = reader
        case .cypher:
            var params: [String: Value] = [:]
            for (n, t) in side.cypherParams { params[n] = try runner.render { try t.render(in: context) } }
            batches = StreamedBatches(
                executor: executor,
                query: ResolvedQuery(statements: [side.query.value], parameters: .named(params)),
                options: ExecutionOptions(readOnly: runner.readOnly, timeout: timeout),
                batchSize: min(batch, Self.maximumFetch)
            )
        }
        let keyed = KeyedSide(
            name: label,
            batches: batches,
            key: key,
            isSQL: side.language == .sql,
            redactor: runner.redactor
        )
        keyed.budget = budget
        return keyed
    }
}
