/// What the run should do next, as decided by `RunStateMachine`.
///
/// `RunStateMachine.nextEffect()` turns it into the effects the driver performs.
public enum RunAction: Sendable {
    /// Journal `step.started` (fsync), execute the step, journal its result.
    case runStep(Step, role: StepRole, attempt: Int)
    /// Wait `delay`, then run the step again.
    case retryStep(Step, role: StepRole, attempt: Int, delay: DurationSpec)
    /// The step was in flight when the run stopped: reconcile, re-run if idempotent, or ask.
    case resolveInDoubt(Step, role: StepRole, attempt: Int)
    /// Journal `step.skipped` with this reason.
    case skipStep(Step, role: StepRole, reason: String)
    /// The step cannot even start (its condition failed to evaluate): journal a final failure.
    case failStep(Step, role: StepRole, message: String)
    /// Ask for approval (or wait for `runbook approve`).
    case awaitGate(Step, GateAction)
    /// Journal `rollback.started` and run the scenario.
    case startRollback(RollbackScenario, trigger: String)
    /// Journal `rollback.finished`; `resetSteps` are the forward steps to run again when the scenario resumes.
    case finishRollback(RollbackScenario, succeeded: Bool, resumeFrom: String?, resetSteps: [String])
    /// Journal `run.finished` with this outcome.
    case finishRun(RunOutcome, message: String)
    /// The run has already finished.
    case finished(RunOutcome)
}
