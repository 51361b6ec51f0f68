/// Builds the journal records the engine writes from its model types, so every writer fills them the same way
/// (the fields are documented in the README).
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
    ) -> JournalRecord {
        .runStarted(
            JournalRecord.RunStarted(
                runID: runID,
                runbook: runbook.id,
                runbookDigest: digest,
                file: file,
                params: params.map { JournalField($0.name, $0.value ?? .null) },
                operatorName: operatorName,
                host: host,
                pid: Int64(pid),
                toolVersion: toolVersion,
                from: from,
                only: only,
                injections: injections
            )
        )
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
    ) -> JournalRecord {
        var journaled: JournalRecord.RunResumed.Reentry?
        switch reentry {
        case .failedStep(let id):
            journaled = .init(kind: reentry.journalKind ?? "", step: id, reset: [], reason: reason)
        case .fromStep(let id, let ids):
            journaled = .init(kind: reentry.journalKind ?? "", step: id, reset: ids, reason: reason)
        default:
            journaled = nil
        }
        return .runResumed(
            JournalRecord.RunResumed(
                operatorName: operatorName,
                host: host,
                pid: Int64(pid),
                allowChanged: allowChanged,
                runbookDigest: digest,
                changedSteps: changedSteps,
                reentry: journaled
            )
        )
    }

    /// `step.started` / `guard.started`.
    public static func stepStarted(
        _ step: Step,
        role: StepRole,
        attempt: Int,
        command: [String],
        phase: String?
    ) -> JournalRecord {
        let payload = JournalRecord.StepStarted(
            step: step.id,
            role: role.text,
            phase: phase,
            kind: step.body.kind,
            attempt: attempt,
            mutates: step.mutates,
            command: command
        )
        return role == .guard ? .guardStarted(payload) : .stepStarted(payload)
    }

    /// `step.succeeded` / `guard.passed`.
    public static func stepSucceeded(
        _ step: Step,
        role: StepRole,
        attempt: Int,
        durationMs: Int64,
        result: StepResult,
        outputs: [String: Value]
    ) -> JournalRecord {
        let payload = JournalRecord.StepSucceeded(
            step: step.id,
            attempt: attempt,
            durationMs: durationMs,
            value: result.value,
            summary: result.summary,
            outputs: outputs
        )
        return role == .guard ? .guardPassed(payload) : .stepSucceeded(payload)
    }

    /// `step.failed` / `guard.failed`; `retryInMs` set when another attempt follows; `injected` names the
    /// `--inject` mode when the failure was forced.
    public static func stepFailed(
        _ step: Step,
        role: StepRole,
        attempt: Int,
        durationMs: Int64,
        error: String,
        detail: String?,
        retryInMs: Int64?,
        result: StepResult?,
        injected: FaultInjection.Mode? = nil
    ) -> JournalRecord {
        let produced = result.map { result in
            var produced = JournalRecord.StepFailed.Produced(value: result.value, summary: result.summary)
            if case .compare(let a) = step.body, a.op == .sameRows {
                let outputs = result.outputs(of: step.body, capturing: step.capture).sorted { $0.key < $1.key }
                produced.outputs = outputs.map { JournalField($0.key, $0.value) }
            }
            return produced
        }
        let payload = JournalRecord.StepFailed(
            step: step.id,
            attempt: attempt,
            durationMs: durationMs,
            error: error,
            detail: detail,
            onFailure: Planner.describe(step.onFailure),
            retryInMs: retryInMs,
            injected: injected,
            produced: produced
        )
        return role == .guard ? .guardFailed(payload) : .stepFailed(payload)
    }

    /// `run.finished`; `warnings` (`on_failure: warn` failures) are recorded only when there are any.
    public static func runFinished(
        _ outcome: RunOutcome,
        message: String,
        warnings: [(step: String, error: String)]
    ) -> JournalRecord {
        .runFinished(
            JournalRecord.RunFinished(
                outcome,
                message: message,
                warnings: warnings.map { JournalRecord.RunFinished.Warning(step: $0.step, error: $0.error) }
            )
        )
    }

    /// `step.skipped`.
    public static func stepSkipped(_ stepID: String, reason: String, by: String) -> JournalRecord {
        .stepSkipped(JournalRecord.StepSkipped(step: stepID, reason: reason, by: by))
    }
}
