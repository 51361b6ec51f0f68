/// What to do with a step that was in flight when the run stopped (its effect may or may not have happened).
///
/// Decided by `RunStateMachine.inDoubtPolicy(for:rerunAllowed:canAsk:)`, turned into effects by the machine.
public enum InDoubtPolicy: Sendable, Equatable {
    /// Run its `reconcile` probe: the effect is in place (done) or absent (run the step).
    case probe
    /// Run it again: it is idempotent.
    case rerunIdempotent
    /// Run it again: the operator said so up front (`--rerun-in-doubt`).
    case rerunAllowed
    /// Ask the operator at the terminal; stop unless the answer is yes.
    case ask
    /// Stop the run (exit 3) naming the step and both ways forward.
    case stop
}
