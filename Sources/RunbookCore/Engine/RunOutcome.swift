/// How a run ended, with its exit code.
public enum RunOutcome: String, Sendable, Hashable, CaseIterable {
    /// Every step done.
    case succeeded
    /// Every step done, but at least one `on_failure: warn` check failed (exit 0 unless `run --strict`).
    case succeededWithWarnings = "succeeded_with_warnings"
    /// A step failed and no rollback applied.
    case failed
    /// A step failed and a rollback scenario ran to completion.
    case rolledBack = "rolled_back"
    /// A rollback step itself failed: a human is needed.
    case rollbackFailed = "rollback_failed"
    /// Stopped (gate declined or timed out, interrupted); resumable.
    case stopped

    /// The exit status a run that ended this way gives.
    public var exitCode: RunExit {
        switch self {
        case .succeeded, .succeededWithWarnings: return .success
        case .failed, .rolledBack: return .stepFailed
        case .stopped: return .stopped
        case .rollbackFailed: return .rollbackFailed
        }
    }
}

/// Which part of the runbook a step belongs to.
public enum StepRole: Sendable, Hashable {
    /// A guard (precondition).
    case `guard`
    /// A forward step.
    case main
    /// A step of a rollback scenario.
    case rollback(String)

    /// `guard`, `main` or `rollback:ID` as written to the journal.
    public var text: String {
        switch self {
        case .guard: return "guard"
        case .main: return "main"
        case .rollback(let id): return "rollback:\(id)"
        }
    }
}
