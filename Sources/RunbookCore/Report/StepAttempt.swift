/// One attempt of a guard, step or rollback step, as the journal recorded it.
public struct StepAttempt: Sendable, Hashable {
    /// How the attempt ended.
    public enum Status: String, Sendable, Hashable {
        /// The step succeeded.
        case succeeded
        /// The step failed and no retry followed.
        case failed
        /// The step failed and was retried.
        case retried
        /// The step was skipped (condition, `--from`, or an operator's `skip`).
        case skipped
        /// Started but never finished: in doubt (the run stopped while it ran), or running now.
        case inDoubt = "in_doubt"
        /// A gate: from `gate.waiting` to its decision.
        case gate
    }

    /// The step id.
    public var step: String
    /// `guard`, `main` or `rollback:ID`.
    public var role: String
    /// The phase id, for forward steps.
    public var phase: String?
    /// The step kind (`shell`, `sql`, …).
    public var kind: String
    /// The 1-based attempt number (0 for skips and gates).
    public var attempt: Int
    /// Whether the step mutates.
    public var mutates: Bool
    /// The command or query as executed (redacted).
    public var command: [String] = []
    /// When it started (journal time).
    public var startTime: String
    /// When it ended (journal time), if it did.
    public var endTime: String?
    /// Milliseconds since 1970 of `startTime`, if parseable.
    public var startMs: Int64?
    /// Milliseconds since 1970 of `endTime`, if parseable.
    public var endMs: Int64?
    /// The duration the runner measured, when journaled.
    public var durationMs: Int64?
    /// How it ended.
    public var status: Status
    /// The one-line summary (`3 rows, first: 42`, `exit 0`).
    public var summary = ""
    /// The error message of a failure, the reason of a skip, the decision of a gate.
    public var message = ""
    /// Failure details (sample mismatches, …).
    public var detail = ""
    /// The scalar result.
    public var value: Value = .null
    /// Outputs (builtin and captured), in journal order.
    public var outputs: [(key: String, value: Value)] = []
    /// Standard output, reassembled from `step.output` chunks.
    public var stdout = ""
    /// Standard error, reassembled from `step.output` chunks.
    public var stderr = ""
    /// The journal line (1-based) of the event that started this record.
    public var line: Int

    /// The duration to show: the measured one, else end minus start.
    public var effectiveDurationMs: Int64? {
        if let durationMs { return durationMs }
        if let startMs, let endMs { return max(0, endMs - startMs) }
        return nil
    }

    public static func == (a: StepAttempt, b: StepAttempt) -> Bool {
        a.step == b.step && a.role == b.role && a.attempt == b.attempt && a.line == b.line && a.status == b.status
            && a.outputs.count == b.outputs.count
            && zip(a.outputs, b.outputs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(step)
        hasher.combine(role)
        hasher.combine(attempt)
        hasher.combine(line)
    }
}
