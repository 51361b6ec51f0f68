/// Renders a run's journal as a human timeline (`runbook replay`) or as JSON.
public enum ReplayRenderer {
    /// The timeline as text: one line per meaningful event, with output and details indented.
    public static func text(_ result: JournalReadResult, verification: Bool) -> String {
        var out = header(result.events)
        for e in result.events { out += lines(for: e) }
        let state = RunState(events: result.events)
        out.append("")
        out.append(footer(state))
        if !state.inFlight.isEmpty { out.append("In doubt: \(state.inFlight.joined(separator: ", "))") }
        if verification { out.append(verificationLine(result)) }
        return out.joined(separator: "\n") + "\n"
    }

    /// The run's identity lines: run, runbook file and digest, operator, tool version, params, then a blank line.
    public static func header(_ events: [JournalEvent]) -> [String] {
        var out: [String] = []
        let state = RunState(events: events)
        out.append("Run \(state.runID) of \(state.runbookID)")
        out.append("  file \(state.runbookFile), digest \(state.runbookDigest)")
        out.append("  started \(state.startedAt) by \(state.operatorName)")
        if let started = events.first(where: { $0.type == JournalEventType.runStarted }) {
            if let tool = started.data["tool_version"] {
                out.append("  tool version \(tool.text), host \(started.data["host"]?.text ?? "?")")
            }
            if case .map(let params)? = started.data["params"], !params.isEmpty {
                out.append("  params: " + params.map { "\($0.key)=\($0.value.text)" }.joined(separator: ", "))
            }
        }
        out.append("")
        return out
    }

    /// The text lines of one event (none for events with nothing to show).
    public static func lines(for e: JournalEvent) -> [String] {
        var out: [String] = []
        let d = e.data
        let step = d["step"]?.text ?? ""
        let t = shortTime(e.time)
        switch e.type {
        case JournalEventType.runStarted:
            out.append("\(t)  ▶ run started")
            if case .list(let items)? = d["injections"], !items.isEmpty {
                let list = items.compactMap(FaultInjection.init(value:)).map { "--inject \($0.argument)" }
                out.append("              injecting failures: \(list.joined(separator: " "))")
            }
        case JournalEventType.runResumed:
            out.append("\(t)  ▶ resumed by \(d["operator"]?.text ?? "?")" + changedNote(d))
        case JournalEventType.runInterrupted: out.append("\(t)  ■ interrupted: \(d["reason"]?.text ?? "")")
        case JournalEventType.runFinished:
            out.append(
                "\(t)  ■ finished: \(d["outcome"]?.text ?? "?") (exit \(d["exit_code"]?.text ?? "?")) — \(d["message"]?.text ?? "")"
            )
            if case .list(let warnings)? = d["warnings"] {
                for w in warnings { out.append("              ⚠ \(w["step"]?.text ?? ""): \(w["error"]?.text ?? "")") }
            }
        case JournalEventType.guardStarted, JournalEventType.stepStarted:
            let attempt = d["attempt"]?.numeric.map { Int($0) } ?? 1
            let kind = d["kind"]?.text ?? ""
            let role = d["role"]?.text ?? ""
            out.append(
                "\(t)    \(step) started [\(kind)\(role == "main" ? "" : ", \(role)")]\(attempt > 1 ? " attempt \(attempt)" : "")"
            )
            if case .list(let lines)? = d["command"] { for l in lines { out.append("              │ \(l.text)") } }
        case JournalEventType.stepOutput:
            for l in (d["text"]?.text ?? "").split(separator: "\n", omittingEmptySubsequences: false).prefix(50)
            where !l.isEmpty {
                out.append("              \(d["stream"]?.text == "stderr" ? "!" : ">") \(l)")
            }
        case JournalEventType.guardPassed, JournalEventType.stepSucceeded:
            out.append("\(t)    ✔ \(step) \(d["summary"]?.text ?? "") (\(ms(d["duration_ms"])))" + outputsNote(d))
        case JournalEventType.guardFailed, JournalEventType.stepFailed:
            let retry = d["retry_in_ms"].map { ", retry in \(ms($0))" } ?? ""
            let injected = d["injected"].map { " [INJECTED: \($0.text)]" } ?? ""
            let warned = d["on_failure"]?.text == "warn" && d["final"] != .bool(false) ? " [warning]" : ""
            out.append("\(t)    ✘ \(step)\(injected)\(warned) \(d["error"]?.text ?? "")\(retry)")
            if let detail = d["detail"], detail != .null {
                for l in detail.text.split(separator: "\n").prefix(20) { out.append("              \(l)") }
            }
        case JournalEventType.stepSkipped:
            out.append("\(t)    ↷ \(step) skipped by \(d["by"]?.text ?? "?"): \(d["reason"]?.text ?? "")")
        case JournalEventType.stepInDoubt:
            out.append("\(t)    ? \(step) was in flight when the run stopped (in doubt)")
        case JournalEventType.stepReconciled:
            out.append(
                "\(t)    ? \(step) reconcile probe: effect \(d["present"] == .bool(true) ? "present → done" : "absent → run again")"
            )
        case JournalEventType.gateWaiting: out.append("\(t)    ⏸ gate \(step) waiting: \(d["prompt"]?.text ?? "")")
        case JournalEventType.gateApproved:
            let typed = d["confirmation"].flatMap { $0 == .null ? nil : " typed '\($0.text)'" } ?? ""
            out.append(
                "\(t)    ✔ gate \(step) approved by \(d["approver"]?.text ?? "?")\(typed) (\(d["count"]?.text ?? "1")/\(d["required"]?.text ?? "1"); runbook \(d["runbook_digest"]?.text.prefix(12) ?? ""), params \(d["params_digest"]?.text.prefix(12) ?? ""))"
            )
        case JournalEventType.gateRejected:
            out.append("\(t)    ✘ gate \(step) rejected by \(d["by"]?.text ?? "?"): \(d["reason"]?.text ?? "")")
        case JournalEventType.gateTimedOut: out.append("\(t)    ⌛ gate \(step) timed out")
        case JournalEventType.rollbackStarted:
            out.append(
                "\(t)  ↺ rollback \(d["scenario"]?.text ?? "") started (\(d["manual"] == .bool(true) ? "manual" : "triggered by \(d["trigger"]?.text ?? "?")")): \(d["error"]?.text ?? "")"
            )
        case JournalEventType.rollbackFinished:
            out.append(
                "\(t)  ↺ rollback \(d["scenario"]?.text ?? "") \(d["outcome"]?.text ?? "")"
                    + (d["resume_from"].map { ", resuming at \($0.text)" } ?? "")
            )
        case JournalEventType.transferCheckpoint:
            out.append(
                "\(t)    … \(step) checkpoint: \(d["rows"]?.text ?? "?") rows, last key \(d["last_key"]?.text ?? "?")"
            )
        case JournalEventType.syncBatch:
            out.append(
                "\(t)    … \(step) batch \(d["batch"]?.text ?? "?"): \(d["upserted"]?.text ?? "?") upserted, "
                    + "\(d["deleted"]?.text ?? "?") deleted, \(d["transient"]?.text ?? "?") transient, "
                    + "last key \(d["last_key"]?.text ?? "?")"
            )
        case JournalEventType.journalRepaired: out.append("\(t)  ! journal repaired: \(d["warning"]?.text ?? "")")
        default: out.append("\(t)    \(e.type)")
        }
        return out
    }

    /// `Outcome: …` for a folded state.
    public static func footer(_ state: RunState) -> String {
        "Outcome: \(state.outcome?.rawValue ?? (state.interrupted ? "stopped (resumable)" : "unfinished"))"
    }

    /// `Journal verified: N events, hash chain intact` or what broke it.
    public static func verificationLine(_ result: JournalReadResult) -> String {
        if let problem = result.problem {
            return "Journal verification FAILED at line \(problem.line): \(problem)"
        }
        var line =
            "Journal verified: \(result.events.count) events, hash chain intact, head \(result.headHash.prefix(16))"
        for w in result.warnings { line += "\nwarning: \(w)" }
        return line
    }

    /// The events as a JSON document: `{"format":"runbook-replay/1","verified":…,"events":[…]}`.
    public static func json(_ result: JournalReadResult) -> String {
        let events: [Value] = result.events.map {
            .map([
                ("seq", .int(Int64($0.seq))), ("time", .string($0.time)), ("type", .string($0.type)), ("data", $0.data),
            ])
        }
        let state = RunState(events: result.events)
        return JSONWriter.pretty(
            .map([
                ("format", .string("runbook-replay/1")),
                ("run_id", .string(state.runID)),
                ("runbook", .string(state.runbookID)),
                ("outcome", state.outcome.map { .string($0.rawValue) } ?? .null),
                ("verified", .bool(result.problem == nil)),
                ("problem", result.problem.map { .string("line \($0.line): \($0)") } ?? .null),
                ("head", .string(result.headHash)),
                ("events", .list(events)),
            ])
        ) + "\n"
    }

    static func shortTime(_ t: String) -> String {
        guard let tIndex = t.firstIndex(of: "T") else { return t }
        return String(t[t.index(after: tIndex)...].prefix(12))
    }

    static func ms(_ v: Value?) -> String {
        guard let n = v?.numeric else { return "?" }
        return n < 1000 ? "\(Int(n))ms" : "\(Value.format((n / 100).rounded() / 10))s"
    }

    static func outputsNote(_ d: Value) -> String {
        guard case .map(let pairs)? = d["outputs"] else { return "" }
        let builtin: Set<String> = ["value", "stdout", "stderr", "exit_code", "row_count"]
        let shown = pairs.filter { !builtin.contains($0.key) }
        return shown.isEmpty
            ? "" : " → " + shown.map { "\($0.key)=\($0.value.text.prefix(60))" }.joined(separator: ", ")
    }

    static func changedNote(_ d: Value) -> String {
        guard case .list(let changed)? = d["changed_steps"], !changed.isEmpty else { return "" }
        return " with a changed runbook: " + changed.map(\.text).joined(separator: ", ")
    }
}
