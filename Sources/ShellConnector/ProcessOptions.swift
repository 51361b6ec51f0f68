/// Limits for one process run.
public struct ProcessOptions: Sendable, Hashable {
    /// Stop the process group after this long; `nil` waits indefinitely.
    public var timeout: Duration?
    /// How long processes get between `SIGTERM` and `SIGKILL` when stopped.
    public var gracePeriod: Duration
    /// Bytes kept per stream in the result; beyond it only the tail is kept.
    public var outputLimit: Int

    /// The default ``outputLimit``: 1 MiB.
    public static let defaultOutputLimit = 1 << 20

    /// Creates options.
    public init(timeout: Duration? = nil, gracePeriod: Duration = .seconds(5), outputLimit: Int = defaultOutputLimit) {
        self.timeout = timeout
        self.gracePeriod = gracePeriod
        self.outputLimit = max(0, outputLimit)
    }
}
