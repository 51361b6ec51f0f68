/// Builds the `data` of journal events, so every writer uses the same field names (documented in the README).
public enum RunEvents {
    /// `run.started`; `injections` (from `--inject`) are recorded only when there are any.
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
        only: String?,
        injections: [FaultInjection] = []
    ) -> Value {
        var pairs: [(key: String, value: Value)] = [
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
        ]
        if !injections.isEmpty { pairs.append(("injections", .list(injections.map(\.value)))) }
        return .map(pairs)
    }

    /// `run.resumed`; a re-entry adds `reentry`, `step`, `reset` and `reason` (a plain resume writes none of them).
    public static func runResumed(
        operatorName: String,
        host: String,
        pid: Int,
        allowChanged: Bool,
        digest: String,
        changedSteps: [String],
        reentry: RunReentry = .continueRun,
        reason: String? = nil
    ) -> Value {
        var pairs: [(key: String, value: Value)] = [
            ("operator", .string(operatorName)), ("host", .string(host)), ("pid", .int(Int64(pid))),
            ("allow_changed", .bool(allowChanged)), ("runbook_digest", .string(digest)),
            ("changed_steps", .list(changedSteps.map(Value.string))),
        ]
        let step: String
        var reset: [String] = []
        switch reentry {
        case .failedStep(let id): step = id
        case .fromStep(let id, let ids):
            step = id
            reset = ids
        default: return .map(pairs)
        }
        pairs += [
            ("reentry", .string(reentry.journalKind ?? "")), ("step", .string(step)),
            ("reset", .list(reset.map(Value.string))), ("reason", reason.map(Value.string) ?? .null),
        ]
        return .map(pairs)
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

    /// `step.failed` / `guard.failed`; `retryInMs` set when another attempt follows; `injected` names the
    /// `--inject` mode when the failure was forced.
    public static func stepFailed(
        _ step: Step,
        attempt: Int,
        durationMs: Int64,
        error: String,
        detail: String?,
        retryInMs: Int64?,
        result: StepResult?,
        injected: FaultInjection.Mode? = nil
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
        if let injected { pairs.append(("injected", .string(injected.rawValue))) }
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

    /// `run.finished`; `warnings` (`on_failure: warn` failures) are recorded only when there are any.
    public static func runFinished(
        _ outcome: RunOutcome,
        message: String,
        warnings: [(step: String, error: String)]
    ) -> Value {
        var pairs: [(key: String, value: Value)] = [
            ("outcome", .string(outcome.rawValue)), ("exit_code", .int(Int64(outcome.exitCode))),
            ("message", .string(message)),
        ]
        if !warnings.isEmpty {
            pairs.append(
                ("warnings", .list(warnings.map { .map([("step", .string($0.step)), ("error", .string($0.error))]) }))
            )
        }
        return .map(pairs)
    }

    /// `step.skipped`.
    public static func stepSkipped(_ stepID: String, reason: String, by: String) -> Value {
        .map([("step", .string(stepID)), ("reason", .string(reason)), ("by", .string(by))])
    }
}
