/// What an effect found, reported back to `RunStateMachine.receive(_:)`.
public enum RunInput: Sendable {
    /// The attempt of an `.execute` ended.
    case attemptFinished(AttemptOutcome)
    /// The reconcile probe of a `.probe` ended.
    case probed(ProbeOutcome)
    /// The operator's answer at a `.prompt` (nil: end of input).
    case answered(String?)
    /// What happened while an `.awaitApproval` waited.
    case gate(GateDecision)
}

/// How one attempt of a step ended, before its expectations are checked.
public enum AttemptOutcome: Sendable {
    /// The body returned this result (its output is journaled).
    case returned(StepResult, durationMs: Int64)
    /// The body failed.
    case failed(message: String, detail: String?, result: StepResult?, durationMs: Int64)
    /// An `abort_if` alarm fired during the attempt: `alarm` is the `abort.triggered` data.
    case aborted(alarm: Value, message: String, detail: String, durationMs: Int64)
}

/// How a reconcile probe ended.
public enum ProbeOutcome: Sendable {
    /// The probe's body returned this result (its `expect` decides whether the effect is in place).
    case returned(StepResult)
    /// The probe's body failed.
    case failed(message: String)
}

/// What happened at a gate that waits for `runbook approve`.
public enum GateDecision: Sendable {
    /// One more person approved.
    case approved(GateApprover, confirmation: String?)
    /// Someone declined.
    case rejected(by: String, reason: String)
    /// Nobody approved in time.
    case timedOut
}

/// The operator's switches that the machine's decisions depend on.
public struct RunPolicy: Sendable {
    /// Approve gates without asking (`--yes`).
    public var yes = false
    /// Run an in-doubt step again that is not idempotent (`--rerun-in-doubt`).
    public var rerunInDoubt = false
    /// Ask at gates and about in-doubt steps on the terminal.
    public var interactive = false
    /// Ask before every step (`run --step`).
    public var stepByStep = false
    /// Who runs the run (`user@host`): the approver of `--yes` and prompt answers.
    public var operatorName = ""
    /// SHA-256 of the runbook the run is driven with, bound into gate approvals.
    public var runbookDigest = ""

    /// Default switches.
    public init() {}
}
