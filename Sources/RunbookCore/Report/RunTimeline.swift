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
            let d = e.data
            let step = d["step"]?.text ?? ""
            if let ms = ReportTime.milliseconds(e.time) {
                startMs = min(startMs ?? ms, ms)
                endMs = max(endMs ?? ms, ms)
            }
            switch e.type {
            case JournalEventType.guardStarted, JournalEventType.stepStarted:
                var a = StepAttempt(
                    step: step,
                    role: d["role"]?.text ?? (e.type == JournalEventType.guardStarted ? "guard" : "main"),
                    phase: d["phase"].flatMap { $0 == .null ? nil : $0.text },
                    kind: d["kind"]?.text ?? "",
                    attempt: Int(d["attempt"]?.numeric ?? 1),
                    mutates: d["mutates"] == .bool(true),
                    startTime: e.time,
                    startMs: ReportTime.milliseconds(e.time),
                    status: .inDoubt,
                    line: index + 1
                )
                if case .list(let lines)? = d["command"] { a.command = lines.map(\.text) }
                if a.role == "main" { currentPhase = a.phase ?? currentPhase }
                open[step] = attempts.count
                attempts.append(a)
            case JournalEventType.stepOutput:
                guard let i = open[step] else { continue }
                if d["stream"]?.text == "stderr" {
                    attempts[i].stderr += d["text"]?.text ?? ""
                } else {
                    attempts[i].stdout += d["text"]?.text ?? ""
                }
            case JournalEventType.guardPassed, JournalEventType.stepSucceeded,
                JournalEventType.guardFailed, JournalEventType.stepFailed:
                let succeeded = e.type == JournalEventType.guardPassed || e.type == JournalEventType.stepSucceeded
                let i: Int
                if let o = open[step] {
                    i = o
                } else {
                    // A failure without a start (a template that could not render): a zero-length attempt.
                    attempts.append(
                        StepAttempt(
                            step: step,
                            role: e.type.hasPrefix("guard") ? "guard" : "main",
                            kind: "",
                            attempt: Int(d["attempt"]?.numeric ?? 0),
                            mutates: false,
                            startTime: e.time,
                            startMs: ReportTime.milliseconds(e.time),
                            status: .failed,
                            line: index + 1
                        )
                    )
                    i = attempts.count - 1
                }
                open[step] = nil
                attempts[i].endTime = e.time
                attempts[i].endMs = ReportTime.milliseconds(e.time)
                attempts[i].durationMs = d["duration_ms"].flatMap { $0.numeric.map { Int64($0) } }
                attempts[i].summary = d["summary"]?.text ?? ""
                attempts[i].value = d["value"] ?? .null
                if case .map(let pairs)? = d["outputs"] { attempts[i].outputs = pairs }
                if succeeded {
                    attempts[i].status = .succeeded
                } else {
                    attempts[i].status = d["final"] == .bool(false) ? .retried : .failed
                    let injected = d["injected"].map { "[injected: \($0.text)] " } ?? ""
                    let warned =
                        d["on_failure"]?.text == "warn" && d["final"] != .bool(false) ? "[warning] " : ""
                    attempts[i].message = injected + warned + (d["error"]?.text ?? "")
                    attempts[i].detail = d["detail"].flatMap { $0 == .null ? nil : $0.text } ?? ""
                }
            case JournalEventType.stepSkipped:
                open[step] = nil
                var a = StepAttempt(
                    step: step,
                    role: "main",
                    phase: phases[step] ?? currentPhase,
                    kind: "",
                    attempt: 0,
                    mutates: false,
                    startTime: e.time,
                    endTime: e.time,
                    startMs: ReportTime.milliseconds(e.time),
                    endMs: ReportTime.milliseconds(e.time),
                    status: .skipped,
                    line: index + 1
                )
                a.message = "skipped by \(d["by"]?.text ?? "?"): \(d["reason"]?.text ?? "")"
                attempts.append(a)
            case JournalEventType.stepReconciled:
                if let i = attempts.lastIndex(where: { $0.step == step }) {
                    let present = d["present"] == .bool(true)
                    attempts[i].message +=
                        (attempts[i].message.isEmpty ? "" : "; ")
                        + "reconcile probe: effect \(present ? "present → done" : "absent → run again")"
                }
            case JournalEventType.gateWaiting:
                gates.append(
                    Gate(
                        step: step,
                        prompt: d["prompt"]?.text ?? "",
                        confirm: d["confirm"].flatMap { $0 == .null ? nil : $0.text },
                        waitingSince: e.time
                    )
                )
                var a = StepAttempt(
                    step: step,
                    role: "main",
                    phase: phases[step] ?? currentPhase,
                    kind: "gate",
                    attempt: 0,
                    mutates: false,
                    startTime: e.time,
                    startMs: ReportTime.milliseconds(e.time),
                    status: .gate,
                    line: index + 1
                )
                a.message = "waiting for approval"
                open[step] = attempts.count
                attempts.append(a)
            case JournalEventType.gateApproved, JournalEventType.gateRejected, JournalEventType.gateTimedOut:
                let verdict =
                    e.type == JournalEventType.gateApproved
                    ? "approved" : (e.type == JournalEventType.gateRejected ? "rejected" : "timed out")
                let decision = Gate.Decision(
                    verdict: verdict,
                    by: d["approver"]?.text ?? d["by"]?.text ?? "",
                    time: e.time,
                    confirmation: d["confirmation"].flatMap { $0 == .null ? nil : $0.text },
                    runbookDigest: d["runbook_digest"]?.text,
                    paramsDigest: d["params_digest"]?.text,
                    progress: d["count"].map { "\($0.text)/\(d["required"]?.text ?? "1")" },
                    reason: d["reason"]?.text
                )
                if let g = gates.lastIndex(where: { $0.step == step }) {
                    gates[g].decisions.append(decision)
                } else {
                    gates.append(Gate(step: step, prompt: "", waitingSince: e.time, decisions: [decision]))
                }
                let complete = e.type != JournalEventType.gateApproved || d["complete"] != .bool(false)
                if complete, let i = open[step] {
                    open[step] = nil
                    attempts[i].endTime = e.time
                    attempts[i].endMs = ReportTime.milliseconds(e.time)
                    attempts[i].message = verdict + (decision.by.isEmpty ? "" : " by \(decision.by)")
                }
            case JournalEventType.rollbackStarted:
                rollbacks.append(
                    Rollback(
                        scenario: d["scenario"]?.text ?? "",
                        trigger: d["trigger"]?.text ?? "",
                        error: d["error"]?.text ?? "",
                        manual: d["manual"] == .bool(true),
                        steps: { if case .list(let l)? = d["steps"] { return l.map(\.text) } else { return [] } }(),
                        startTime: e.time,
                        line: index + 1
                    )
                )
            case JournalEventType.rollbackFinished:
                let scenario = d["scenario"]?.text ?? ""
                if let r = rollbacks.lastIndex(where: { $0.scenario == scenario && $0.outcome == nil }) {
                    rollbacks[r].endTime = e.time
                    rollbacks[r].outcome = d["outcome"]?.text ?? ""
                    rollbacks[r].resumeFrom = d["resume_from"]?.text
                }
            case JournalEventType.runStarted:
                marks.append(Mark(kind: "started", time: e.time, text: "run started by \(d["operator"]?.text ?? "?")"))
            case JournalEventType.runResumed:
                var text = "resumed by \(d["operator"]?.text ?? "?")"
                if case .list(let changed)? = d["changed_steps"], !changed.isEmpty {
                    text += " with a changed runbook: " + changed.map(\.text).joined(separator: ", ")
                }
                marks.append(Mark(kind: "resumed", time: e.time, text: text))
            case JournalEventType.runInterrupted:
                // Whatever was open stops here: gates stop waiting, running steps become in doubt.
                for i in open.values.sorted() {
                    attempts[i].endTime = e.time
                    attempts[i].endMs = ReportTime.milliseconds(e.time)
                    if attempts[i].status == .gate { attempts[i].message = "stopped waiting" }
                }
                open = [:]
                marks.append(Mark(kind: "interrupted", time: e.time, text: d["reason"]?.text ?? ""))
            case JournalEventType.runFinished:
                marks.append(
                    Mark(
                        kind: "finished",
                        time: e.time,
                        text: "\(d["outcome"]?.text ?? "?") (exit \(d["exit_code"]?.text ?? "?")): "
                            + (d["message"]?.text ?? "")
                    )
                )
            case JournalEventType.transferCheckpoint:
                checkpoints[step, default: []].append(d)
            case JournalEventType.journalRepaired:
                marks.append(Mark(kind: "repaired", time: e.time, text: d["warning"]?.text ?? ""))
            default:
                break
            }
        }
    }

    /// The run's wall-clock span in milliseconds (first to last event).
    public var spanMs: Int64 {
        guard let startMs, let endMs else { return 0 }
        return max(0, endMs - startMs)
    }
}
