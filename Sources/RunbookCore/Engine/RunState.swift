/// A run's state: a pure fold of its journal events.
///
/// Resume, status and replay all read it.
public struct RunState: Sendable {
    /// Where one step stands.
    public enum StepStatus: Sendable, Hashable {
        /// `step.started` without a result: running now, or in doubt after a crash.
        case running(attempt: Int)
        /// Done.
        case succeeded
        /// Failed; `final` is false when a retry follows after `retryDelayMs`.
        case failed(error: String, final: Bool, retryDelayMs: Int64)
        /// Skipped (condition false, `--from`/`--only`, or recorded by an operator).
        case skipped(reason: String)
        /// A gate waiting for approval.
        case waitingGate
    }

    /// One gate approval.
    public struct Approval: Sendable, Hashable {
        /// `user@host`, as journaled (with ` (--yes)` when given by the flag).
        public var approver: String
        /// When.
        public var time: String

        /// Who, and how.
        public var by: GateApprover { GateApprover(journalText: approver) }
    }

    /// Run id.
    public var runID = ""
    /// Runbook id.
    public var runbookID = ""
    /// SHA-256 of the runbook file the run is pinned to.
    public var runbookDigest = ""
    /// The runbook file path as given.
    public var runbookFile = ""
    /// Bound parameters.
    public var params: [String: Value] = [:]
    /// `--from` step, if any.
    public var fromStep: String?
    /// `--only` phase, if any.
    public var onlyPhase: String?
    /// When the run started.
    public var startedAt = ""
    /// Who started it (`user@host`).
    public var operatorName = ""
    /// Per-step status by id.
    public var status: [String: StepStatus] = [:]
    /// Per-step outputs by id.
    public var outputs: [String: [String: Value]] = [:]
    /// Attempts made per step id.
    public var attempts: [String: Int] = [:]
    /// Attempts made before an operator re-entered at the step (`run.resumed` with `reentry`); its `retry:` budget
    /// counts from there.
    public var attemptsBeforeReentry: [String: Int] = [:]
    /// Approvals per gate id.
    public var approvals: [String: [Approval]] = [:]
    /// The rollback scenario running now, and the step whose failure started it.
    public var activeRollback: (scenario: String, trigger: String)?
    /// How often each scenario resumed the run forward.
    public var resumeCounts: [String: Int] = [:]
    /// A final step failure not yet handled by a rollback or the end of the run.
    public var unhandledFailure: String?
    /// A scenario that finished; the run ends rolled back unless it resumed forward.
    public var finishedRollback: (scenario: String, succeeded: Bool)?
    /// Set once `run.finished` is read.
    public var outcome: RunOutcome?
    /// Set by `run.interrupted`, cleared by `run.resumed`.
    public var interrupted = false
    /// Transfer checkpoints per step id (the last one journaled).
    public var checkpoints: [String: JournalRecord.TransferCheckpoint] = [:]
    /// Number of events folded.
    public var eventCount = 0
    /// Fault injections recorded in `run.started` (`--inject`), by step id.
    public var injections: [String: FaultInjection.Mode] = [:]
    /// Injected steps whose injection is used up (see `FaultInjection.Mode`).
    public var spentInjections: Set<String> = []
    /// Final failures of `on_failure: warn` steps, in journal order: the run ends `succeeded_with_warnings`.
    public var warnings: [(step: String, error: String)] = []

    /// An empty state.
    public init() {}

    /// The state after folding these events.
    public init(events: [JournalEvent]) {
        for e in events { apply(e) }
    }

    /// Steps started but not finished (in doubt when the run is not live).
    public var inFlight: [String] {
        status.compactMap { id, s in
            if case .running = s { return id }
            return nil
        }.sorted()
    }

    /// Folds one event into the state.
    public mutating func apply(_ event: JournalEvent) { apply(event.record, time: event.time) }

    /// Folds one record, journaled at `time`, into the state.
    public mutating func apply(_ record: JournalRecord, time: String) {
        eventCount += 1
        switch record {
        case .runStarted(let r):
            runID = r.runID
            runbookID = r.runbook
            runbookDigest = r.runbookDigest
            runbookFile = r.file
            startedAt = time
            operatorName = r.operatorName
            for field in r.params { params[field.key] = field.value }
            fromStep = r.from
            onlyPhase = r.only
            for injection in r.injections { injections[injection.step] = injection.mode }
        case .runResumed(let r):
            interrupted = false
            if let reentry = r.reentry { reenter(reentry) }
        case .guardStarted(let r), .stepStarted(let r):
            status[r.step] = .running(attempt: r.attempt)
            attempts[r.step] = r.attempt
        case .guardPassed(let r), .stepSucceeded(let r):
            status[r.step] = .succeeded
            outputs[r.step] = JournalField.dictionary(r.outputs)
        case .guardFailed(let r), .stepFailed(let r):
            applyFailure(r)
        case .stepSkipped(let r):
            status[r.step] = .skipped(reason: r.reason)
            if unhandledFailure == r.step { unhandledFailure = nil }
        case .stepReconciled(let r):
            if r.present {
                status[r.step] = .succeeded
                outputs[r.step] = outputs[r.step] ?? [:]
            } else {
                status[r.step] = nil
            }
        case .gateWaiting(let r):
            status[r.step] = .waitingGate
        case .gateApproved(let r):
            approvals[r.step, default: []].append(Approval(approver: r.approver.journalText, time: time))
            if r.complete {
                status[r.step] = .succeeded
                outputs[r.step] = ["approver": .string(r.approver.journalText), "approved_at": .string(time)]
            }
        case .gateRejected(let r):
            status[r.step] = nil
        case .gateTimedOut(let r):
            status[r.step] = nil
        case .rollbackStarted(let r):
            activeRollback = (r.scenario, r.trigger)
            unhandledFailure = nil
            outcome = nil
            finishedRollback = nil
            for id in r.steps {
                status[id] = nil
                outputs[id] = nil
            }
        case .rollbackFinished(let r):
            applyRollbackFinished(r)
        case .runInterrupted:
            interrupted = true
        case .runFinished(let r):
            outcome = r.outcome
        case .transferCheckpoint(let r):
            checkpoints[r.step] = r
        case .stepOutput, .stepInDoubt, .syncBatch, .journalRepaired, .abortTriggered, .notifyFailed, .notifySummary,
            .unknown:
            break
        }
    }

    mutating func applyFailure(_ r: JournalRecord.StepFailed) {
        status[r.step] = .failed(error: r.error, final: r.final, retryDelayMs: r.retryInMs ?? 0)
        if r.final, r.onFailure != "continue", r.onFailure != "warn" { unhandledFailure = r.step }
        if r.final, r.onFailure == "warn" { warnings.append((r.step, r.error)) }
        if let mode = r.injectedMode, mode != .failUntilRollback || r.final { spentInjections.insert(r.step) }
        // A step that ran but failed (a keyed diff that found differences) still publishes its outputs.
        if r.final, let produced = r.produced?.outputs { outputs[r.step] = JournalField.dictionary(produced) }
    }

    mutating func applyRollbackFinished(_ r: JournalRecord.RollbackFinished) {
        activeRollback = nil
        guard r.succeeded, let resume = r.resume else {
            finishedRollback = (r.scenario, r.succeeded)
            return
        }
        resumeCounts[r.scenario, default: 0] += 1
        for id in resume.reset {
            status[id] = nil
            outputs[id] = nil
            attempts[id] = nil
            checkpoints[id] = nil
            // A gate that the resume runs again is a new decision: its earlier approvals do not count.
            approvals[id] = nil
        }
        let again = Set(resume.reset)
        warnings.removeAll { again.contains($0.step) }
        finishedRollback = nil
    }

    /// An operator re-entered a finished or stopped run (`runbook resume`): at its failed step (`failed_step`,
    /// whose transfer checkpoint is kept) or at an earlier step (`from_step`: the `reset` steps run again).
    mutating func reenter(_ reentry: JournalRecord.RunResumed.Reentry) {
        outcome = nil
        finishedRollback = nil
        activeRollback = nil
        unhandledFailure = nil
        let fromStep = reentry.kind == "from_step"
        var ids = [reentry.step]
        if fromStep {
            self.fromStep = reentry.step
            ids = reentry.reset
        }
        for id in ids {
            status[id] = nil
            attemptsBeforeReentry[id] = attempts[id]
            if fromStep {
                outputs[id] = nil
                checkpoints[id] = nil
                approvals[id] = nil
            }
        }
    }
}
