/// Where `abort_if` asks its query: a Prometheus server in a run, a scripted answer list in a test.
public protocol AlarmSource: Sendable {
    /// Evaluates `query` now on the server at `prometheus` (its base URL).
    func query(prometheus: String, query: String) async throws -> AlarmAnswer
}

/// What an alarm query answered.
public struct AlarmAnswer: Sendable, Equatable {
    /// How many series (or a non-zero scalar: 1) the answer holds; any means abort.
    public var series: Int
    /// The answer as JSON text (Prometheus's `data.result`), for the journal.
    public var text: String

    /// Creates an answer.
    public init(series: Int, text: String) {
        self.series = series
        self.text = text
    }
}
