/// A run's journal arranged for reports: step attempts with start and end, gates, rollbacks and sessions.
///
/// Pure: built from the events alone. Both the HTML report and `RunDiff` read it.
public struct RunTimeline: Sendable {
    /// A gate's history: waiting, approvals, rejection or timeout.
    public struct Gate: Sendable, Hashable {
        /// One approval (or rejection) of a gate.
        public struct Decision: Sendable, Hashable {
            /// `approved`, `rejected` or `timed out`.
            public var verdict: String
            /// Who (`user@host`).
            public var by: String
            /// When (journal time).
            public var time: String
            /// The confirmation typed, if any.
            public var confirmation: String?
            /// The runbook digest the approval is bound to.
            public var runbookDigest: String?
            /// The params digest the approval is bound to.
            public var paramsDigest: String?
            /// `count/required`, for approvals.
            public var progress: String?
            /// A rejection's reason.
            public var reason: String?
        }

        /// The gate step id.
        public var step: String
        /// The prompt shown.
        public var prompt: String
        /// The confirmation text asked for, if any.
        public var confirm: String?
        /// When it started waiting.
        public var waitingSince: String
        /// Decisions in order.
        public var decisions: [Decision] = []
    }

    /// A rollback scenario's run.
    public struct Rollback: Sendable, Hashable {
        /// Scenario id.
        public var scenario: String
        /// The step whose failure started it (empty when manual).
        public var trigger: String
        /// The trigger's error.
        public var error: String
        /// Started by an operator (`runbook rollback`).
        public var manual: Bool
        /// The scenario's steps.
        public var steps: [String]
        /// When it started.
        public var startTime: String
        /// When it finished, if it did.
        public var endTime: String?
        /// `succeeded`, `failed`, or `nil` while unfinished.
        public var outcome: String?
        /// The step the run resumed at afterwards, if any.
        public var resumeFrom: String?
        /// The journal line (1-based) of `rollback.started`.
        public var line: Int
    }

    /// A start, resume, interruption or finish of the run.
    public struct Mark: Sendable, Hashable {
        /// `started`, `resumed`, `interrupted`, `finished` or `repaired`.
        public var kind: String
        /// When.
        public var time: String
        /// What happened (reason, outcome message, who resumed).
        public var text: String
    }

    /// Every attempt, in journal order of their first event.
    public var attempts: [StepAttempt] = []
    /// Gates, in order of first waiting.
    public var gates: [Gate] = []
    /// Rollbacks, in order.
    public var rollbacks: [Rollback] = []
    /// Session marks, in order.
    public var marks: [Mark] = []
    /// Transfer checkpoints per step id, in order.
    public var checkpoints: [String: [Value]] = [:]
    /// Milliseconds since 1970 of the first event.
    public var startMs: Int64?
    /// Milliseconds since 1970 of the last event.
    public var endMs: Int64?

    /// Arranges `events` (in journal order).
    ///
    /// - Parameters:
    ///   - events: The journal's events.
    ///   - phases: Phase id by step id, from the runbook when the caller has it. `gate.waiting` does not
    ///     name its phase: without this map a gate is placed in the phase of the step before it.
    public init(events: [JournalEvent], phases: [String: String] = [:]) {
        var open: [String: Int] = [:]
        var currentPhase: String?
        for (index, e) in events.enumerated() {
            if let ms = ReportTime.milliseconds(e.time) {
                startMs = min(startMs ?? ms, ms)
                endMs = max(endMs ?? ms, ms)
            }
            let line = index + 1
            let record = e.record
            switch record {
            case .guardStarted(let r), .stepStarted(let r):
                var a = StepAttempt(
                    step: r.step,
                    role: r.role.isEmpty ? (record.isGuard ? "guard" : "main") : r.role,
                    phase: r.phase,
                    kind: r.kind,
                    attempt: r.attempt,
                    mutates: r.mutates,
                    startTime: e.time,
                    startMs: ReportTime.milliseconds(e.time),
                    status: .inDoubt,
                    line: line
                )
                a.command = r.command
                if a.role == "main" { currentPhase = a.phase ?? currentPhase }
                open[r.step] = attempts.count
                attempts.append(a)
            case .stepOutput(let r):
                guard let i = open[r.step] else { continue }
                if r.stream == "stderr" { attempts[i].stderr += r.text } else { attempts[i].stdout += r.text }
            case .guardPassed(let r), .stepSucceeded(let r):
                let i = ended(r.step, open: &open, guard: record.isGuard, attempt: r.attempt, time: e.time, line: line)
                attempts[i].durationMs = r.durationMs
                attempts[i].summary = r.summary
                attempts[i].value = r.value
                attempts[i].outputs = r.outputs.map { (key: $0.key, value: $0.value) }
                attempts[i].status = .succeeded
            case .guardFailed(let r), .stepFailed(let r):
                let i = ended(r.step, open: &open, guard: record.isGuard, attempt: r.attempt, time: e.time, line: line)
                attempts[i].durationMs = r.durationMs
                attempts[i].summary = r.produced?.summary ?? ""
                attempts[i].value = r.produced?.value ?? .null
                attempts[i].outputs = (r.produced?.outputs ?? []).map { (key: $0.key, value: $0.value) }
                attempts[i].status = r.final ? .failed : .retried
                let injected = r.injected.map { "[injected: \($0)] " } ?? ""
                let warned = r.onFailure == "warn" && r.final ? "[warning] " : ""
                attempts[i].message = injected + warned + r.error
                attempts[i].detail = r.detail ?? ""
            case .stepSkipped(let r):
                open[r.step] = nil
                var a = StepAttempt(
                    step: r.step,
                    role: "main",
                    phase: phases[r.step] ?? currentPhase,
                    kind: "",
                    attempt: 0,
                    mutates: false,
                    startTime: e.time,
                    endTime: e.time,
                    startMs: ReportTime.milliseconds(e.time),
                    endMs: ReportTime.milliseconds(e.time),
                    status: .skipped,
                    line: line
                )
                a.message = "skipped by \(r.by.isEmpty ? "?" : r.by): \(r.reason)"
                attempts.append(a)
            case .stepReconciled(let r):
                if let i = attempts.lastIndex(where: { $0.step == r.step }) {
                    attempts[i].message +=
                        (attempts[i].message.isEmpty ? "" : "; ")
                        + "reconcile probe: effect \(r.present ? "present → done" : "absent → run again")"
                }
            case .gateWaiting(let r):
                gates.append(Gate(step: r.step, prompt: r.prompt, confirm: r.confirm, waitingSince: e.time))
                var a = StepAttempt(
                    step: r.step,
                    role: "main",
                    phase: phases[r.step] ?? currentPhase,
                    kind: "gate",
                    attempt: 0,
                    mutates: false,
                    startTime: e.time,
                    startMs: ReportTime.milliseconds(e.time),
                    status: .gate,
                    line: line
                )
                a.message = "waiting for approval"
                open[r.step] = attempts.count
                attempts.append(a)
            case .gateApproved(let r):
                let decision = Gate.Decision(
                    verdict: "approved",
                    by: r.approver.journalText,
                    time: e.time,
                    confirmation: r.confirmation,
                    runbookDigest: r.runbookDigest,
                    paramsDigest: r.paramsDigest,
                    progress: "\(r.count)/\(r.required)",
                    reason: nil
                )
                decided(r.step, decision, complete: r.complete, open: &open)
            case .gateRejected(let r):
                let decision = Gate.Decision(verdict: "rejected", by: r.by, time: e.time, reason: r.reason)
                decided(r.step, decision, complete: true, open: &open)
            case .gateTimedOut(let r):
                decided(r.step, Gate.Decision(verdict: "timed out", by: "", time: e.time), complete: true, open: &open)
            case .rollbackStarted(let r):
                rollbacks.append(
                    Rollback(
                        scenario: r.scenario,
                        trigger: r.trigger,
                        error: r.error,
                        manual: r.manual,
                        steps: r.steps,
                        startTime: e.time,
                        line: line
                    )
                )
            case .rollbackFinished(let r):
                if let i = rollbacks.lastIndex(where: { $0.scenario == r.scenario && $0.outcome == nil }) {
                    rollbacks[i].endTime = e.time
                    rollbacks[i].outcome = r.outcome
                    rollbacks[i].resumeFrom = r.resume?.from
                }
            case .runStarted(let r):
                marks.append(Mark(kind: "started", time: e.time, text: "run started by \(Self.or(r.operatorName))"))
            case .runResumed(let r):
                var text = "resumed by \(Self.or(r.operatorName))"
                if !r.changedSteps.isEmpty {
                    text += " with a changed runbook: " + r.changedSteps.joined(separator: ", ")
                }
                marks.append(Mark(kind: "resumed", time: e.time, text: text))
            case .runInterrupted(let r):
                // Whatever was open stops here: gates stop waiting, running steps become in doubt.
                for i in open.values.sorted() {
                    attempts[i].endTime = e.time
                    attempts[i].endMs = ReportTime.milliseconds(e.time)
                    if attempts[i].status == .gate { attempts[i].message = "stopped waiting" }
                }
                open = [:]
                marks.append(Mark(kind: "interrupted", time: e.time, text: r.reason))
            case .runFinished(let r):
                marks.append(
                    Mark(
                        kind: "finished",
                        time: e.time,
                        text: "\(Self.or(r.outcomeText)) (exit \(r.exitCode)): \(r.message)"
                    )
                )
            case .transferCheckpoint(let r):
                checkpoints[r.step, default: []].append(r.data)
            case .journalRepaired(let r):
                marks.append(Mark(kind: "repaired", time: e.time, text: r.warning))
            case .abortTriggered(let r):
                marks.append(Mark(kind: "aborted", time: e.time, text: "abort_if (\(r.scope)): \(r.query)"))
            case .stepInDoubt, .syncBatch, .notifyFailed, .notifySummary, .unknown:
                break
            }
        }
    }

    /// The attempt a step result ends: the open one, or a zero-length failed attempt for a result without a start
    /// (a template that could not render).
    mutating func ended(
        _ step: String,
        open: inout [String: Int],
        guard isGuard: Bool,
        attempt: Int,
        time: String,
        line: Int
    ) -> Int {
        let i: Int
        if let o = open[step] {
            i = o
        } else {
            attempts.append(
                StepAttempt(
                    step: step,
                    role: isGuard ? "guard" : "main",
                    kind: "",
                    attempt: attempt,
                    mutates: false,
                    startTime: time,
                    startMs: ReportTime.milliseconds(time),
                    status: .failed,
                    line: line
                )
            )
            i = attempts.count - 1
        }
        open[step] = nil
        attempts[i].endTime = time
        attempts[i].endMs = ReportTime.milliseconds(time)
        return i
    }

    /// Records a gate decision; one that completes the gate closes its open attempt.
    mutating func decided(_ step: String, _ decision: Gate.Decision, complete: Bool, open: inout [String: Int]) {
        if let g = gates.lastIndex(where: { $0.step == step }) {
            gates[g].decisions.append(decision)
        } else {
            gates.append(Gate(step: step, prompt: "", waitingSince: decision.time, decisions: [decision]))
        }
        guard complete, let i = open[step] else { return }
        open[step] = nil
        attempts[i].endTime = decision.time
        attempts[i].endMs = ReportTime.milliseconds(decision.time)
        attempts[i].message = decision.verdict + (decision.by.isEmpty ? "" : " by \(decision.by)")
    }

    static func or(_ text: String) -> String { text.isEmpty ? "?" : text }

    /// The run's wall-clock span in milliseconds (first to last event).
    public var spanMs: Int64 {
        guard let startMs, let endMs else { return 0 }
        return max(0, endMs - startMs)
    }
}
