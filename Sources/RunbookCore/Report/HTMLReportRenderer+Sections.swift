extension HTMLReportRenderer {
    // MARK: - Header and summary

    func header() -> String {
        let (label, cssClass) = outcome
        let span = timeline.spanMs > 0 ? " · " + ReportTime.duration(milliseconds: timeline.spanMs) : ""
        return """
            <header class="\(cssClass)"><div class="badge">\(text(label))</div>\
            <h1>\(text(state.runbookID.isEmpty ? "(no run.started event)" : state.runbookID))</h1>\
            <p class="sub">run <code>\(text(state.runID))</code> · started \(text(state.startedAt))\
             by \(text(state.operatorName))\(span)</p></header>
            """
    }

    func navigation() -> String {
        let links = [
            ("summary", "Summary"), ("timeline", "Timeline"), ("gates", "Gates (\(timeline.gates.count))"),
            ("rollbacks", "Rollbacks (\(timeline.rollbacks.count))"), ("evidence", "Evidence"),
            ("steps", "Steps (\(timeline.attempts.count))"), ("journal", "Journal"),
        ]
        return "<nav>" + links.map { "<a href=\"#\($0.0)\">\(text($0.1))</a>" }.joined(separator: " ")
            + "</nav>"
    }

    func summarySection() -> String {
        let started = result.events.lazy.compactMap(\.runStarted).first
        /// The value, or a muted dash where the journal has none.
        func field(_ value: String?) -> String {
            guard let value, !value.isEmpty else { return "<span class=\"muted\">—</span>" }
            return text(value)
        }
        let pid = started.flatMap { $0.pid == 0 ? nil : String($0.pid) }
        var rows: [[String]] = [
            ["Run", "<code>\(text(state.runID))</code>"],
            ["Runbook", text(state.runbookID) + " <span class=\"muted\">(\(field(started?.file)))</span>"],
            ["Runbook digest", "<code>\(field(started?.runbookDigest))</code>"],
            ["Operator", field(started?.operatorName)],
            ["Host", field(started?.host) + " <span class=\"muted\">pid \(field(pid))</span>"],
            ["Tool version", field(started?.toolVersion)],
            ["Started", text(state.startedAt)],
            ["Outcome", "<span class=\"pill \(outcome.cssClass)\">\(text(outcome.label))</span>"],
        ]
        if let finished = timeline.marks.last(where: { $0.kind == "finished" }) {
            rows.append(["Finished", text(finished.time) + " — " + text(finished.text)])
        }
        if let from = state.fromStep { rows.append(["--from", text(from)]) }
        if let only = state.onlyPhase { rows.append(["--only", text(only)]) }
        if !state.inFlight.isEmpty, state.outcome == nil {
            rows.append(["In doubt", text(state.inFlight.joined(separator: ", "))])
        }
        if !state.injections.isEmpty {
            let list = state.injectionList.map { "--inject \($0.argument)" }.joined(separator: " ")
            rows.append([
                "Injected failures", text(list + " (these steps' failures were forced; their actions did not run)"),
            ])
        }
        if !state.warnings.isEmpty {
            rows.append(["Warnings", text(state.warnings.map { "\($0.step): \($0.error)" }.joined(separator: "; "))])
        }
        var out = ["<section id=\"summary\"><h2>Summary</h2>", verificationBlock()]
        out.append(Self.table(["", ""], rows.map { ["<b>\(text($0[0]))</b>", $0[1]] }, cssClass: "meta"))
        if let params = started?.params, !params.isEmpty {
            out.append("<h3>Parameters</h3>")
            out.append(
                Self.table(["Name", "Value"], params.map { ["<code>\(text($0.key))</code>", text($0.value)] })
            )
        }
        out.append("</section>")
        return out.joined(separator: "\n")
    }

    func verificationBlock() -> String {
        var lines: [String] = []
        if let problem = result.problem {
            lines.append(
                "<div class=\"verify bad\" id=\"verification\" data-verified=\"false\">✘ Journal verification FAILED"
                    + " — hash chain broken at line \(problem.line): \(text(problem.description))."
                    + " Events after it are not shown.</div>"
            )
        } else {
            lines.append(
                "<div class=\"verify ok\" id=\"verification\" data-verified=\"true\">✔ Journal verified:"
                    + " \(result.events.count) events, hash chain intact, head <code>\(text(result.headHash))</code>"
                    + "</div>"
            )
        }
        for w in result.warnings { lines.append("<div class=\"verify warn\">⚠ \(text(w))</div>") }
        return lines.joined(separator: "\n")
    }

    // MARK: - Timeline

    func timelineSection() -> String {
        var out = ["<section id=\"timeline\"><h2>Timeline</h2>"]
        if timeline.attempts.isEmpty {
            out.append("<p class=\"muted\">No steps ran.</p>")
        } else {
            out.append(ReportTimelineSVG(timeline: timeline, text: text).render())
            out.append(
                "<p class=\"legend\">"
                    + [
                        ("succeeded", "succeeded"), ("failed", "failed"), ("retried", "failed, retried"),
                        ("skipped", "skipped"), ("in_doubt", "in doubt"), ("gate", "gate waiting"),
                        ("rollback", "rollback"),
                    ].map { "<span class=\"key k-\($0.0)\"></span>\($0.1)" }.joined(separator: " ")
                    + " · click a bar for the step's details</p>"
            )
        }
        out.append("</section>")
        return out.joined(separator: "\n")
    }

    // MARK: - Gates

    func gatesSection() -> String {
        var out = ["<section id=\"gates\"><h2>Gates</h2>"]
        if timeline.gates.isEmpty {
            out.append("<p class=\"muted\">No gates were reached.</p>")
        }
        for gate in timeline.gates {
            out.append("<div class=\"card\"><h3>Gate <code>\(text(gate.step))</code></h3>")
            out.append("<p class=\"prompt\">\(text(gate.prompt))</p>")
            var facts = ["waiting since \(text(gate.waitingSince))"]
            if let confirm = gate.confirm { facts.append("asks to type <code>\(text(confirm))</code>") }
            out.append("<p class=\"muted\">" + facts.joined(separator: " · ") + "</p>")
            let rows = gate.decisions.map { d -> [String] in
                let waited = ReportTime.milliseconds(d.time).flatMap { end in
                    ReportTime.milliseconds(gate.waitingSince).map {
                        ReportTime.duration(milliseconds: end - $0)
                    }
                }
                return [
                    "<span class=\"pill v-\(HTML.identifier(d.verdict))\">\(text(d.verdict))</span>",
                    text(d.by), text(d.time) + (waited.map { " <span class=\"muted\">(after \($0))</span>" } ?? ""),
                    d.confirmation.map { "<code>\(text($0))</code>" } ?? "<span class=\"muted\">—</span>",
                    digest(d.runbookDigest), digest(d.paramsDigest),
                    text(d.progress ?? "") + (d.reason.map { " " + text($0) } ?? ""),
                ]
            }
            if !rows.isEmpty {
                out.append(
                    Self.table(
                        ["Decision", "By", "At", "Typed", "Runbook digest", "Params digest", "Note"],
                        rows
                    )
                )
            }
            out.append("</div>")
        }
        out.append("</section>")
        return out.joined(separator: "\n")
    }

    func digest(_ d: String?) -> String {
        guard let d, !d.isEmpty else { return "<span class=\"muted\">—</span>" }
        return "<code title=\"\(text(d))\">\(text(String(d.prefix(12))))…</code>"
    }

    // MARK: - Rollbacks

    func rollbacksSection() -> String {
        var out = ["<section id=\"rollbacks\"><h2>Rollbacks</h2>"]
        if timeline.rollbacks.isEmpty { out.append("<p class=\"muted\">No rollback ran.</p>") }
        for r in timeline.rollbacks {
            let state = r.outcome ?? "unfinished"
            out.append("<div class=\"card rollback r-\(HTML.identifier(state))\">")
            out.append("<h3>↺ <code>\(text(r.scenario))</code> — \(text(state))</h3>")
            if r.manual {
                out.append("<p>Started by hand (<code>runbook rollback</code>).</p>")
            } else {
                let trigger = timeline.attempts.last { $0.step == r.trigger && $0.line < r.line }
                let link = trigger.map { "<a href=\"#\(Self.anchor($0))\">\(text(r.trigger))</a>" } ?? text(r.trigger)
                out.append("<p>Triggered by the failure of <code>\(link)</code>: \(text(r.error))</p>")
            }
            var facts = ["started \(text(r.startTime))"]
            if let end = r.endTime {
                facts.append("finished \(text(end))")
                if let a = ReportTime.milliseconds(r.startTime), let b = ReportTime.milliseconds(end) {
                    facts.append("took \(ReportTime.duration(milliseconds: b - a))")
                }
            }
            if let resume = r.resumeFrom { facts.append("then resumed the run at <code>\(text(resume))</code>") }
            out.append("<p class=\"muted\">" + facts.joined(separator: " · ") + "</p>")
            let ran = timeline.attempts.filter { $0.role == "rollback:" + r.scenario }
            let rows = ran.map { a -> [String] in
                let (symbol, label) = Self.status(a)
                return [
                    "<a href=\"#\(Self.anchor(a))\"><code>\(text(a.step))</code></a>",
                    "<span class=\"s-\(a.status.rawValue)\">\(symbol) \(text(label))</span>",
                    a.effectiveDurationMs.map { ReportTime.duration(milliseconds: $0) } ?? "—",
                    text(a.status == .succeeded ? a.summary : a.message),
                ]
            }
            if !rows.isEmpty { out.append(Self.table(["Step", "Status", "Duration", "Result"], rows)) }
            out.append("</div>")
        }
        out.append("</section>")
        return out.joined(separator: "\n")
    }

    // MARK: - Journal

    func journalSection() -> String {
        var out = ["<section id=\"journal\"><h2>Journal</h2>"]
        let rows = timeline.marks.map {
            ["<span class=\"pill m-\($0.kind)\">\(text($0.kind))</span>", text($0.time), text($0.text)]
        }
        out.append(Self.table(["Event", "Time", "Detail"], rows))
        let counts = Dictionary(grouping: result.events, by: \.type).map { ($0.key, $0.value.count) }
            .sorted { $0.0 < $1.0 }
        out.append(
            "<p class=\"muted\">Event types: "
                + counts.map { "<code>\(text($0.0))</code> ×\($0.1)" }.joined(separator: ", ") + "</p>"
        )
        out.append("</section>")
        return out.joined(separator: "\n")
    }
}
