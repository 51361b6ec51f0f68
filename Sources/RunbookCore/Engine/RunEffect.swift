/// One effect the driver performs for `RunStateMachine`, in the order the machine hands them out.
///
/// The machine decides; the driver only appends, executes, probes, prompts, sleeps and waits, and reports what an
/// effect found back as a `RunInput`.
public enum RunEffect: Sendable {
    /// Journal the record (durable before anything follows), then show the notices; `seal` records the chain's head.
    case append(JournalRecord, notices: [RunNotice] = [], seal: Bool = false)
    /// Show the notices (nothing is journaled).
    case say([RunNotice])
    /// Journal `step.started` (or `guard.started`) with the step's command rendered, and show it.
    case startAttempt(Step, role: StepRole, attempt: Int)
    /// Execute the attempt just started; report `.attemptFinished`.
    case execute(Step, role: StepRole, attempt: Int)
    /// Run the in-doubt step's `reconcile` probe; report `.probed`.
    case probe(Step)
    /// Show the notices, then read the operator's answer; report `.answered`.
    case prompt([RunNotice])
    /// Wait this long on the run's clock (a retry delay).
    case sleep(DurationSpec)
    /// Wait for an approval handed over by `runbook approve`, until the gate's timeout; report `.gate`.
    case awaitApproval(Step, GateAction, confirm: String?, approved: [String])
    /// The run returns with this outcome.
    case finished(RunOutcome)
}

/// Something the driver shows on the terminal (it redacts every text).
public enum RunNotice: Sendable {
    /// A line on standard output.
    case line(String)
    /// A line on standard error.
    case error(String)
    /// The step's command as it would run, one indented line each.
    case command(Step)
    /// A skipped step.
    case stepSkipped(String, reason: String)
    /// A failed attempt, with the delay before the next one when it is retried.
    case stepFailed(Step, message: String, detail: String?, retryIn: DurationSpec?)
    /// A succeeded attempt.
    case stepSucceeded(Step, summary: String, durationMs: Int64)
}
