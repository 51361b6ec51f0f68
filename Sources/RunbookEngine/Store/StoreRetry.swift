import Foundation

/// How long a store keeps retrying a journal write that failed for a reason that may pass (a full disk, an I/O
/// error, a lost database) before the run stops resumably.
///
/// One setting for every store: `RUNBOOK_STORE_RETRY_SECONDS` (default 60); `RUNBOOK_PG_RETRY_SECONDS`, its older
/// name, is honoured when the new one is unset.
public struct StoreRetry: Sendable {
    /// The window, in seconds.
    public var seconds: Double
    /// Says on the terminal what the store waits for.
    public var notice: @Sendable (String) -> Void

    /// A retry window of `seconds` that reports on standard error.
    public init(seconds: Double, notice: @escaping @Sendable (String) -> Void = StoreRetry.standardError) {
        self.seconds = max(0, seconds)
        self.notice = notice
    }

    /// The window the environment sets.
    public init(environment: [String: String]) {
        let text = environment["RUNBOOK_STORE_RETRY_SECONDS"] ?? environment["RUNBOOK_PG_RETRY_SECONDS"] ?? ""
        self.init(seconds: Double(text) ?? 60)
    }

    /// Writes a notice line to standard error.
    public static let standardError: @Sendable (String) -> Void = { text in
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// The pause before retry number `attempt` (1, 2, …): 100 ms doubling up to 2 s.
    public static func backoff(_ attempt: Int) -> Double {
        min(0.1 * pow(2, Double(max(0, attempt - 1))), 2)
    }
}
