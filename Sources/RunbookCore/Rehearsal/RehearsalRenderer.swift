/// Renders `runbook rehearse`'s matrix as text or as `runbook-rehearsal/1` JSON, and decides its exit code.
public enum RehearsalRenderer {
    /// A table: scenario, injected step, outcome, exit code, where it resumed, duration, run id.
    public static func text(runbook: String, _ results: [RehearsalResult]) -> String {
        let header = ["scenario", "injected step", "outcome", "exit", "resumed from", "duration", "run"]
        let rows = results.map { r in
            [
                r.rehearsal.scenario,
                method(r.rehearsal),
                r.outcome == "not_triggered" ? "not_triggered (run \(r.runOutcome))" : r.outcome,
                r.exitCode.map { String($0.rawValue) } ?? "—",
                r.resumedFrom ?? "—",
                r.runID.isEmpty ? "—" : ReportTime.duration(milliseconds: r.durationMs),
                r.runID.isEmpty ? "—" : r.runID,
            ]
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count)
            }.joined(separator: "  ")
        }
        var out = ["Rehearsal of \(runbook): \(results.count) run\(results.count == 1 ? "" : "s")", ""]
        out.append(line(header))
        out += rows.map(line)
        out.append("")
        out.append(verdict(results))
        return out.joined(separator: "\n") + "\n"
    }

    /// The "injected step" cell: `STEP=fail-until-rollback`, or how a manual / unreachable scenario is handled.
    public static func method(_ rehearsal: RehearsalCase) -> String {
        switch rehearsal.method {
        case .inject(let step): return "\(step)=\(FaultInjection.Mode.failUntilRollback.rawValue)"
        case .manual: return "(manual: rollback --scenario)"
        case .unreachable: return "(none: no step can start it)"
        }
    }

    /// `{"format": "runbook-rehearsal/1", "runbook", "rehearsals": [{scenario, step, outcome, exit_code,
    /// resumed_from, run_id, duration_ms, run_outcome}], "exit_code"}`.
    public static func json(runbook: String, _ results: [RehearsalResult]) -> String {
        let rows: [Value] = results.map { r in
            .map([
                ("scenario", .string(r.rehearsal.scenario)),
                ("step", r.rehearsal.step.map(Value.string) ?? .null),
                ("manual", .bool(r.rehearsal.method == .manual)),
                ("outcome", .string(r.outcome)),
                ("exit_code", r.exitCode.map { .int(Int64($0.rawValue)) } ?? .null),
                ("resumed_from", r.resumedFrom.map(Value.string) ?? .null),
                ("run_id", r.runID.isEmpty ? .null : .string(r.runID)),
                ("duration_ms", .int(r.durationMs)),
                ("run_outcome", r.runOutcome.isEmpty ? .null : .string(r.runOutcome)),
            ])
        }
        return JSONWriter.pretty(
            .map([
                ("format", .string("runbook-rehearsal/1")),
                ("runbook", .string(runbook)),
                ("rehearsals", .list(rows)),
                ("exit_code", .int(Int64(exitCode(results).rawValue))),
            ])
        ) + "\n"
    }

    /// Rollback failed (4) when any rehearsal's rollback failed, step failed (1) when a scenario did not run
    /// (unreachable, not triggered) or ended otherwise (the run failed or stopped), else success.
    public static func exitCode(_ results: [RehearsalResult]) -> RunExit {
        if results.contains(where: { $0.outcome == RunOutcome.rollbackFailed.rawValue }) { return .rollbackFailed }
        if results.contains(where: { !$0.rehearsed }) { return .stepFailed }
        return .success
    }

    /// The last line: how many rehearsals passed, and which did not.
    static func verdict(_ results: [RehearsalResult]) -> String {
        let bad = results.filter { !$0.rehearsed }
        if bad.isEmpty { return "All \(results.count) rehearsals ended as planned (succeeded or rolled_back)." }
        return "\(bad.count) of \(results.count) rehearsals did not: "
            + bad.map { "\($0.rehearsal.scenario)\($0.rehearsal.step.map { " at \($0)" } ?? "") → \($0.outcome)" }
            .joined(separator: "; ")
    }
}
