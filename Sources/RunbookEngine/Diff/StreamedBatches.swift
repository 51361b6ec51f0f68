import RunbookCore

/// Rows of an executor's ``QueryExecutor/stream(_:options:batchSize:_:)`` (Bolt: PULL n), pulled one batch at a
/// time: a producer task runs the query and hands each batch over a ``BatchChannel``.
final class StreamedBatches: RowBatches {
    private let channel = BatchChannel()
    private var task: Task<Void, Never>?

    /// Starts the query.
    init(executor: any QueryExecutor, query: ResolvedQuery, options: ExecutionOptions, batchSize: Int) {
        let channel = self.channel
        task = Task {
            do {
                try await executor.stream(query, options: options, batchSize: batchSize) { columns, rows in
                    try await channel.send(RowBatch(columns: columns, rows: rows))
                }
                await channel.finish(nil)
            } catch {
                await channel.finish(error)
            }
        }
    }

    func next(budget: StallBudget?) async throws -> RowBatch? { try await channel.receive(timeout: budget?.timeout) }

    func close() async {
        await channel.cancel()
        guard let task else { return }
        self.task = nil
        // A stream stuck on the server (a stalled sync gave up on it) is interrupted, not waited for.
        task.cancel()
        await task.value
    }
}
