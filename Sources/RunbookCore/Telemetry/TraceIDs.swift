/// The trace and span ids of a run, derived from its run id and journal positions.
///
/// The same journal always yields the same ids: a resumed run continues one trace, and exporting a journal again
/// (live or with `runbook export --format otlp`) sends spans a collector recognises as the same spans.
public struct TraceIDs: Sendable, Hashable {
    /// The run the ids belong to.
    public let runID: String
    /// The run's trace id: 32 lowercase hex digits.
    public let traceID: String

    /// The ids of run `runID`.
    public init(runID: String) {
        self.runID = runID
        self.traceID = Self.digest("runbook trace \(runID)", bytes: 16)
    }

    /// The root span (the run itself).
    public var rootSpanID: String { spanID("run") }

    /// The span opened by the journal event at `seq` (a step attempt, a gate, a rollback, a phase).
    public func spanID(forEvent seq: Int) -> String { spanID("event \(seq)") }

    /// A span id for `key` within this run: 16 lowercase hex digits, never all zeros.
    public func spanID(_ key: String) -> String { Self.digest("runbook span \(runID) \(key)", bytes: 8) }

    /// The W3C `traceparent` header value that points at `spanID` (sampled).
    public func traceparent(spanID: String) -> String { "00-\(traceID)-\(spanID)-01" }

    /// The first `bytes` bytes of the SHA-256 of `text` in hex; an all-zero id (invalid in W3C and OTLP) gets its last
    /// byte set.
    static func digest(_ text: String, bytes: Int) -> String {
        var prefix = Array(SHA256.hash(Array(text.utf8)).prefix(bytes))
        if prefix.allSatisfy({ $0 == 0 }) { prefix[bytes - 1] = 1 }
        return SHA256.hexString(prefix)
    }
}
