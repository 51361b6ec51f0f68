/// The names of the journal event types this version of runbook writes.
///
/// `JournalEvent.type` is a plain string so that journals written by newer versions, with types
/// this one does not know, still decode.
public enum JournalEventType {
    /// A run began: runbook digest, params, operator, host, tool version.
    public static let runStarted = "run.started"
    /// A stopped run was resumed.
    public static let runResumed = "run.resumed"
    /// The run was interrupted (signal, crash detected on resume).
    public static let runInterrupted = "run.interrupted"
    /// The run ended (with its outcome).
    public static let runFinished = "run.finished"
    /// A guard began evaluating.
    public static let guardStarted = "guard.started"
    /// A guard held.
    public static let guardPassed = "guard.passed"
    /// A guard did not hold.
    public static let guardFailed = "guard.failed"
    /// A step began.
    public static let stepStarted = "step.started"
    /// A (redacted) chunk of a step's output.
    public static let stepOutput = "step.output"
    /// A step succeeded (captures, duration).
    public static let stepSucceeded = "step.succeeded"
    /// A step failed (error).
    public static let stepFailed = "step.failed"
    /// A step was skipped (condition, or an operator's audited `skip`).
    public static let stepSkipped = "step.skipped"
    /// A step was in flight when the run died; its effect is unknown.
    public static let stepInDoubt = "step.in_doubt"
    /// An in-doubt step was settled (by a reconcile probe or the operator).
    public static let stepReconciled = "step.reconciled"
    /// A gate is waiting for approval.
    public static let gateWaiting = "gate.waiting"
    /// A gate was approved (who, when, confirmation, digests).
    public static let gateApproved = "gate.approved"
    /// A gate was rejected.
    public static let gateRejected = "gate.rejected"
    /// A gate timed out without a decision.
    public static let gateTimedOut = "gate.timed_out"
    /// Rollback began.
    public static let rollbackStarted = "rollback.started"
    /// Rollback ended.
    public static let rollbackFinished = "rollback.finished"
    /// Progress of a `transfer` step, for resuming it.
    public static let transferCheckpoint = "transfer.checkpoint"
    /// One applied batch of a `sync` step (`step`, `batch`, `upserted`, `deleted`, `transient`, `last_key`).
    public static let syncBatch = "sync.batch"
    /// An `abort_if` query answered with series: the running step was cancelled (`step`, `scope`, `prometheus`,
    /// `query`, `series`, `answer`).
    public static let abortTriggered = "abort.triggered"
    /// A notification sink could not be reached; journaled once per sink (`sink`, `kind`, `url`, `error`, `event`).
    public static let notifyFailed = "notify.failed"
    /// What a notification sink received by the time the runner stopped (`sink`, `kind`, `url`, `delivered`,
    /// `failed`, `dropped`, `undelivered`).
    public static let notifySummary = "notify.summary"
    /// The journal was repaired (a torn tail truncated).
    public static let journalRepaired = "journal.repaired"

    /// Every type above.
    public static let all: [String] = [
        runStarted, runResumed, runInterrupted, runFinished,
        guardStarted, guardPassed, guardFailed,
        stepStarted, stepOutput, stepSucceeded, stepFailed, stepSkipped, stepInDoubt, stepReconciled,
        gateWaiting, gateApproved, gateRejected, gateTimedOut,
        rollbackStarted, rollbackFinished, transferCheckpoint, syncBatch,
        journalRepaired, abortTriggered, notifyFailed, notifySummary,
    ]

    /// Whether `type` is one this version knows.
    public static func isKnown(_ type: String) -> Bool { all.contains(type) }
}
