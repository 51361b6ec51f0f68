/// Decides the next action of a run from the runbook and the folded journal state.
///
/// Pure: no I/O.
///
/// Run, resume, `plan --check` and replay drive the same machine: the driver asks `nextEffect()`, performs the
/// effect, `apply`s each journal event it appended and reports what the effect found with `receive(_:)`; `next()` is
/// what the run needs next, decided from the journal alone. Because the state is a fold of the journal, a
/// resumed run and a live run make the same decisions.
public struct RunStateMachine {
    /// The runbook being run.
    public let runbook: Runbook
    /// The folded journal.
    public private(set) var state: RunState
    /// Values from outside the journal: `env.*`, `secrets.*`.
    private let external: @Sendable ([String]) -> Value?
    /// The forward steps, flattened once (`Runbook.mainSteps` rebuilds the array on every call).
    private let forward: [Step]
    /// Position of each forward step and the phase it belongs to.
    private let forwardIndex: [String: (index: Int, phase: String)]
    /// How many leading forward steps are settled (succeeded, skipped, or failed for good): `next()` starts
    /// looking after them, so that a run of N steps does not look at every finished step again for each new one.
    private var settled = 0
    /// The operator's switches (`--yes`, `--rerun-in-doubt`, interactive, `--step`) and who runs the run.
    public var policy = RunPolicy()
    /// Effects decided but not yet handed out by `nextEffect()`.
    var pending: [RunEffect] = []
    /// The effect whose `RunInput` the machine waits for.
    var awaiting: RunAwaiting?

    /// Creates a machine.
    ///
    /// - Parameters:
    ///   - runbook: The runbook.
    ///   - state: The state folded from the journal so far.
    ///   - external: Resolves `env.X` and `secrets.X` (never journaled).
    public init(runbook: Runbook, state: RunState = RunState(), external: @escaping @Sendable ([String]) -> Value?) {
        self.runbook = runbook
        self.state = state
        self.external = external
        self.forward = runbook.mainSteps
        var index: [String: (index: Int, phase: String)] = [:]
        var i = 0
        for phase in runbook.phases {
            for step in phase.steps {
                if index[step.id] == nil { index[step.id] = (i, phase.id) }
                i += 1
            }
        }
        self.forwardIndex = index
        advanceSettled()
    }

    /// Folds a journal event that the driver appended.
    public mutating func apply(_ event: JournalEvent) {
        let record = event.record
        state.apply(record, time: event.time)
        switch record {
        case .rollbackStarted, .rollbackFinished, .runResumed, .unknown:
            // These can reopen many steps at once.
            settled = 0
        default:
            if let step = record.step, let index = forwardIndex[step]?.index, index < settled { settled = index }
        }
        advanceSettled()
    }

    private mutating func advanceSettled() {
        while settled < forward.count, isSettled(forward[settled].id) { settled += 1 }
    }

    /// Whether a forward step needs nothing more: `next()` passes over it.
    private func isSettled(_ id: String) -> Bool {
        switch state.status[id] {
        case .succeeded?, .skipped?, .failed(_, true, _)?: return true
        default: return false
        }
    }

    /// Values for templates at this point of the run.
    public var evaluationContext: EvaluationContext {
        let state = self.state
        let external = self.external
        return EvaluationContext { path in
            guard let root = path.first else { return nil }
            switch root {
            case "params": return path.count == 2 ? state.params[path[1]] : nil
            case "steps":
                guard path.count >= 3 else { return nil }
                if path[2] == "status" { return .string(Self.statusText(state.status[path[1]])) }
                guard path[2] == "outputs", path.count >= 4, let outputs = state.outputs[path[1]] else { return nil }
                var value = outputs[path[3]]
                for key in path.dropFirst(4) { value = value?[key] }
                return value
            case "run":
                guard path.count == 2 else { return nil }
                switch path[1] {
                case "id": return .string(state.runID)
                case "started_at": return .string(state.startedAt)
                case "operator": return .string(state.operatorName)
                case "host": return .string(state.operatorName.split(separator: "@").last.map(String.init) ?? "")
                default: return nil
                }
            default: return external(path)
            }
        }
    }

    static func statusText(_ status: RunState.StepStatus?) -> String {
        switch status {
        case nil: return "pending"
        case .running?: return "running"
        case .succeeded?: return "succeeded"
        case .failed(_, let final, _)?: return final ? "failed" : "retrying"
        case .skipped?: return "skipped"
        case .waitingGate?: return "waiting"
        }
    }

    // MARK: - Deciding

    /// The next action.
    public func next() -> RunAction {
        if let outcome = state.outcome { return .finished(outcome) }
        if let (scenarioID, _) = state.activeRollback, let scenario = runbook.rollback(scenarioID) {
            return nextInRollback(scenario)
        }
        if let finished = state.finishedRollback {
            return finished.succeeded
                ? .finishRun(
                    .rolledBack,
                    message: "rollback '\(finished.scenario)' completed; the run ends rolled back"
                )
                : .finishRun(.rollbackFailed, message: "rollback '\(finished.scenario)' failed; a human is needed")
        }
        if let failed = state.unhandledFailure { return handleFailure(of: failed) }
        for step in runbook.guards {
            if let action = nextAction(for: step, role: .guard) { return action }
        }
        for i in settled..<forward.count {
            // Cheap check first: most steps are done, and copying a Step is not free.
            if isSettled(forward[i].id) { continue }
            let step = forward[i]
            if let reason = filterReason(step), state.status[step.id] == nil {
                return .skipStep(step, role: .main, reason: reason)
            }
            if let action = nextAction(for: step, role: .main) { return action }
        }
        if !state.warnings.isEmpty {
            let steps = state.warnings.map(\.step)
            return .finishRun(
                .succeededWithWarnings,
                message:
                    "all steps done; \(steps.count) warning\(steps.count == 1 ? "" : "s"): \(steps.joined(separator: ", "))"
            )
        }
        return .finishRun(.succeeded, message: "all steps done")
    }

    /// The action a step needs, or `nil` when it is done.
    func nextAction(for step: Step, role: StepRole) -> RunAction? {
        switch state.status[step.id] {
        case .succeeded?, .skipped?: return nil
        case .failed(_, let final, let delay)?:
            if final { return nil }
            let attempt = (state.attempts[step.id] ?? 1) + 1
            return .retryStep(step, role: role, attempt: attempt, delay: DurationSpec(milliseconds: delay))
        case .running(let attempt)?:
            return .resolveInDoubt(step, role: role, attempt: attempt)
        case .waitingGate?:
            if case .gate(let gate) = step.body { return .awaitGate(step, gate) }
            return .resolveInDoubt(step, role: role, attempt: 1)
        case nil:
            if let when = step.when {
                do {
                    let value = try when.render(in: evaluationContext)
                    if !value.isTruthy {
                        return .skipStep(step, role: role, reason: "condition is false: \(Planner.source(when))")
                    }
                } catch {
                    return .failStep(step, role: role, message: "cannot evaluate when: \(error.message)")
                }
            }
            if case .gate(let gate) = step.body { return .awaitGate(step, gate) }
            return .runStep(step, role: role, attempt: (state.attempts[step.id] ?? 0) + 1)
        }
    }

    /// The position of a forward step in `Runbook.mainSteps` (nil for guards and rollback steps).
    func forwardPosition(of stepID: String) -> Int? { forwardIndex[stepID]?.index }

    /// The phase of a forward step (nil for guards and rollback steps), without searching the phases.
    public func phaseID(of stepID: String) -> String? { forwardIndex[stepID]?.phase }

    /// Why `--from`/`--only` leave a forward step out, if they do.
    func filterReason(_ step: Step) -> String? {
        if let only = state.onlyPhase, forwardIndex[step.id]?.phase != only {
            return "not in --only \(only)"
        }
        if let from = state.fromStep, let start = forwardIndex[from]?.index,
            let index = forwardIndex[step.id]?.index, index < start
        {
            return "before --from \(from)"
        }
        return nil
    }

    func handleFailure(of stepID: String) -> RunAction {
        if runbook.guards.contains(where: { $0.id == stepID }) {
            return .finishRun(.failed, message: "guard '\(stepID)' failed: preconditions not met, nothing was changed")
        }
        if let scenario = scenario(for: stepID) {
            return .startRollback(scenario, trigger: stepID)
        }
        return .finishRun(.failed, message: "step '\(stepID)' failed and no rollback scenario covers it")
    }

    /// The scenario a failing forward step starts: its `on_failure` rollback, else the first automatic scenario
    /// triggered by the step or its phase.
    public func scenario(for stepID: String) -> RollbackScenario? {
        guard let position = forwardIndex[stepID] else { return nil }
        let step = forward[position.index]
        if case .rollback(let id) = step.onFailure { return runbook.rollback(id.value) }
        let phase: String? = position.phase
        return runbook.rollbacks.first { scenario in
            !scenario.manual && scenario.triggers.contains { $0.value == stepID || $0.value == phase }
        }
    }

    func nextInRollback(_ scenario: RollbackScenario) -> RunAction {
        for step in scenario.steps {
            if case .failed(_, true, _)? = state.status[step.id], !Self.continues(step) {
                return .finishRollback(scenario, succeeded: false, resumeFrom: nil, resetSteps: [])
            }
            if let action = nextAction(for: step, role: .rollback(scenario.id)) { return action }
        }
        if case .resume(let target, let max) = scenario.after, state.resumeCounts[scenario.id, default: 0] < max,
            let start = forwardIndex[target.value]?.index
        {
            let reset = forward[start...].map(\.id)
            return .finishRollback(scenario, succeeded: true, resumeFrom: target.value, resetSteps: reset)
        }
        return .finishRollback(scenario, succeeded: true, resumeFrom: nil, resetSteps: [])
    }

    /// The distinct people who approved gate `stepID` so far (however they approved).
    public func approvers(of stepID: String) -> [String] {
        var seen: [String] = []
        for approval in state.approvals[stepID] ?? [] where !seen.contains(approval.by.name) {
            seen.append(approval.by.name)
        }
        return seen
    }

    /// Whether one more approval of `gate` (by someone not yet counted) completes it: its quorum is `approvers`.
    public func approvalCompletes(_ gate: GateAction, stepID: String) -> (count: Int, complete: Bool) {
        let count = approvers(of: stepID).count + 1
        return (count, count >= gate.approvers)
    }

    /// How an in-doubt step is resolved: its reconcile probe decides; else it runs again if idempotent; else only
    /// when the operator allowed it (`--rerun-in-doubt`) or answers yes at the terminal; else the run stops.
    public func inDoubtPolicy(for step: Step, rerunAllowed: Bool, canAsk: Bool) -> InDoubtPolicy {
        if step.reconcile != nil { return .probe }
        if step.idempotent { return .rerunIdempotent }
        if rerunAllowed { return .rerunAllowed }
        return canAsk ? .ask : .stop
    }

    /// Whether a failed attempt of `step` is retried, and after which delay (`nil`: the failure is final).
    ///
    /// The `retry:` budget counts the attempts since the run started, or since an operator re-entered at the step.
    public func retryDelay(for step: Step, afterAttempt attempt: Int) -> DurationSpec? {
        guard let retry = step.retry else { return nil }
        let used = attempt - (state.attemptsBeforeReentry[step.id] ?? 0)
        return used < retry.attempts ? retry.delay(beforeAttempt: used + 1) : nil
    }

    static func continues(_ step: Step) -> Bool {
        switch step.onFailure {
        case .continue, .warn: return true
        case .abort, .rollback: return false
        }
    }
}
