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
        if let started = events.lazy.compactMap(\.runStarted).first {
            if let tool = started.toolVersion { out.append("  tool version \(tool), host \(or(started.host))") }
            if !started.params.isEmpty {
                out.append("  params: " + started.params.map { "\($0.key)=\($0.value.text)" }.joined(separator: ", "))
            }
        }
        out.append("")
        return out
    }

    /// The text lines of one event (none for events with nothing to show).
    public static func lines(for e: JournalEvent) -> [String] {
        var out: [String] = []
        let t = shortTime(e.time)
        switch e.record {
        case .runStarted(let r):
            out.append("\(t)  ▶ run started")
            if !r.injections.isEmpty {
                let list = r.injections.map { "--inject \($0.argument)" }
                out.append("              injecting failures: \(list.joined(separator: " "))")
            }
        case .runResumed(let r):
            out.append("\(t)  ▶ resumed by \(or(r.operatorName))" + changedNote(r.changedSteps))
        case .runInterrupted(let r): out.append("\(t)  ■ interrupted: \(r.reason)")
        case .runFinished(let r):
            out.append("\(t)  ■ finished: \(or(r.outcomeText)) (exit \(r.exitCode)) — \(r.message)")
            for w in r.warnings { out.append("              ⚠ \(w.step): \(w.error)") }
        case .guardStarted(let r), .stepStarted(let r):
            let role = r.role == "main" ? "" : ", \(r.role)"
            out.append("\(t)    \(r.step) started [\(r.kind)\(role)]\(r.attempt > 1 ? " attempt \(r.attempt)" : "")")
            for l in r.command { out.append("              │ \(l)") }
        case .stepOutput(let r):
            for l in r.text.split(separator: "\n", omittingEmptySubsequences: false).prefix(50) where !l.isEmpty {
                out.append("              \(r.stream == "stderr" ? "!" : ">") \(l)")
            }
        case .guardPassed(let r), .stepSucceeded(let r):
            out.append("\(t)    ✔ \(r.step) \(r.summary) (\(ms(r.durationMs)))" + outputsNote(r.outputs))
        case .guardFailed(let r), .stepFailed(let r):
            let retry = r.retryInMs.map { ", retry in \(ms($0))" } ?? ""
            let injected = r.injected.map { " [INJECTED: \($0)]" } ?? ""
            let warned = r.onFailure == "warn" && r.final ? " [warning]" : ""
            out.append("\(t)    ✘ \(r.step)\(injected)\(warned) \(r.error)\(retry)")
            if let detail = r.detail {
                for l in detail.split(separator: "\n").prefix(20) { out.append("              \(l)") }
            }
        case .stepSkipped(let r):
            out.append("\(t)    ↷ \(r.step) skipped by \(or(r.by)): \(r.reason)")
        case .stepInDoubt(let r):
            out.append("\(t)    ? \(r.step) was in flight when the run stopped (in doubt)")
        case .stepReconciled(let r):
            out.append(
                "\(t)    ? \(r.step) reconcile probe: effect \(r.present ? "present → done" : "absent → run again")"
            )
        case .gateWaiting(let r): out.append("\(t)    ⏸ gate \(r.step) waiting: \(r.prompt)")
        case .gateApproved(let r):
            let typed = r.confirmation.map { " typed '\($0)'" } ?? ""
            out.append(
                "\(t)    ✔ gate \(r.step) approved by \(or(r.approver.journalText))\(typed) (\(r.count)/\(r.required); runbook \(r.runbookDigest.prefix(12)), params \(r.paramsDigest.prefix(12)))"
            )
        case .gateRejected(let r):
            out.append("\(t)    ✘ gate \(r.step) rejected by \(or(r.by)): \(r.reason)")
        case .gateTimedOut(let r): out.append("\(t)    ⌛ gate \(r.step) timed out")
        case .rollbackStarted(let r):
            out.append(
                "\(t)  ↺ rollback \(r.scenario) started (\(r.manual ? "manual" : "triggered by \(or(r.trigger))")): \(r.error)"
            )
        case .rollbackFinished(let r):
            out.append(
                "\(t)  ↺ rollback \(r.scenario) \(r.outcome)" + (r.resume.map { ", resuming at \($0.from)" } ?? "")
            )
        case .transferCheckpoint(let r):
            out.append("\(t)    … \(r.step) checkpoint: \(r.rows) rows, last key \(r.lastKey.text)")
        case .syncBatch(let r):
            out.append(
                "\(t)    … \(r.step) batch \(r.batch): \(r.upserted) upserted, \(r.deleted) deleted, "
                    + "\(r.transient) transient, last key \(r.lastKey.text)"
            )
        case .journalRepaired(let r): out.append("\(t)  ! journal repaired: \(r.warning)")
        case .abortTriggered(let r):
            out.append("\(t)  ■ abort_if (\(r.scope)) cancelled \(r.step): `\(r.query)` returned \(r.series) series")
        case .notifyFailed(let r):
            out.append("\(t)  ⚠ notify: \(r.kind) sink \(r.url) cannot be reached (\(r.error))")
        case .notifySummary(let r):
            out.append(
                "\(t)    notify: \(r.kind) sink \(r.url): \(r.delivered) delivered, \(r.failed) failed, "
                    + "\(r.dropped) dropped, \(r.undelivered) undelivered"
            )
        case .unknown(let type, _): out.append("\(t)    \(type)")
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

    static func ms(_ n: Int64) -> String {
        n < 1000 ? "\(n)ms" : "\(Value.format((Double(n) / 100).rounded() / 10))s"
    }

    static func or(_ text: String) -> String { text.isEmpty ? "?" : text }

    static func outputsNote(_ outputs: [JournalField]) -> String {
        let builtin: Set<String> = ["value", "stdout", "stderr", "exit_code", "row_count"]
        let shown = outputs.filter { !builtin.contains($0.key) }
        return shown.isEmpty
            ? "" : " → " + shown.map { "\($0.key)=\($0.value.text.prefix(60))" }.joined(separator: ", ")
    }

    static func changedNote(_ changed: [String]) -> String {
        changed.isEmpty ? "" : " with a changed runbook: " + changed.joined(separator: ", ")
    }
}
