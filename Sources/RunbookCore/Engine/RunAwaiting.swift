/// The effect whose report `RunStateMachine` waits for, with what it needs to decide when the report comes.
enum RunAwaiting: Sendable {
    /// An attempt executes.
    case attempt(Step, StepRole, Int)
    /// An in-doubt step's reconcile probe runs.
    case probe(Step, StepRole, Int)
    /// The `--step` prompt before a step.
    case confirm(Step, StepRole, Int)
    /// The reason for skipping a step at the `--step` prompt.
    case skipReason(Step)
    /// Whether to run an in-doubt step that is not idempotent again.
    case rerun(Step, StepRole, Int)
    /// A gate's prompt on the terminal.
    case gateAnswer(Step, GateAction, confirm: String?)
    /// A gate waiting for `runbook approve`.
    case approval(Step, GateAction)
}
