import RunbookCore

/// One batch of rows from a streamed query, with the query's column names.
struct RowBatch: Sendable {
    var columns: [String]
    var rows: [[Value]]
}

/// A query's rows, read one batch at a time (nil at the end); used by one task.
protocol RowBatches: AnyObject {
    /// The next batch, or nil when the query has no more rows; with a `budget`, waiting for it gets what is left
    /// of the budget (a timeout past it is an `ExecutorError` with code `.timeout`).
    func next(budget: StallBudget?) async throws -> RowBatch?
    /// Stops reading and releases the query; safe to call more than once and after the end.
    func close() async
}
