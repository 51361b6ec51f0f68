/// Step attempts, gates and batch progress.
extension TraceBuilder {
    mutating func newStepSpan(
        _ event: JournalEvent,
        name: String,
        role: String?,
        at time: Int64
    ) -> (
        span: TraceSpan, closed: [TraceSpan]
    ) {
        let data = event.data
        let id = data["step"]?.text ?? ""
        let (parent, closed) = parent(
            forStep: id,
            role: role,
            phase: data["phase"].flatMap { $0 == .null ? nil : $0.text },
            seq: event.seq,
            at: time
        )
        touchPhase(parent, time)
        var span = TraceSpan(
            traceID: ids.traceID,
            spanID: ids.spanID(forEvent: event.seq),
            parentSpanID: parent,
            name: name,
            startUnixNano: time,
            endUnixNano: time
        )
        span.set("runbook.step.id", .string(id))
        if let role { span.set("runbook.step.role", .string(role)) }
        if let phase = info[id]?.phase { span.set("runbook.phase", .string(phase)) }
        for attribute in info[id]?.attributes ?? [] { span.set(attribute.key, attribute.value) }
        return (span, closed)
    }

    mutating func startStep(_ event: JournalEvent, at time: Int64) -> [TraceSpan] {
        let data = event.data
        let id = data["step"]?.text ?? ""
        var done: [TraceSpan] = []
        if let stale = steps.removeValue(forKey: id) {
            done.append(Self.closed(stale, at: time, outcome: "interrupted", message: "a new attempt started"))
        }
        let role = data["role"]?.text ?? (event.type == JournalEventType.guardStarted ? "guard" : "main")
        let kind = data["kind"]?.text ?? ""
        var (span, closed) = newStepSpan(
            event,
            name: "\(role == "guard" ? "guard" : "step") \(id)",
            role: role,
            at: time
        )
        done += closed
        span.set("runbook.step.kind", .string(kind))
        if let attempt = data["attempt"], case .int = attempt { span.set("runbook.step.attempt", attempt) }
        if let mutates = data["mutates"], case .bool = mutates { span.set("runbook.step.mutates", mutates) }
        if kind == "sql" || kind == "cypher", case .list(let lines)? = data["command"], let first = lines.first {
            let text = lines.map(\.text).joined(separator: "\n")
            if let operation = Self.operationName(first.text) { span.set("db.operation.name", .string(operation)) }
            span.set("db.query.text", .string(String(text.prefix(2048))))
        }
        steps[id] = span
        return done
    }

    mutating func endStep(_ event: JournalEvent, at time: Int64, failed: Bool) -> [TraceSpan] {
        let data = event.data
        let id = data["step"]?.text ?? ""
        var done: [TraceSpan] = []
        var span: TraceSpan
        if let open = steps.removeValue(forKey: id) {
            span = open
        } else {
            // A failure decided before the step started (a template that did not render): an instant span.
            let role: String? = event.type.hasPrefix("guard.") ? "guard" : nil
            let made = newStepSpan(event, name: "\(role == "guard" ? "guard" : "step") \(id)", role: role, at: time)
            span = made.span
            done += made.closed
        }
        span.endUnixNano = max(span.startUnixNano, time)
        if let parent = span.parentSpanID { touchPhase(parent, time) }
        if let ms = data["duration_ms"], case .int = ms { span.set("runbook.step.duration_ms", ms) }
        if failed {
            let error = data["error"]?.text ?? "failed"
            span.set("runbook.step.outcome", .string("failed"))
            span.set("runbook.step.error", .string(error))
            if let final = data["final"], case .bool = final { span.set("runbook.step.final", final) }
            if let retry = data["retry_in_ms"], case .int = retry { span.set("runbook.step.retry_in_ms", retry) }
            if let onFailure = data["on_failure"]?.text, !onFailure.isEmpty {
                span.set("runbook.step.on_failure", .string(onFailure))
            }
            let injected = data["injected"]?.text ?? ""
            if !injected.isEmpty { span.set("runbook.step.injected", .string(injected)) }
            span.set("error.type", .string(injected.isEmpty ? "step_failed" : "injected_\(injected)"))
            span.status = .error
            span.statusMessage = error
        } else {
            span.set("runbook.step.outcome", .string("succeeded"))
            if let summary = data["summary"]?.text, !summary.isEmpty {
                span.set("runbook.step.summary", .string(summary))
            }
            span.status = .ok
        }
        return done + [span]
    }

    mutating func skipStep(_ event: JournalEvent, at time: Int64) -> [TraceSpan] {
        var (span, done) = newStepSpan(event, name: "step \(event.data["step"]?.text ?? "")", role: nil, at: time)
        span.set("runbook.step.outcome", .string("skipped"))
        for key in ["reason", "by"] {
            if let value = event.data[key]?.text, !value.isEmpty {
                span.set("runbook.step.skip_\(key)", .string(value))
            }
        }
        return done + [span]
    }

    /// Ends every open step attempt (the runner stopped or the run ended while it ran).
    mutating func closeSteps(at time: Int64, outcome: String, message: String) -> [TraceSpan] {
        let open = sorted(steps)
        steps = [:]
        return open.map { Self.closed($0, at: time, outcome: outcome, message: message) }
    }

    static func closed(_ span: TraceSpan, at time: Int64, outcome: String, message: String) -> TraceSpan {
        var span = span
        span.endUnixNano = max(span.startUnixNano, time)
        span.set("runbook.step.outcome", .string(outcome))
        span.status = .error
        span.statusMessage = message
        return span
    }

    // MARK: - Gates

    mutating func startGate(_ event: JournalEvent, at time: Int64) -> [TraceSpan] {
        let data = event.data
        let id = data["step"]?.text ?? ""
        var done: [TraceSpan] = []
        if let stale = gates.removeValue(forKey: id) { done.append(stale) }
        var (span, closed) = newStepSpan(event, name: "gate \(id)", role: nil, at: time)
        done += closed
        span.set("runbook.step.kind", .string("gate"))
        if let approvers = data["approvers"], case .int = approvers { span.set("runbook.gate.approvers", approvers) }
        if let prompt = data["prompt"]?.text, !prompt.isEmpty { span.set("runbook.gate.prompt", .string(prompt)) }
        gates[id] = span
        return done
    }

    mutating func gateDecision(_ event: JournalEvent, at time: Int64) -> [TraceSpan] {
        let data = event.data
        let id = data["step"]?.text ?? ""
        guard var span = gates[id] else {
            rootEvent(event, time, keys: ["step", "approver", "by", "reason"])
            return []
        }
        Self.addEvent(to: &span, Self.spanEvent(event, time, keys: ["approver", "count", "required", "by", "reason"]))
        span.endUnixNano = max(span.startUnixNano, time)
        if let parent = span.parentSpanID { touchPhase(parent, time) }
        switch event.type {
        case JournalEventType.gateApproved:
            guard data["complete"] == .bool(true) else {
                gates[id] = span
                return []
            }
            span.set("runbook.gate.outcome", .string("approved"))
            span.status = .ok
        case JournalEventType.gateRejected:
            span.set("runbook.gate.outcome", .string("rejected"))
            span.status = .error
            span.statusMessage = "rejected by \(data["by"]?.text ?? "?"): \(data["reason"]?.text ?? "")"
        default:
            span.set("runbook.gate.outcome", .string("timed_out"))
            span.status = .error
            span.statusMessage = "timed out"
        }
        gates[id] = nil
        return [span]
    }

    // MARK: - Transfer and sync batches

    mutating func progress(_ event: JournalEvent, step id: String, at time: Int64) {
        guard var span = steps[id] else { return }
        let data = event.data
        func int(_ key: String) -> Int64 {
            if case .int(let n)? = data[key] { return n }
            return 0
        }
        if event.type == JournalEventType.transferCheckpoint {
            Self.addEvent(to: &span, Self.spanEvent(event, time, keys: ["rows", "batches", "last_key"]))
            span.set("runbook.transfer.rows", .int(int("rows")))
            span.set("runbook.transfer.batches", .int(int("batches")))
            span.set("runbook.rows_moved", .int(int("rows")))
        } else {
            Self.addEvent(to: &span, Self.spanEvent(event, time, keys: ["batch", "upserted", "deleted", "transient"]))
            func sum(_ key: String) -> Int64 {
                if case .int(let n)? = span.attribute(key) { return n }
                return 0
            }
            let upserted = sum("runbook.sync.upserted") + int("upserted")
            let deleted = sum("runbook.sync.deleted") + int("deleted")
            span.set("runbook.sync.upserted", .int(upserted))
            span.set("runbook.sync.deleted", .int(deleted))
            span.set("runbook.sync.batches", .int(sum("runbook.sync.batches") + 1))
            span.set("runbook.rows_moved", .int(upserted + deleted))
        }
        steps[id] = span
    }

    // MARK: - Helpers

    /// A span event named after the journal event, with the listed `data` fields that are present as attributes.
    static func spanEvent(_ event: JournalEvent, _ time: Int64, keys: [String]) -> TraceSpan.Event {
        var attributes: [TraceAttribute] = [TraceAttribute("runbook.journal.seq", .int(Int64(event.seq)))]
        for key in keys {
            guard let value = event.data[key], value != .null else { continue }
            switch value {
            case .string(let s) where s.isEmpty: continue
            case .bool, .int, .double, .string: attributes.append(TraceAttribute("runbook.\(key)", value))
            default: attributes.append(TraceAttribute("runbook.\(key)", .string(value.text)))
            }
        }
        return TraceSpan.Event(name: event.type, timeUnixNano: time, attributes: attributes)
    }

    static func addEvent(to span: inout TraceSpan, _ event: TraceSpan.Event) {
        if span.events.count < maxEventsPerSpan {
            span.events.append(event)
        } else {
            span.droppedEvents += 1
        }
    }

    /// The first keyword of a statement (`SELECT`, `MATCH`), upper-cased, as `db.operation.name`.
    static func operationName(_ statement: String) -> String? {
        let word = statement.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "(" }.prefix { $0.isLetter }
        return word.isEmpty ? nil : word.uppercased()
    }
}
