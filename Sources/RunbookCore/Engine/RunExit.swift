/// How the tool ends a command: the README's exit table as a type, so the engine never carries a bare number.
///
/// The command-line front end maps each case to its process exit status in one place.
public enum RunExit: Int32, Sendable, Hashable, CaseIterable {
    /// 0: done (also `succeeded_with_warnings`, unless `run --strict`).
    case success = 0
    /// 1: a step failed (its rollback ran, or none applied); `run --strict` with warnings.
    case stepFailed = 1
    /// 2: invalid input or usage (runbook errors, bad parameters, an unreadable store or journal): nothing ran.
    case invalidInput = 2
    /// 3: stopped and resumable (gate declined or timed out, interrupted, in-doubt step, journal not writable).
    case stopped = 3
    /// 4: a rollback itself failed: a human is needed.
    case rollbackFailed = 4
    /// 5: someone else holds the run: another run holds the runbook's lock, the lease was taken over mid-run, or
    /// step processes of a stopped runner still run.
    case locked = 5
}
