import RunbookCore

/// What one call runs: statements, their positional parameters, and how.
struct PostgresRequest: Sendable {
    var statements: [String]
    var parameters: [Value]
    var transaction: Bool
    var readOnly: Bool
    var maximumRows: Int
    var timeout: Duration?
    /// When the timeout expires, counted from the call (time spent waiting for the connection counts).
    var deadline: ContinuousClock.Instant?
}
