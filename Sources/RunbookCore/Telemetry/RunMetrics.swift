/// The metrics of one run, folded from its journal: the run's outcome and duration, and per step its attempts,
/// failures, time spent and rows moved; rendered in the Prometheus text exposition format.
///
/// Names carry the `runbook_` prefix and their unit (`_seconds`, `_total`); every sample has the `runbook` label
/// (the runbook id), step samples also `step`.
public struct RunMetrics: Sendable {
    /// What one step did during the run.
    public struct StepStats: Sendable, Hashable {
        /// Attempts started (and failures decided before a start).
        public var attempts: Int64 = 0
        /// Attempts that failed.
        public var failures: Int64 = 0
        /// Milliseconds spent in its attempts.
        public var durationMs: Int64 = 0
        /// Rows a transfer moved (its last checkpoint) plus rows a sync upserted and deleted.
        public var rowsMoved: Int64 = 0
        var transferRows: Int64 = 0
        var syncRows: Int64 = 0
    }

    /// The outcomes `runbook_run_outcome` has a sample for (`stopped`: not finished, resumable).
    public static let outcomes = [
        "succeeded", "succeeded_with_warnings", "failed", "rolled_back", "rollback_failed", "stopped",
    ]

    /// The runbook id.
    public var runbook = ""
    /// The run id.
    public var runID = ""
    /// `run.finished`'s outcome; nil while the run has not finished.
    public var outcome: String?
    /// Nanoseconds since the epoch of `run.started` and of the last event.
    public var startedUnixNano: Int64?
    /// The last event's time.
    public var lastUnixNano: Int64 = 0
    /// Per step id, in the order the steps first appeared.
    public var steps: [(id: String, stats: StepStats)] = []
    /// Rollbacks per scenario and outcome (`succeeded`, `failed`).
    public var rollbacks: [String: Int64] = [:]

    /// Empty metrics.
    public init() {}

    /// The metrics of a whole journal.
    public init(events: [JournalEvent]) {
        for event in events { apply(event) }
    }

    /// Folds one event in.
    public mutating func apply(_ event: JournalEvent) {
        let time = ReportTime.milliseconds(event.time).map { $0 * 1_000_000 }
        if let time { lastUnixNano = max(lastUnixNano, time) }
        let data = event.data
        let step = data["step"]?.text ?? ""
        func int(_ key: String) -> Int64 {
            if case .int(let n)? = data[key] { return n }
            return 0
        }
        switch event.type {
        case JournalEventType.runStarted:
            runbook = data["runbook"]?.text ?? ""
            runID = data["run_id"]?.text ?? ""
            startedUnixNano = time
        case JournalEventType.runFinished:
            outcome = data["outcome"]?.text
        case JournalEventType.stepStarted, JournalEventType.guardStarted:
            update(step) { $0.attempts += 1 }
        case JournalEventType.stepSucceeded, JournalEventType.guardPassed:
            update(step) { $0.durationMs += int("duration_ms") }
        case JournalEventType.stepFailed, JournalEventType.guardFailed:
            let startedFirst = int("attempt") > 0
            update(step) {
                $0.failures += 1
                $0.durationMs += int("duration_ms")
                if !startedFirst { $0.attempts += 1 }
            }
        case JournalEventType.transferCheckpoint:
            update(step) {
                $0.transferRows = int("rows")
                $0.rowsMoved = $0.transferRows + $0.syncRows
            }
        case JournalEventType.syncBatch:
            update(step) {
                $0.syncRows += int("upserted") + int("deleted")
                $0.rowsMoved = $0.transferRows + $0.syncRows
            }
        case JournalEventType.rollbackFinished:
            let key = "\(data["scenario"]?.text ?? "")\u{0}\(data["outcome"]?.text ?? "")"
            rollbacks[key, default: 0] += 1
        default:
            break
        }
    }

    mutating func update(_ id: String, _ change: (inout StepStats) -> Void) {
        guard !id.isEmpty else { return }
        if let i = steps.firstIndex(where: { $0.id == id }) {
            change(&steps[i].stats)
        } else {
            var stats = StepStats()
            change(&stats)
            steps.append((id, stats))
        }
    }
}
