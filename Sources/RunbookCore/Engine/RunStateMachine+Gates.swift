/// Gates: waiting, the approver (`--yes`, the prompt, `runbook approve`), quorum, and the stops.
extension RunStateMachine {
    /// A gate's next effects: journal that it waits (once), then approve with `--yes`, ask at the prompt, or wait
    /// for `runbook approve`.
    mutating func awaitGate(_ step: Step, _ gate: GateAction) -> [RunEffect] {
        let context = evaluationContext
        let prompt = (try? gate.prompt.render(in: context).text) ?? Planner.source(gate.prompt)
        let confirm = gate.confirm.flatMap { try? $0.render(in: context).text }
        var effects: [RunEffect] = []
        if state.status[step.id] != .waitingGate {
            let waiting = JournalRecord.GateWaiting(
                step: step.id,
                prompt: prompt,
                confirm: confirm,
                approvers: Int64(gate.approvers),
                timeoutMs: gate.timeout?.milliseconds
            )
            effects.append(.append(.gateWaiting(waiting), seal: true))
        }
        let approved = approvers(of: step.id)
        let me = policy.operatorName
        let situation = situation(at: step).map { RunNotice.line("    \($0)") }
        if policy.yes, !approved.contains(me) {
            return effects + approve(step, gate, by: GateApprover(name: me, via: .yesFlag), confirmation: confirm)
        }
        if policy.interactive, !approved.contains(me) {
            awaiting = .gateAnswer(step, gate, confirm: confirm)
            var lines: [RunNotice] = [.line(""), .line("⏸ GATE \(step.id): \(prompt)")] + situation
            if let description = step.description { lines.append(.line("    \(description)")) }
            return effects + [.prompt(lines + [Self.gateQuestion(confirm)])]
        }
        awaiting = .approval(step, gate)
        let lines: [RunNotice] =
            [.line("⏸ gate '\(step.id)' waiting for approval (\(approved.count)/\(gate.approvers)): \(prompt)")]
            + situation + [.line("    approve from another terminal: runbook approve \(state.runID) \(step.id)")]
        return effects + [.say(lines), .awaitApproval(step, gate, confirm: confirm, approved: approved)]
    }

    static func gateQuestion(_ confirm: String?) -> RunNotice {
        .line(confirm.map { "    Type '\($0)' to approve, or 'no' to stop:" } ?? "    Approve? [yes/no]:")
    }

    /// The operator's answer at a gate's prompt: the confirmation (or yes) approves, no declines, else ask again.
    mutating func gateAnswered(_ step: Step, _ gate: GateAction, confirm: String?, answer: String?) -> [RunEffect] {
        let me = policy.operatorName
        guard let answer else { return gateDecided(step, gate, .rejected(by: me, reason: "no answer (end of input)")) }
        let text = answer.trimmingSpaces()
        if text == "no" || text == "n" {
            return gateDecided(step, gate, .rejected(by: me, reason: "declined at the prompt"))
        }
        if let confirm, text == confirm { return approve(step, gate, by: GateApprover(name: me), confirmation: text) }
        if confirm == nil, text == "yes" || text == "y" {
            return approve(step, gate, by: GateApprover(name: me), confirmation: nil)
        }
        awaiting = .gateAnswer(step, gate, confirm: confirm)
        let mismatch: [RunNotice] = confirm.map { [.line("    That does not match '\($0)'.")] } ?? []
        return [.prompt(mismatch + [Self.gateQuestion(confirm)])]
    }

    /// What a gate waiting for `runbook approve` decided.
    mutating func gateDecided(_ step: Step, _ gate: GateAction, _ decision: GateDecision) -> [RunEffect] {
        let runID = state.runID
        switch decision {
        case .approved(let approver, let confirmation):
            return approve(step, gate, by: approver, confirmation: confirmation)
        case .rejected(let by, let reason):
            return [
                .append(.gateRejected(.init(step: step.id, by: by, reason: reason))),
                .append(
                    .runInterrupted(.init(reason: "gate '\(step.id)' declined by \(by)")),
                    notices: [
                        .line(
                            "■ stopped: gate '\(step.id)' declined by \(by) (\(reason)); resume with: runbook resume \(runID)"
                        )
                    ]
                ),
                .finished(.stopped),
            ]
        case .timedOut:
            return [
                .append(.gateTimedOut(.init(step: step.id, afterMs: gate.timeout?.milliseconds ?? 0))),
                .append(
                    .runInterrupted(.init(reason: "gate '\(step.id)' timed out")),
                    notices: [
                        .line(
                            "■ stopped: gate '\(step.id)' timed out after \(gate.timeout?.description ?? "?"); resume with: runbook resume \(runID)"
                        )
                    ]
                ),
                .finished(.stopped),
            ]
        }
    }

    /// One approval, counted towards the gate's quorum (the gate completes when it is reached).
    func approve(_ step: Step, _ gate: GateAction, by approver: GateApprover, confirmation: String?) -> [RunEffect] {
        let (count, complete) = approvalCompletes(gate, stepID: step.id)
        let approved = JournalRecord.GateApproved(
            step: step.id,
            approver: approver,
            confirmation: confirmation,
            runbookDigest: policy.runbookDigest,
            paramsDigest: NotificationMessage.RunFacts.paramsDigest(state.params),
            count: Int64(count),
            required: Int64(gate.approvers),
            complete: complete
        )
        let line = "✔ gate '\(step.id)' approved by \(approver.journalText) (\(count)/\(gate.approvers))"
        return [.append(.gateApproved(approved), notices: [.line(line)])]
    }

    /// What just happened, what comes next, and which rollback applies — shown at a gate.
    public func situation(at gate: Step) -> [String] {
        var lines: [String] = []
        if let position = forwardPosition(of: gate.id) {
            let steps = runbook.mainSteps
            if let done = steps[..<position].last(where: { state.status[$0.id] == .succeeded }) {
                let value = state.outputs[done.id]?["value"]?.text ?? ""
                lines.append("just done: \(done.id)\(value.isEmpty ? "" : " → \(value.prefix(80))")")
            }
            if position + 1 < steps.count {
                let next = steps[position + 1]
                lines.append(
                    "next: \(next.id) [\(next.body.kind)\(next.mutates ? ", mutates" : "")]"
                        + (next.title.map { " — \($0)" } ?? "")
                )
            }
        }
        if let scenario = scenario(for: gate.id) {
            lines.append(
                "if a later step of this phase fails: rollback '\(scenario.id)'"
                    + (scenario.title.map { " — \($0)" } ?? "")
            )
        }
        return lines
    }
}
