/// Builds the `data` of journal events, so every writer uses the same field names (documented in the README).
public enum RunEvents {
    /// `run.started`.
    public static func runStarted(
        runID: String,
        runbook: Runbook,
        digest: String,
        file: String,
        params: [ParamBinder.Binding],
        operatorName: String,
        host: String,
        pid: Int,
        toolVersion: String,
        from: String?,
        only: String?
    ) -> Value {
        .map([
            ("run_id", .string(runID)),
            ("runbook", .string(runbook.id)),
            ("runbook_digest", .string(digest)),
            ("file", .string(file)),
            ("params", .map(params.map { ($0.name, $0.value ?? .null) })),
            ("operator", .string(operatorName)),
            ("host", .string(host)),
            ("pid", .int(Int64(pid))),
            ("tool_version", .string(toolVersion)),
            ("from", from.map(Value.string) ?? .null),
            ("only", only.map(Value.string) ?? .null),
        ])
    }

    /// `step.started` / `guard.started`.
    public static func stepStarted(
        _ step: Step,
        role: StepRole,
        attempt: Int,
        command: [String],
        phase: String?
    ) -> Value {
        .map([
            ("step", .string(step.id)),
            ("role", .string(role.text)),
            ("phase", phase.map(Value.string) ?? .null),
            ("kind", .string(step.body.kind)),
            ("attempt", .int(Int64(attempt))),
            ("mutates", .bool(step.mutates)),
            ("command", .list(command.map(Value.string))),
        ])
    }

    /// `step.succeeded` / `guard.passed`.
    public static func stepSucceeded(
        _ step: Step,
        attempt: Int,
        durationMs: Int64,
        result: StepResult,
        outputs: [String: Value]
    ) -> Value {
        .map([
            ("step", .string(step.id)),
            ("attempt", .int(Int64(attempt))),
            ("duration_ms", .int(durationMs)),
            ("value", result.value),
            ("summary", .string(result.summary)),
            ("outputs", .map(outputs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })),
        ])
    }

    /// `step.failed` / `guard.failed`; `retryInMs` set when another attempt follows.
    public static func stepFailed(
        _ step: Step,
        attempt: Int,
        durationMs: Int64,
        error: String,
        detail: String?,
        retryInMs: Int64?,
        result: StepResult?
    ) -> Value {
        var pairs: [(key: String, value: Value)] = [
            ("step", .string(step.id)),
            ("attempt", .int(Int64(attempt))),
            ("duration_ms", .int(durationMs)),
            ("error", .string(error)),
            ("detail", detail.map(Value.string) ?? .null),
            ("final", .bool(retryInMs == nil)),
            ("on_failure", .string(Planner.describe(step.onFailure))),
        ]
        if let retryInMs { pairs.append(("retry_in_ms", .int(retryInMs))) }
        if let result {
            pairs.append(("value", result.value))
            pairs.append(("summary", .string(result.summary)))
            if case .compare(let a) = step.body, a.op == .sameRows {
                let outputs = result.outputs(of: step.body, capturing: step.capture).sorted { $0.key < $1.key }
                pairs.append(("outputs", .map(outputs.map { ($0.key, $0.value) })))
            }
        }
        return .map(pairs)
    }

    /// `step.skipped`.
    public static func stepSkipped(_ stepID: String, reason: String, by: String) -> Value {
        .map([("step", .string(stepID)), ("reason", .string(reason)), ("by", .string(by))])
    }
}
