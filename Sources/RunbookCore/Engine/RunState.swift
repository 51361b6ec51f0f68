/// A run's state: a pure fold of its journal events (DESIGN.md §4).
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
    /// Transfer checkpoints per step id (`last_key`, `rows`, `batches`).
    public var checkpoints: [String: Value] = [:]
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
    public mutating func apply(_ event: JournalEvent) {
        eventCount += 1
        let d = event.data
        let step = d["step"]?.text ?? ""
        switch event.type {
        case JournalEventType.runStarted:
            runID = d["run_id"]?.text ?? ""
            runbookID = d["runbook"]?.text ?? ""
            runbookDigest = d["runbook_digest"]?.text ?? ""
            runbookFile = d["file"]?.text ?? ""
            startedAt = event.time
            operatorName = d["operator"]?.text ?? ""
            if case .map(let pairs)? = d["params"] { for (k, v) in pairs { params[k] = v } }
            fromStep = d["from"].flatMap { $0 == .null ? nil : $0.text }
            onlyPhase = d["only"].flatMap { $0 == .null ? nil : $0.text }
            if case .list(let items)? = d["injections"] {
                for injection in items.compactMap(FaultInjection.init(value:)) {
                    injections[injection.step] = injection.mode
                }
            }
        case JournalEventType.runResumed:
            interrupted = false
            if let reentry = d["reentry"]?.text { reenter(reentry, at: step, reset: d["reset"]) }
        case JournalEventType.guardStarted, JournalEventType.stepStarted:
            let attempt = Int(d["attempt"]?.numeric ?? 1)
            status[step] = .running(attempt: attempt)
            attempts[step] = attempt
        case JournalEventType.guardPassed, JournalEventType.stepSucceeded:
            status[step] = .succeeded
            if case .map(let pairs)? = d["outputs"] {
                var out: [String: Value] = [:]
                for (k, v) in pairs { out[k] = v }
                outputs[step] = out
            }
        case JournalEventType.guardFailed, JournalEventType.stepFailed:
            let final = d["final"] != .bool(false)
            let error = d["error"]?.text ?? "failed"
            status[step] = .failed(error: error, final: final, retryDelayMs: Int64(d["retry_in_ms"]?.numeric ?? 0))
            let onFailure = d["on_failure"]?.text
            if final, onFailure != "continue", onFailure != "warn" { unhandledFailure = step }
            if final, onFailure == "warn" { warnings.append((step, error)) }
            if let mode = d["injected"].flatMap({ FaultInjection.Mode(rawValue: $0.text) }),
                mode != .failUntilRollback || final
            {
                spentInjections.insert(step)
            }
            // A step that ran but failed (a keyed diff that found differences) still publishes its outputs.
            if final, case .map(let pairs)? = d["outputs"] {
                var out: [String: Value] = [:]
                for (k, v) in pairs { out[k] = v }
                outputs[step] = out
            }
        case JournalEventType.stepSkipped:
            status[step] = .skipped(reason: d["reason"]?.text ?? "")
            if unhandledFailure == step { unhandledFailure = nil }
        case JournalEventType.stepReconciled:
            if d["present"] == .bool(true) {
                status[step] = .succeeded
                outputs[step] = outputs[step] ?? [:]
            } else {
                status[step] = nil
            }
        case JournalEventType.gateWaiting:
            status[step] = .waitingGate
        case JournalEventType.gateApproved:
            approvals[step, default: []].append(Approval(approver: d["approver"]?.text ?? "", time: event.time))
            if d["complete"] == .bool(true) {
                status[step] = .succeeded
                outputs[step] = [
                    "approver": d["approver"] ?? .null,
                    "approved_at": .string(event.time),
                ]
            }
        case JournalEventType.gateRejected, JournalEventType.gateTimedOut:
            status[step] = nil
        case JournalEventType.rollbackStarted:
            let scenario = d["scenario"]?.text ?? ""
            activeRollback = (scenario, d["trigger"]?.text ?? "")
            unhandledFailure = nil
            outcome = nil
            finishedRollback = nil
            if case .list(let ids)? = d["steps"] {
                for id in ids {
                    status[id.text] = nil
                    outputs[id.text] = nil
                }
            }
        case JournalEventType.rollbackFinished:
            let scenario = d["scenario"]?.text ?? ""
            activeRollback = nil
            let succeeded = d["outcome"]?.text == "succeeded"
            if succeeded, case .list(let reset)? = d["reset"] {
                resumeCounts[scenario, default: 0] += 1
                for id in reset {
                    status[id.text] = nil
                    outputs[id.text] = nil
                    attempts[id.text] = nil
                    checkpoints[id.text] = nil
                    // A gate that the resume runs again is a new decision: its earlier approvals do not count.
                    approvals[id.text] = nil
                }
                let again = Set(reset.map(\.text))
                warnings.removeAll { again.contains($0.step) }
                finishedRollback = nil
            } else {
                finishedRollback = (scenario, succeeded)
            }
        case JournalEventType.runInterrupted:
            interrupted = true
        case JournalEventType.runFinished:
            outcome = RunOutcome(rawValue: d["outcome"]?.text ?? "") ?? .failed
        case JournalEventType.transferCheckpoint:
            checkpoints[step] = d
        default:
            break
        }
    }

    /// An operator re-entered a finished or stopped run (`runbook resume`): at its failed step (`failed_step`,
    /// whose transfer checkpoint is kept) or at an earlier step (`from_step`: the `reset` steps run again).
    mutating func reenter(_ kind: String, at step: String, reset: Value?) {
        outcome = nil
        finishedRollback = nil
        activeRollback = nil
        unhandledFailure = nil
        var ids = [step]
        if kind == "from_step" {
            fromStep = step
            if case .list(let list)? = reset { ids = list.map(\.text) }
        }
        for id in ids {
            status[id] = nil
            attemptsBeforeReentry[id] = attempts[id]
            if kind == "from_step" {
                outputs[id] = nil
                checkpoints[id] = nil
                approvals[id] = nil
            }
        }
    }
}
