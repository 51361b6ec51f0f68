/// The Prometheus text exposition format (version 0.0.4) of a run's metrics.
extension RunMetrics {
    /// All samples, each family with its `# HELP` and `# TYPE` lines.
    public func exposition() -> String {
        var out = ""
        let base = [("runbook", runbook)]
        func family(_ name: String, _ type: String, _ help: String, _ samples: [([(String, String)], String)]) {
            guard !samples.isEmpty else { return }
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for (labels, value) in samples { out += "\(name){\(Self.labels(base + labels))} \(value)\n" }
        }
        let end = lastUnixNano
        family(
            "runbook_run_info",
            "gauge",
            "The run these metrics describe (always 1).",
            [([("run_id", runID), ("outcome", outcome ?? "stopped")], "1")]
        )
        family(
            "runbook_run_outcome",
            "gauge",
            "1 for the run's outcome (stopped: not finished, resumable), 0 for the others.",
            Self.outcomes.map { ([("outcome", $0)], $0 == (outcome ?? "stopped") ? "1" : "0") }
        )
        if let start = startedUnixNano {
            family(
                "runbook_run_duration_seconds",
                "gauge",
                "Seconds from the run's start to its last journaled event.",
                [([], Self.seconds(max(0, end - start)))]
            )
        }
        if outcome != nil {
            family(
                "runbook_run_finished_timestamp_seconds",
                "gauge",
                "When the run finished (Unix time).",
                [([], Self.seconds(end))]
            )
        }
        family(
            "runbook_step_attempts_total",
            "counter",
            "Attempts of each step in the run.",
            steps.map { ([("step", $0.id)], String($0.stats.attempts)) }
        )
        family(
            "runbook_step_failures_total",
            "counter",
            "Failed attempts of each step in the run.",
            steps.map { ([("step", $0.id)], String($0.stats.failures)) }
        )
        family(
            "runbook_step_duration_seconds",
            "gauge",
            "Seconds spent in each step's attempts in the run.",
            steps.map { ([("step", $0.id)], Self.seconds($0.stats.durationMs * 1_000_000)) }
        )
        family(
            "runbook_rows_moved_total",
            "counter",
            "Rows moved by each transfer and sync step in the run (transferred, upserted, deleted).",
            steps.filter { $0.stats.transferRows > 0 || $0.stats.syncRows > 0 }.map {
                ([("step", $0.id)], String($0.stats.rowsMoved))
            }
        )
        family(
            "runbook_rollbacks_total",
            "counter",
            "Rollback scenarios that ran in the run, by scenario and outcome.",
            rollbacks.sorted { $0.key < $1.key }.map { key, count in
                let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
                return ([("scenario", parts.first ?? ""), ("outcome", parts.count > 1 ? parts[1] : "")], String(count))
            }
        )
        return out
    }

    /// `name="value",…` with the exposition format's escapes (backslash, quote, newline).
    static func labels(_ pairs: [(String, String)]) -> String {
        pairs.map { name, value in
            var escaped = ""
            for c in value {
                switch c {
                case "\\": escaped += "\\\\"
                case "\"": escaped += "\\\""
                case "\n": escaped += "\\n"
                default: escaped.append(c)
                }
            }
            return "\(name)=\"\(escaped)\""
        }.joined(separator: ",")
    }

    /// Nanoseconds as decimal seconds (millisecond precision).
    static func seconds(_ nanos: Int64) -> String {
        let ms = nanos / 1_000_000
        let whole = ms / 1000
        let fraction = ms % 1000
        return fraction == 0 ? "\(whole)" : "\(whole)." + String(String(fraction + 1000).dropFirst())
    }
}
