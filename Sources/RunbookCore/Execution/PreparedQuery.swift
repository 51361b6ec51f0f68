/// A query whose parameters an executor has converted to its own wire form ahead of time.
///
/// Made by ``QueryExecutor/prepare(_:)`` and run by ``QueryExecutor/execute(prepared:options:)``. A `transfer`
/// prepares the next batch while the current one is written, so the conversion of its rows is not on the
/// write path. Only the executor that prepared it knows what `converted` holds.
public struct PreparedQuery: Sendable {
    /// The statements; the parameters too when the executor did not convert them (empty when it did).
    public var query: ResolvedQuery
    /// The executor's form of the parameters, or nil.
    public var converted: (any Sendable)?

    /// Creates a prepared query.
    public init(_ query: ResolvedQuery, converted: (any Sendable)? = nil) {
        self.query = query
        self.converted = converted
    }
}

extension QueryExecutor {
    /// Keeps the query as it is (executors that convert parameters override this).
    public func prepare(_ query: ResolvedQuery) -> PreparedQuery { PreparedQuery(query) }

    /// Runs the query unchanged (executors that convert parameters override this).
    public func execute(prepared: PreparedQuery, options: ExecutionOptions) async throws -> QueryResult {
        try await execute(prepared.query, options: options)
    }
}
