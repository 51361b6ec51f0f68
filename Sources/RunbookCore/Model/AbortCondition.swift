/// `abort_if:` — a Prometheus query polled while the steps of its scope (the runbook or one phase) run; a
/// non-empty answer cancels the running step, which fails with the answer as its reason.
public struct AbortCondition: Sendable {
    /// The Prometheus server's base URL (`http://prometheus:9090`; templates allowed).
    public var prometheus: Template
    /// The PromQL expression (an alert's expression: any series in the answer means abort).
    public var query: Template
    /// How often it is asked (default 30s).
    public var every: DurationSpec
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a condition.
    public init(prometheus: Template, query: Template, every: DurationSpec, location: SourceLocation) {
        self.prometheus = prometheus
        self.query = query
        self.every = every
        self.location = location
    }
}
