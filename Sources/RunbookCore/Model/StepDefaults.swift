/// Runbook-level `defaults:` for every step, and the built-in limits that apply when neither the step nor
/// the runbook gives one, so that no step waits without end.
public struct StepDefaults: Sendable, Hashable {
    /// `defaults.timeout`: the timeout of every step without its own (not gates and waits, which have theirs).
    public var timeout: DurationSpec?
    /// `defaults.retry`: the retry policy of every step without its own (not gates).
    public var retry: RetryPolicy?

    /// Creates defaults.
    public init(timeout: DurationSpec? = nil, retry: RetryPolicy? = nil) {
        self.timeout = timeout
        self.retry = retry
    }

    /// The built-in timeout of `sql`, `cypher`, `compare` and `http` steps: 10 minutes.
    public static let queryTimeout = DurationSpec(seconds: 600)
    /// The built-in `stall:` of a `transfer`: 2 minutes without a committed batch.
    public static let transferStall = DurationSpec(seconds: 120)
    /// The built-in `stall:` of a `sync`: 2 minutes without a batch read or written.
    public static let syncStall = DurationSpec(seconds: 120)

    /// The timeout a step of this kind gets when neither it nor the runbook sets one (nil: none).
    public static func builtInTimeout(for body: StepBody) -> DurationSpec? {
        switch body {
        case .sql, .cypher, .compare, .http: return queryTimeout
        case .shell, .kubectl, .gate, .wait, .transfer, .sync: return nil
        }
    }

    /// Whether `defaults.timeout` applies to a step of this kind.
    public static func takesTimeout(_ body: StepBody) -> Bool {
        switch body {
        case .gate, .wait: return false
        case .sql, .cypher, .compare, .shell, .kubectl, .transfer, .sync, .http: return true
        }
    }
}
