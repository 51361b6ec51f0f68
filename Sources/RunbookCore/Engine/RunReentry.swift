/// How `runbook resume` continues a run: as it stopped, at the step that failed it, or at an earlier step.
///
/// Pure: decided from the runbook and the folded journal, so `resume`, `status` and the tests agree.
///
/// - An unfinished run (stopped, crashed) continues where it stopped.
/// - A `failed` run re-enters at the step whose failure ended it (a failed guard runs again too); completed steps
///   never repeat and a failed `transfer` continues after its last checkpoint.
/// - `--from STEP` re-enters any unfinished, `failed` or `rolled_back` run at a forward step: it and every later
///   forward step run again.
/// - A `rolled_back` run without `--from` is refused: its rollback undid the work, so where to re-enter is the
///   operator's call. A `rollback_failed` run is refused: a human repairs it, then `runbook rollback` runs the
///   scenario again. A `succeeded` run has nothing to resume.
public enum RunReentry: Sendable, Equatable {
    /// Continue an unfinished run where it stopped (no re-entry).
    case continueRun
    /// Re-enter at the step whose final failure ended the run.
    case failedStep(String)
    /// Re-enter at this forward step; `reset` (it and every later forward step) run again.
    case fromStep(String, reset: [String])
    /// The run finished successfully (or with another final outcome): nothing to resume.
    case alreadySucceeded
    /// Resume is refused, with the reason and the way forward.
    case refused(String)

    /// The `reentry` value journaled in `run.resumed`, if this is a re-entry.
    public var journalKind: String? {
        switch self {
        case .failedStep: return "failed_step"
        case .fromStep: return "from_step"
        default: return nil
        }
    }

    /// Decides how to resume run `runID` of `runbook` whose journal folds to `state`.
    public static func decide(_ state: RunState, runbook: Runbook, from: String?, runID: String) -> RunReentry {
        let forward = runbook.mainSteps.map(\.id)
        if let from {
            guard let start = forward.firstIndex(of: from) else {
                return .refused(
                    "--from \(from): no such forward step in run \(runID)\(Suggestion.hint(for: from, in: forward))"
                )
            }
            if state.outcome == .rollbackFailed { return rollbackFailedRefusal(state, runID) }
            if let outcome = state.outcome, outcome != .failed, outcome != .rolledBack, outcome != .stopped {
                return .refused(
                    "run \(runID) ended \(outcome.rawValue); there is nothing to re-enter (start a new run with `runbook run`)"
                )
            }
            if state.outcome == nil, let active = state.activeRollback {
                return .refused(
                    "run \(runID) stopped inside rollback '\(active.scenario)'; `runbook resume \(runID)` without --from finishes it first"
                )
            }
            return .fromStep(from, reset: Array(forward[start...]))
        }
        // Decided with comparisons rather than a switch, so that an outcome added later falls to the last case.
        guard let outcome = state.outcome, outcome != .stopped else { return .continueRun }
        if outcome == .failed {
            guard let step = state.unhandledFailure else {
                return .refused(
                    "run \(runID) failed but its journal names no failed step to re-enter at; `runbook resume \(runID) --from STEP` chooses one"
                )
            }
            return .failedStep(step)
        }
        if outcome == .rolledBack {
            let scenario = state.finishedRollback?.scenario ?? "?"
            return .refused(
                "run \(runID) ended rolled back (rollback '\(scenario)' undid its work), so it does not continue by itself: `runbook resume \(runID) --from STEP` re-enters it at a step you choose, or start a new run"
            )
        }
        if outcome == .rollbackFailed { return rollbackFailedRefusal(state, runID) }
        return .alreadySucceeded
    }

    static func rollbackFailedRefusal(_ state: RunState, _ runID: String) -> RunReentry {
        let scenario = state.finishedRollback?.scenario ?? "ID"
        return .refused(
            "run \(runID) ended rollback_failed: a human is needed. Repair what the failed rollback step left, then `runbook rollback \(runID) --scenario \(scenario)` runs the scenario again"
        )
    }
}
