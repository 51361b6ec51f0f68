/// Folds a run's journal into the spans of its trace: the run as the root span; phases, rollbacks, gates and step
/// attempts below it; retries, transfer checkpoints, sync batches, approvals and resumptions as attributes and span
/// events.
///
/// Pure and deterministic: ids come from `TraceIDs`, times from the journal, so the live exporter (which feeds the
/// events as they are journaled) and `runbook export --format otlp` (which feeds a whole journal) produce the same
/// spans. `apply` returns the spans an event completes; `openSpans()` the ones still open, ended at the last event.
public struct TraceBuilder: Sendable {
    /// Span events kept per span; later ones are counted in `droppedEvents`.
    public static let maxEventsPerSpan = 1000

    /// The run's ids.
    public let ids: TraceIDs
    let info: [String: TraceStepInfo]
    var root: TraceSpan?
    var phase: (id: String, span: TraceSpan)?
    var rollback: (scenario: String, steps: Set<String>, span: TraceSpan)?
    var steps: [String: TraceSpan] = [:]
    var gates: [String: TraceSpan] = [:]
    var lastTime: Int64 = 0
    /// Whether `run.finished` was seen (the root span is complete).
    public private(set) var finished = false

    /// A builder for run `runID`; `info` adds each step's phase and target attributes (empty when unknown).
    public init(runID: String, info: [String: TraceStepInfo] = [:]) {
        self.ids = TraceIDs(runID: runID)
        self.info = info
    }

    /// Every span of a journal once: the completed ones, then those still open (ended at the last event).
    public static func spans(
        of events: [JournalEvent],
        runID: String,
        info: [String: TraceStepInfo] = [:]
    ) -> [TraceSpan] {
        var builder = TraceBuilder(runID: runID, info: info)
        var spans: [TraceSpan] = []
        for event in events { spans += builder.apply(event) }
        spans += builder.openSpans()
        // A span completed twice (the root of a run that finished, was resumed and finished again) is kept once,
        // as it was last.
        var last: [String: Int] = [:]
        for (i, span) in spans.enumerated() { last[span.spanID] = i }
        return spans.enumerated().filter { last[$0.element.spanID] == $0.offset }.map(\.element)
    }

    /// The spans still open, ended at the last event's time: the root (outcome `stopped` while the run has not
    /// finished), the open phase, rollback, gates and step attempts.
    public func openSpans() -> [TraceSpan] {
        var out: [TraceSpan] = []
        if var root, !finished {
            root.endUnixNano = max(root.startUnixNano, lastTime)
            root.set("runbook.outcome", .string("stopped"))
            out.append(root)
        }
        for span in [phase?.span, rollback?.span].compactMap({ $0 }) + sorted(gates) + sorted(steps) {
            var open = span
            open.endUnixNano = max(open.startUnixNano, lastTime)
            out.append(open)
        }
        return out
    }

    func sorted(_ spans: [String: TraceSpan]) -> [TraceSpan] {
        spans.values.sorted { ($0.startUnixNano, $0.spanID) < ($1.startUnixNano, $1.spanID) }
    }

    /// Applies one journal event; returns the spans it completed.
    public mutating func apply(_ event: JournalEvent) -> [TraceSpan] {
        let time = ReportTime.milliseconds(event.time).map { $0 * 1_000_000 } ?? lastTime
        let previous = lastTime
        lastTime = max(lastTime, time)
        if root == nil { openRoot(event, at: time) }
        let data = event.data
        let step = data["step"]?.text ?? ""
        var done: [TraceSpan] = []
        switch event.type {
        case JournalEventType.runStarted:
            break
        case JournalEventType.runResumed:
            finished = false
            done += closeSteps(at: previous, outcome: "interrupted", message: "the runner stopped during the step")
            rootEvent(event, time, keys: ["operator", "host", "reentry", "step", "reason"])
        case JournalEventType.runInterrupted:
            done += closeSteps(at: time, outcome: "interrupted", message: data["reason"]?.text ?? "interrupted")
            rootEvent(event, time, keys: ["reason"])
        case JournalEventType.runFinished:
            done += finish(event, at: time)
        case JournalEventType.stepStarted, JournalEventType.guardStarted:
            done += startStep(event, at: time)
        case JournalEventType.stepSucceeded, JournalEventType.guardPassed:
            done += endStep(event, at: time, failed: false)
        case JournalEventType.stepFailed, JournalEventType.guardFailed:
            done += endStep(event, at: time, failed: true)
        case JournalEventType.stepSkipped:
            done += skipStep(event, at: time)
        case JournalEventType.gateWaiting:
            done += startGate(event, at: time)
        case JournalEventType.gateApproved, JournalEventType.gateRejected, JournalEventType.gateTimedOut:
            done += gateDecision(event, at: time)
        case JournalEventType.rollbackStarted:
            done += startRollback(event, at: time)
        case JournalEventType.rollbackFinished:
            done += finishRollback(event, at: time)
        case JournalEventType.transferCheckpoint, JournalEventType.syncBatch:
            progress(event, step: step, at: time)
        case JournalEventType.stepInDoubt, JournalEventType.stepReconciled:
            rootEvent(event, time, keys: ["step", "attempt", "present", "detail"])
        case JournalEventType.journalRepaired:
            rootEvent(event, time, keys: ["warning"])
        default:
            break
        }
        return done
    }

    // MARK: - The run

    mutating func openRoot(_ event: JournalEvent, at time: Int64) {
        let data = event.data
        let runbook = data["runbook"]?.text ?? ""
        var span = TraceSpan(
            traceID: ids.traceID,
            spanID: ids.rootSpanID,
            parentSpanID: nil,
            name: runbook.isEmpty ? "run" : "run \(runbook)",
            startUnixNano: time,
            endUnixNano: time
        )
        span.set("runbook.run.id", .string(ids.runID))
        if event.type == JournalEventType.runStarted {
            for (key, field) in [
                ("runbook.id", "runbook"), ("runbook.digest", "runbook_digest"), ("runbook.file", "file"),
                ("runbook.operator", "operator"), ("runbook.host", "host"), ("runbook.tool_version", "tool_version"),
            ] {
                if let value = data[field]?.text, !value.isEmpty { span.set(key, .string(value)) }
            }
            if case .list(let injections)? = data["injections"], !injections.isEmpty {
                let texts = injections.map { "\($0["step"]?.text ?? "")=\($0["mode"]?.text ?? "")" }
                span.set("runbook.injections", .list(texts.map(Value.string)))
            }
        }
        root = span
    }

    mutating func rootEvent(_ event: JournalEvent, _ time: Int64, keys: [String]) {
        guard var span = root else { return }
        Self.addEvent(to: &span, Self.spanEvent(event, time, keys: keys))
        root = span
    }

    mutating func finish(_ event: JournalEvent, at time: Int64) -> [TraceSpan] {
        var done = closeSteps(at: time, outcome: "interrupted", message: "the run finished during the step")
        for (id, var gate) in gates {
            gate.endUnixNano = max(gate.startUnixNano, time)
            gate.set("runbook.gate.outcome", .string("unanswered"))
            done.append(gate)
            gates[id] = nil
        }
        done += closePhase()
        if var open = rollback?.span {
            open.endUnixNano = max(open.startUnixNano, time)
            done.append(open)
            rollback = nil
        }
        guard var span = root else { return done }
        let outcome = event.data["outcome"]?.text ?? ""
        span.endUnixNano = max(span.startUnixNano, time)
        span.set("runbook.outcome", .string(outcome))
        if let code = event.data["exit_code"], case .int = code { span.set("runbook.exit_code", code) }
        span.status = .unset
        span.statusMessage = ""
        if outcome == RunOutcome.failed.rawValue || outcome == RunOutcome.rollbackFailed.rawValue {
            span.status = .error
            span.statusMessage = event.data["message"]?.text ?? outcome
        } else if outcome == RunOutcome.succeeded.rawValue || outcome == RunOutcome.succeededWithWarnings.rawValue {
            span.status = .ok
        }
        root = span
        finished = true
        return done + [span]
    }

    // MARK: - Phases and rollbacks

    /// The span a step's span goes under: its rollback's, its phase's (opened when it is not the open one), or the
    /// root.
    mutating func parent(
        forStep id: String,
        role: String?,
        phase phaseID: String?,
        seq: Int,
        at time: Int64
    )
        -> (parent: String, closed: [TraceSpan])
    {
        if role == "guard" { return (ids.rootSpanID, []) }
        if let rollback, role == "rollback:\(rollback.scenario)" || (role == nil && rollback.steps.contains(id)) {
            return (rollback.span.spanID, [])
        }
        guard let phaseID = phaseID ?? info[id]?.phase else { return (ids.rootSpanID, []) }
        if let phase, phase.id == phaseID { return (phase.span.spanID, []) }
        let closed = closePhase()
        var span = TraceSpan(
            traceID: ids.traceID,
            spanID: ids.spanID("phase \(seq)"),
            parentSpanID: ids.rootSpanID,
            name: "phase \(phaseID)",
            startUnixNano: time,
            endUnixNano: time
        )
        span.set("runbook.phase", .string(phaseID))
        phase = (phaseID, span)
        return (span.spanID, closed)
    }

    /// Marks the open phase as having lasted until `time`.
    mutating func touchPhase(_ parent: String, _ time: Int64) {
        guard var open = phase, open.span.spanID == parent else { return }
        open.span.endUnixNano = max(open.span.endUnixNano, time)
        phase = open
    }

    mutating func closePhase() -> [TraceSpan] {
        guard let open = phase else { return [] }
        phase = nil
        return [open.span]
    }

    mutating func startRollback(_ event: JournalEvent, at time: Int64) -> [TraceSpan] {
        var done = closePhase()
        if let open = rollback?.span { done.append(open) }
        let data = event.data
        let scenario = data["scenario"]?.text ?? ""
        var span = TraceSpan(
            traceID: ids.traceID,
            spanID: ids.spanID(forEvent: event.seq),
            parentSpanID: ids.rootSpanID,
            name: "rollback \(scenario)",
            startUnixNano: time,
            endUnixNano: time
        )
        span.set("runbook.rollback.scenario", .string(scenario))
        for key in ["trigger", "error"] {
            if let value = data[key]?.text, !value.isEmpty { span.set("runbook.rollback.\(key)", .string(value)) }
        }
        if let manual = data["manual"], case .bool = manual { span.set("runbook.rollback.manual", manual) }
        var members: Set<String> = []
        if case .list(let steps)? = data["steps"] { members = Set(steps.map(\.text)) }
        rollback = (scenario, members, span)
        return done
    }

    mutating func finishRollback(_ event: JournalEvent, at time: Int64) -> [TraceSpan] {
        guard var span = rollback?.span else { return [] }
        rollback = nil
        let outcome = event.data["outcome"]?.text ?? ""
        span.endUnixNano = max(span.startUnixNano, time)
        span.set("runbook.rollback.outcome", .string(outcome))
        if let resume = event.data["resume_from"]?.text, !resume.isEmpty {
            span.set("runbook.rollback.resume_from", .string(resume))
        }
        if outcome == "failed" {
            span.status = .error
            span.statusMessage = "rollback failed"
        } else {
            span.status = .ok
        }
        return [span]
    }
}
