/// What one rehearsal did: the row of `runbook rehearse`'s matrix.
public struct RehearsalResult: Sendable, Hashable {
    /// The case rehearsed.
    public var rehearsal: RehearsalCase
    /// `succeeded` (the scenario resumed the run and it finished), `rolled_back`, `rollback_failed`, or, when the
    /// scenario never ran, `not_triggered` (and the run's own outcome in `runOutcome`); `unreachable` when no
    /// step can start it (nothing ran).
    public var outcome: String
    /// The outcome of the run (`run.finished`), or `stopped`; empty when nothing ran.
    public var runOutcome: String
    /// The exit status `runbook run` (or `rollback`) would have returned; `nil` when nothing ran.
    public var exitCode: RunExit?
    /// Where the scenario resumed the run (`after: resume`), if it did.
    public var resumedFrom: String?
    /// The run's id; the run stays in the state for `replay`.
    public var runID: String
    /// Wall-clock duration of the rehearsal.
    public var durationMs: Int64

    /// Creates a result.
    public init(
        rehearsal: RehearsalCase,
        outcome: String,
        runOutcome: String,
        exitCode: RunExit?,
        resumedFrom: String?,
        runID: String,
        durationMs: Int64
    ) {
        self.rehearsal = rehearsal
        self.outcome = outcome
        self.runOutcome = runOutcome
        self.exitCode = exitCode
        self.resumedFrom = resumedFrom
        self.runID = runID
        self.durationMs = durationMs
    }

    /// The result of an `unreachable` case: nothing ran.
    public init(unreachable rehearsal: RehearsalCase) {
        self.init(
            rehearsal: rehearsal,
            outcome: "unreachable",
            runOutcome: "",
            exitCode: nil,
            resumedFrom: nil,
            runID: "",
            durationMs: 0
        )
    }

    /// Reads a rehearsal's result from its run's journal.
    public init(rehearsal: RehearsalCase, events: [JournalEvent], exitCode: RunExit, durationMs: Int64) {
        let state = RunState(events: events)
        var started = false
        var failed = false
        var resumedFrom: String?
        for e in events {
            switch e.record {
            case .rollbackStarted(let r) where r.scenario == rehearsal.scenario:
                started = true
            case .rollbackFinished(let r) where r.scenario == rehearsal.scenario:
                if r.outcome == "failed" { failed = true }
                if resumedFrom == nil { resumedFrom = r.resume?.from }
            default:
                break
            }
        }
        let runOutcome = state.outcome?.rawValue ?? RunOutcome.stopped.rawValue
        let outcome: String
        if !started {
            outcome = "not_triggered"
        } else if failed {
            outcome = RunOutcome.rollbackFailed.rawValue
        } else if state.outcome == .succeeded || state.outcome == .succeededWithWarnings {
            outcome = RunOutcome.succeeded.rawValue
        } else {
            outcome = runOutcome
        }
        self.init(
            rehearsal: rehearsal,
            outcome: outcome,
            runOutcome: runOutcome,
            exitCode: exitCode,
            resumedFrom: resumedFrom,
            runID: state.runID,
            durationMs: durationMs
        )
    }

    /// True when the scenario ran and ended as a rehearsal should: `succeeded` or `rolled_back`.
    public var rehearsed: Bool {
        outcome == RunOutcome.succeeded.rawValue || outcome == RunOutcome.rolledBack.rawValue
    }
}
