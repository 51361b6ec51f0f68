/// The machine as the driver runs it: effects out, inputs in.
extension RunStateMachine {
    /// The next effect to perform.
    ///
    /// Effects decided together (an attempt's result events, a gate's stop) come out in order; then the machine
    /// decides again from the journal.
    public mutating func nextEffect() -> RunEffect {
        if pending.isEmpty {
            let action = next()
            pending = plan(action)
        }
        return pending.removeFirst()
    }

    /// Reports what the last effect found; an input that nothing waits for is ignored.
    public mutating func receive(_ input: RunInput) {
        let waiting = awaiting
        awaiting = nil
        switch (waiting, input) {
        case (.attempt(let step, let role, let attempt)?, .attemptFinished(let outcome)):
            pending += attemptEnded(step, role: role, attempt: attempt, outcome)
        case (.probe(let step, let role, let attempt)?, .probed(let outcome)):
            pending += probed(step, role: role, attempt: attempt, outcome)
        case (.confirm(let step, let role, let attempt)?, .answered(let text)):
            pending += confirmed(step, role: role, attempt: attempt, answer: text)
        case (.skipReason(let step)?, .answered(let text)):
            let reason = text?.trimmingSpaces() ?? ""
            let why = reason.isEmpty ? "skipped at the --step prompt" : reason
            pending.append(.append(RunEvents.stepSkipped(step.id, reason: why, by: policy.operatorName)))
        case (.rerun(let step, let role, let attempt)?, .answered(let text)):
            let yes = text?.trimmingSpaces() == "yes"
            pending += yes ? startAttempt(step, role: role, attempt: attempt + 1) : stopInDoubt(step)
        case (.gateAnswer(let step, let gate, let confirm)?, .answered(let text)):
            pending += gateAnswered(step, gate, confirm: confirm, answer: text)
        case (.approval(let step, let gate)?, .gate(let decision)):
            pending += gateDecided(step, gate, decision)
        default:
            awaiting = waiting
        }
    }

    /// The journal record and the line for a run interrupted by a signal.
    public var interruption: (record: JournalRecord, line: String) {
        let running = state.inFlight
        return (
            .runInterrupted(.init(reason: "interrupted (SIGINT/SIGTERM)", inFlight: running)),
            "■ interrupted\(running.isEmpty ? "" : " during \(running.joined(separator: ", "))"); resume with: runbook resume \(state.runID)"
        )
    }

    // MARK: - From actions to effects

    mutating func plan(_ action: RunAction) -> [RunEffect] {
        switch action {
        case .finished(let outcome):
            return [.finished(outcome)]
        case .finishRun(let outcome, let message):
            let warnings = state.warnings
            let lines =
                [RunNotice.line((outcome == .succeeded ? "■ done: " : "■ \(outcome.rawValue): ") + message)]
                + warnings.map { RunNotice.line("  ⚠ \($0.step): \($0.error)") }
            return [.append(RunEvents.runFinished(outcome, message: message, warnings: warnings), notices: lines)]
        case .skipStep(let step, _, let reason):
            return [
                .append(
                    RunEvents.stepSkipped(step.id, reason: reason, by: "runbook"),
                    notices: [.stepSkipped(step.id, reason: reason)]
                )
            ]
        case .failStep(let step, let role, let message):
            return failure(step, role: role, attempt: 0, durationMs: 0, message: message, final: true)
        case .runStep(let step, let role, let attempt):
            guard policy.stepByStep, role != .guard else { return startAttempt(step, role: role, attempt: attempt) }
            awaiting = .confirm(step, role, attempt)
            return [
                .prompt([
                    .line("next: \(step.id) [\(step.body.kind)\(step.mutates ? ", MUTATES" : "")]"), .command(step),
                    .line("    [r]un, [s]kip, [c]ontinue without asking, [q]uit?"),
                ])
            ]
        case .retryStep(let step, let role, let attempt, let delay):
            return [.sleep(delay)] + startAttempt(step, role: role, attempt: attempt)
        case .resolveInDoubt(let step, let role, let attempt):
            return [.append(.stepInDoubt(.init(step: step.id, attempt: attempt)))]
                + inDoubt(step, role: role, attempt: attempt)
        case .awaitGate(let step, let gate):
            return awaitGate(step, gate)
        case .startRollback(let scenario, let trigger):
            let error: String
            if case .failed(let e, _, _)? = state.status[trigger] { error = e } else { error = "" }
            let started = JournalRecord.RollbackStarted(
                scenario: scenario.id,
                trigger: trigger,
                error: error,
                manual: false,
                steps: scenario.steps.map(\.id)
            )
            let line =
                "↺ rollback '\(scenario.id)'" + (scenario.title.map { " — \($0)" } ?? "")
                + " (triggered by '\(trigger)')"
            return [.append(.rollbackStarted(started), notices: [.line(line)])]
        case .finishRollback(let scenario, let succeeded, let resumeFrom, let reset):
            let resume = resumeFrom.map { JournalRecord.RollbackFinished.Resume(from: $0, reset: reset) }
            let line =
                "↺ rollback '\(scenario.id)' \(succeeded ? "completed" : "FAILED")"
                + (resumeFrom.map { "; resuming at '\($0)'" } ?? "")
            return [
                .append(
                    .rollbackFinished(.init(scenario: scenario.id, succeeded: succeeded, resume: resume)),
                    notices: [.line(line)]
                )
            ]
        }
    }

    // MARK: - Attempts

    /// Starts an attempt: executed, or failed at once when `--inject` forces its failure.
    mutating func startAttempt(_ step: Step, role: StepRole, attempt: Int) -> [RunEffect] {
        let start = RunEffect.startAttempt(step, role: role, attempt: attempt)
        if let injection = state.injection(for: step.id) {
            let message = injection.errorMessage(timeout: step.timeout)
            return [start]
                + failure(step, role: role, attempt: attempt, durationMs: 0, message: message, injected: injection.mode)
        }
        awaiting = .attempt(step, role, attempt)
        return [start, .execute(step, role: role, attempt: attempt)]
    }

    /// The events of an attempt that ended: its expectations decide success; a failure is retried while the step's
    /// `retry:` budget lasts.
    func attemptEnded(_ step: Step, role: StepRole, attempt: Int, _ outcome: AttemptOutcome) -> [RunEffect] {
        let failed: (message: String, detail: String?, result: StepResult?, ms: Int64, alarm: Value?)
        switch outcome {
        case .returned(let result, let ms):
            let context = evaluationContext
            let failures = step.expect.map { ExpectEvaluator.failures(of: $0, in: result, context: context) } ?? []
            guard failures.isEmpty else {
                let message = "expectation failed: " + failures.joined(separator: "; ")
                return failure(step, role: role, attempt: attempt, durationMs: ms, message: message, result: result)
            }
            let outputs = result.outputs(of: step.body, capturing: step.capture)
            let record = RunEvents.stepSucceeded(
                step,
                role: role,
                attempt: attempt,
                durationMs: ms,
                result: result,
                outputs: outputs
            )
            return [.append(record, notices: [.stepSucceeded(step, summary: result.summary, durationMs: ms)])]
        case .failed(let message, let detail, let result, let ms):
            failed = (message, detail, result, ms, nil)
        case .aborted(let alarm, let message, let detail, let ms):
            failed = (message, detail, nil, ms, alarm)
        }
        // An alarm is journaled before the failure it causes, and that failure is final whatever retries are left.
        let alarm = failed.alarm.map {
            [RunEffect.append(JournalRecord(type: JournalEventType.abortTriggered, data: $0))]
        }
        return (alarm ?? [])
            + failure(
                step,
                role: role,
                attempt: attempt,
                durationMs: failed.ms,
                message: failed.message,
                detail: failed.detail,
                result: failed.result,
                final: failed.alarm != nil
            )
    }

    /// A failed attempt's event: final, or with the delay before the next attempt.
    func failure(
        _ step: Step,
        role: StepRole,
        attempt: Int,
        durationMs: Int64,
        message: String,
        detail: String? = nil,
        result: StepResult? = nil,
        injected: FaultInjection.Mode? = nil,
        final: Bool = false
    ) -> [RunEffect] {
        let retryIn = final ? nil : retryDelay(for: step, afterAttempt: attempt)
        let record = RunEvents.stepFailed(
            step,
            role: role,
            attempt: attempt,
            durationMs: durationMs,
            error: message,
            detail: detail,
            retryInMs: retryIn?.milliseconds,
            result: result,
            injected: injected
        )
        return [.append(record, notices: [.stepFailed(step, message: message, detail: detail, retryIn: retryIn)])]
    }

    /// The operator's answer at the `--step` prompt: run, skip (with a reason), continue without asking, or quit.
    mutating func confirmed(_ step: Step, role: StepRole, attempt: Int, answer: String?) -> [RunEffect] {
        switch answer?.trimmingSpaces().lowercased() ?? "q" {
        case "r", "run", "":
            return startAttempt(step, role: role, attempt: attempt)
        case "s", "skip":
            awaiting = .skipReason(step)
            return [.prompt([.line("    reason for skipping:")])]
        case "c", "continue":
            policy.stepByStep = false
            return startAttempt(step, role: role, attempt: attempt)
        default:
            return [.append(.runInterrupted(.init(reason: "quit at the --step prompt"))), .finished(.stopped)]
        }
    }

    // MARK: - In-doubt steps

    /// A step in flight when the run stopped: probed, run again, asked about, or the run stops.
    mutating func inDoubt(_ step: Step, role: StepRole, attempt: Int) -> [RunEffect] {
        switch inDoubtPolicy(for: step, rerunAllowed: policy.rerunInDoubt, canAsk: policy.interactive) {
        case .probe:
            awaiting = .probe(step, role, attempt)
            return [.probe(step)]
        case .rerunIdempotent:
            return [.say([.line("? \(step.id) was in flight and is idempotent: running it again")])]
                + startAttempt(step, role: role, attempt: attempt + 1)
        case .rerunAllowed:
            return [
                .say([.line("? \(step.id) was in flight and is not idempotent: re-running it (--rerun-in-doubt)")])
            ] + startAttempt(step, role: role, attempt: attempt + 1)
        case .ask:
            awaiting = .rerun(step, role, attempt)
            return [
                .prompt([
                    .line("? \(step.id) was in flight when the run stopped and is NOT idempotent. Re-run it? [yes/no]")
                ])
            ]
        case .stop:
            return stopInDoubt(step)
        }
    }

    /// What the reconcile probe found: the effect is in place (done) or absent (the step runs again).
    mutating func probed(_ step: Step, role: StepRole, attempt: Int, _ outcome: ProbeOutcome) -> [RunEffect] {
        let record: JournalRecord
        let line: String
        var present = false
        switch outcome {
        case .returned(let result):
            let context = evaluationContext
            let failures =
                step.reconcile?.expect.map { ExpectEvaluator.failures(of: $0, in: result, context: context) } ?? []
            present = failures.isEmpty
            record = .stepReconciled(.init(step: step.id, present: present, detail: failures.joined(separator: "; ")))
            line =
                "? \(step.id) was in flight; reconcile probe says its effect is \(present ? "in place: marked done" : "absent: running it")"
        case .failed(let message):
            record = .stepReconciled(.init(step: step.id, present: false, detail: message))
            line = "? \(step.id) was in flight; its reconcile probe did not succeed (\(message)): running it"
        }
        let effects: [RunEffect] = [.append(record, notices: [.line(line)])]
        return present ? effects : effects + startAttempt(step, role: role, attempt: attempt + 1)
    }

    /// Stops the run (exit 3) at an in-doubt step that is not run again, naming both ways forward.
    func stopInDoubt(_ step: Step) -> [RunEffect] {
        let runID = state.runID
        let message =
            "step '\(step.id)' was in flight when the run stopped and is not idempotent, so it was not run again: check whether its effect happened, then either `runbook resume \(runID) --rerun-in-doubt` to run it again or `runbook skip \(runID) \(step.id) --reason \"…\"` to record it as done"
        return [
            .append(
                .runInterrupted(.init(reason: "step '\(step.id)' is in doubt and not idempotent", inFlight: [step.id])),
                notices: [.error(message)]
            ),
            .finished(.stopped),
        ]
    }
}
