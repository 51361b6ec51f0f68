/// Renders a `RunDiff` as text for the terminal or as JSON.
public enum RunDiffRenderer {
    /// The differences as text; `No differences.` when there are none.
    public static func text(_ d: RunDiff) -> String {
        var out: [String] = []
        out.append("A: \(d.a.runID) — \(d.a.outcome), \(ReportTime.duration(milliseconds: d.a.spanMs))")
        out.append("B: \(d.b.runID) — \(d.b.outcome), \(ReportTime.duration(milliseconds: d.b.spanMs))")
        if d.a.runbookID != d.b.runbookID {
            out.append("note: different runbooks (\(d.a.runbookID) vs \(d.b.runbookID))")
        } else if d.a.digest != d.b.digest {
            out.append(
                "note: the runbook file changed between the runs "
                    + "(digest \(d.a.digest.prefix(12)) → \(d.b.digest.prefix(12)))"
            )
        }
        if d.a.outcome != d.b.outcome { out.append("Outcome: \(d.a.outcome) → \(d.b.outcome)") }
        let changed = d.changed
        let status = changed.filter(\.statusChanged)
        if !status.isEmpty {
            out.append("")
            out.append("Outcome of steps:")
            for c in status {
                let why = c.b.message.isEmpty ? c.a.message : c.b.message
                let reason = why.isEmpty ? "" : " — \(why.prefix(160))"
                out.append("  \(c.step): \(c.a.status) → \(c.b.status)" + reason)
            }
        }
        let timing = changed.filter(\.timingChanged)
        if !timing.isEmpty {
            out.append("")
            out.append("Timing:")
            for c in timing {
                out.append(
                    "  \(c.step): \(duration(c.a.durationMs)) → \(duration(c.b.durationMs))" + ratio(c.durationRatio)
                )
            }
        }
        let values = changed.filter { !$0.values.isEmpty }
        if !values.isEmpty {
            out.append("")
            out.append("Values:")
            for c in values {
                for v in c.values {
                    out.append("  \(c.step).\(v.name): \(shown(v.a)) → \(shown(v.b))")
                }
            }
        }
        for (title, list) in [("Only in A:", d.onlyInA), ("Only in B:", d.onlyInB)] where !list.isEmpty {
            out.append("")
            out.append(title)
            for s in list { out.append("  \(s.step) (\(s.side.status))") }
        }
        out.append("")
        out.append(
            d.hasDifferences
                ? "\(d.common.count) steps in both runs, \(changed.count) differ; "
                    + "\(d.onlyInA.count) only in A, \(d.onlyInB.count) only in B."
                : "No differences (\(d.common.count) steps compared)."
        )
        return out.joined(separator: "\n") + "\n"
    }

    /// The differences as a JSON document (`{"format":"runbook-diff/1",…}`).
    public static func json(_ d: RunDiff) -> String {
        func run(_ r: RunDiff.RunSummary) -> Value {
            .map([
                ("run_id", .string(r.runID)), ("runbook", .string(r.runbookID)), ("runbook_digest", .string(r.digest)),
                ("outcome", .string(r.outcome)), ("span_ms", .int(r.spanMs)),
            ])
        }
        func side(_ s: RunDiff.Side) -> Value {
            .map([
                ("status", .string(s.status)), ("duration_ms", s.durationMs.map { .int($0) } ?? .null),
                ("attempts", .int(Int64(s.attempts))), ("message", .string(s.message)),
            ])
        }
        let steps: [Value] = d.changed.map { c in
            .map([
                ("step", .string(c.step)), ("a", side(c.a)), ("b", side(c.b)),
                ("status_changed", .bool(c.statusChanged)), ("timing_changed", .bool(c.timingChanged)),
                ("duration_ratio", c.durationRatio.map { .double(($0 * 100).rounded() / 100) } ?? .null),
                (
                    "values",
                    .list(
                        c.values.map { .map([("name", .string($0.name)), ("a", $0.a ?? .null), ("b", $0.b ?? .null)]) }
                    )
                ),
            ])
        }
        func only(_ list: [RunDiff.Side.Named]) -> Value {
            .list(list.map { .map([("step", .string($0.step)), ("side", side($0.side))]) })
        }
        return JSONWriter.pretty(
            .map([
                ("format", .string("runbook-diff/1")), ("a", run(d.a)), ("b", run(d.b)),
                ("differs", .bool(d.hasDifferences)), ("compared", .int(Int64(d.common.count))),
                ("steps", .list(steps)), ("only_in_a", only(d.onlyInA)), ("only_in_b", only(d.onlyInB)),
            ])
        ) + "\n"
    }

    static func duration(_ ms: Int64?) -> String { ms.map { ReportTime.duration(milliseconds: $0) } ?? "?" }

    static func ratio(_ r: Double?) -> String {
        guard let r else { return "" }
        return " (×" + Value.format((r * 100).rounded() / 100) + ")"
    }

    static func shown(_ v: Value?) -> String {
        guard let v else { return "(absent)" }
        let s = v.text
        let one = s.count > 80 ? String(s.prefix(77)) + "…" : s
        return v.type == .string ? "\"" + one.replacingAll("\n", with: "\\n") + "\"" : one
    }
}
