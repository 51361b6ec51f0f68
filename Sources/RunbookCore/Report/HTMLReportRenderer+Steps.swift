extension HTMLReportRenderer {
    /// Outputs shown in the step's own blocks rather than in the evidence tables.
    static let streamOutputs: Set<String> = ["stdout", "stderr"]

    // MARK: - Evidence

    func evidenceSection() -> String {
        var out = ["<section id=\"evidence\"><h2>Evidence</h2>"]
        let done = timeline.attempts.filter { $0.status == .succeeded || $0.status == .failed || $0.status == .retried }
        let compares = done.filter { $0.kind == "compare" }
        if !compares.isEmpty {
            out.append("<h3>Comparisons</h3>")
            out.append(
                Self.table(
                    ["Step", "Left", "Right", "Difference", "Holds", "Result"],
                    compares.map { a in
                        [
                            stepLink(a), cell(a, "left"), cell(a, "right"), cell(a, "difference"),
                            a.status == .succeeded
                                ? "<span class=\"s-succeeded\">✔ yes</span>"
                                : "<span class=\"s-failed\">✘ no</span>",
                            text(a.summary.isEmpty ? a.message : a.summary),
                        ]
                    }
                )
            )
        }
        let queries = done.filter { ["sql", "cypher", "http", "transfer"].contains($0.kind) }
        if !queries.isEmpty {
            out.append("<h3>Query results</h3>")
            out.append(
                Self.table(
                    ["Step", "Kind", "Result", "Value", "Rows"],
                    queries.map { a in
                        [stepLink(a), text(a.kind), text(a.summary), text(a.value), cell(a, "row_count")]
                    }
                )
            )
        }
        var captured: [[String]] = []
        for a in done {
            for (key, value) in a.outputs where !Self.streamOutputs.contains(key) && !Self.shownElsewhere(key, a, value)
            {
                captured.append([stepLink(a), "<code>\(text(key))</code>", valueCell(value)])
            }
            if a.kind == "shell" || a.kind == "kubectl", a.value != .null, !a.value.text.isEmpty {
                captured.append([stepLink(a), "<code>value</code>", valueCell(a.value)])
            }
        }
        if !captured.isEmpty {
            out.append("<h3>Outputs</h3>")
            out.append(Self.table(["Step", "Name", "Value"], captured))
        }
        if !timeline.checkpoints.isEmpty {
            out.append("<h3>Transfer checkpoints</h3>")
            var rows: [[String]] = []
            for (step, list) in timeline.checkpoints.sorted(by: { $0.key < $1.key }) {
                for c in list {
                    rows.append([
                        "<code>\(text(step))</code>", text(c["rows"] ?? .null), text(c["batches"] ?? .null),
                        text(c["last_key"] ?? .null),
                    ])
                }
            }
            out.append(Self.table(["Step", "Rows", "Batches", "Last key"], rows))
        }
        if compares.isEmpty && queries.isEmpty && captured.isEmpty && timeline.checkpoints.isEmpty {
            out.append("<p class=\"muted\">No query results, comparisons or outputs were recorded.</p>")
        }
        out.append("</section>")
        return out.joined(separator: "\n")
    }

    /// Whether an output already has its column in the comparison or query tables (or is empty noise).
    static func shownElsewhere(_ key: String, _ a: StepAttempt, _ value: Value) -> Bool {
        switch key {
        case "value": return true
        case "left", "right", "difference": return a.kind == "compare"
        case "mismatches": return value == .list([])
        case "row_count": return ["sql", "cypher", "http", "transfer"].contains(a.kind)
        default: return false
        }
    }

    func stepLink(_ a: StepAttempt) -> String {
        "<a href=\"#\(Self.anchor(a))\"><code>\(text(a.step))</code></a>"
            + (a.attempt > 1 ? " <span class=\"muted\">#\(a.attempt)</span>" : "")
    }

    func cell(_ a: StepAttempt, _ key: String) -> String {
        guard let v = a.outputs.first(where: { $0.key == key })?.value else {
            return "<span class=\"muted\">—</span>"
        }
        return valueCell(v)
    }

    func valueCell(_ v: Value) -> String {
        let s = v.text.hasSuffix("\n") ? String(v.text.dropLast()) : v.text
        if s.contains("\n") || s.count > 120 { return pre(s, cssClass: "small") }
        return "<code>\(text(s))</code>"
    }

    // MARK: - Steps

    func stepsSection() -> String {
        var out = [
            "<section id=\"steps\"><h2>Steps</h2>",
            "<p><button type=\"button\" id=\"expand-all\">Expand all</button>"
                + " <label><input type=\"checkbox\" id=\"only-problems\"> only failures and doubts</label></p>",
        ]
        var group: String?
        for a in timeline.attempts {
            let g = Self.groupTitle(a)
            if g != group {
                out.append("<h3 class=\"group\">\(text(g))</h3>")
                group = g
            }
            out.append(details(a))
        }
        out.append("</section>")
        return out.joined(separator: "\n")
    }

    static func groupTitle(_ a: StepAttempt) -> String {
        if a.role == "guard" { return "Guards" }
        if a.role.hasPrefix("rollback:") { return "Rollback " + a.role.dropFirst("rollback:".count) }
        return a.phase.map { "Phase " + $0 } ?? "Steps"
    }

    func details(_ a: StepAttempt) -> String {
        let (symbol, label) = Self.status(a)
        let problem = a.status == .failed || a.status == .inDoubt
        var head = "<span class=\"s-\(a.status.rawValue)\">\(symbol)</span> <code>\(text(a.step))</code>"
        if !a.kind.isEmpty { head += " <span class=\"kind\">\(text(a.kind))</span>" }
        if a.mutates { head += " <span class=\"kind mut\">mutates</span>" }
        if a.attempt > 1 { head += " <span class=\"muted\">attempt \(a.attempt)</span>" }
        head += " <span class=\"muted\">\(text(label)) at \(text(ReportTime.clock(a.startTime)))"
        if let ms = a.effectiveDurationMs, a.status != .skipped {
            head += " · " + ReportTime.duration(milliseconds: ms)
        }
        head += "</span>"
        if !a.summary.isEmpty, a.status == .succeeded { head += " — " + text(a.summary) }
        var out = [
            "<details class=\"step st-\(a.status.rawValue)\" id=\"\(Self.anchor(a))\"\(problem ? " open" : "")>"
                + "<summary>\(head)</summary><div class=\"body\">"
        ]
        if !a.message.isEmpty {
            out.append("<p class=\"\(problem ? "error" : "note")\">\(text(a.message))</p>")
        }
        if !a.detail.isEmpty {
            out.append("<div class=\"label\">detail</div>")
            out.append(pre(a.detail, cssClass: "error"))
        }
        if !a.command.isEmpty {
            out.append("<div class=\"label\">\(a.kind == "sql" || a.kind == "cypher" ? "Query" : "Command")</div>")
            out.append(pre(a.command.joined(separator: "\n"), cssClass: "cmd"))
        }
        if !a.stdout.isEmpty {
            out.append("<div class=\"label\">stdout</div>")
            out.append(pre(a.stdout, cssClass: "out"))
        }
        if !a.stderr.isEmpty {
            out.append("<div class=\"label\">stderr</div>")
            out.append(pre(a.stderr, cssClass: "err"))
        }
        let shown = a.outputs.filter { !Self.streamOutputs.contains($0.key) }
        if !shown.isEmpty {
            out.append("<div class=\"label\">outputs</div>")
            out.append(
                Self.table(["Name", "Value"], shown.map { ["<code>\(text($0.key))</code>", valueCell($0.value)] })
            )
        }
        out.append(
            "<p class=\"muted small\">journal line \(a.line) · \(text(a.role))"
                + (a.endTime.map { " · \(text(a.startTime)) → \(text($0))" } ?? " · \(text(a.startTime))") + "</p>"
        )
        out.append("</div></details>")
        return out.joined()
    }
}
