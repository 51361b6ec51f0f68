/// One rehearsal `runbook rehearse` performs: a run that fails `step` on purpose so `scenario` starts, or, for a
/// manual scenario, a run of the main steps followed by `rollback --scenario`.
public struct RehearsalCase: Sendable, Hashable {
    /// The rollback scenario rehearsed.
    public var scenario: String
    /// The forward step whose failure is injected; `nil` for a manual scenario.
    public var step: String?

    /// Creates a case.
    public init(scenario: String, step: String?) {
        self.scenario = scenario
        self.step = step
    }

    /// The rehearsals of a runbook, in scenario order.
    ///
    /// One per trigger of every automatic scenario (a step trigger or an `on_failure: {rollback: …}` fails that
    /// step; a phase trigger fails the phase's last step that starts the scenario and does not `continue`), one
    /// per manual scenario. `only` restricts them to one scenario.
    public static func all(in runbook: Runbook, only: String? = nil) -> [RehearsalCase] {
        let machine = RunStateMachine(runbook: runbook, external: { _ in nil })
        // A gate cannot be injected, and a `continue`/`warn` step's failure never starts a scenario.
        func starts(_ step: Step, _ scenario: RollbackScenario) -> Bool {
            if case .gate = step.body { return false }
            switch step.onFailure {
            case .continue, .warn: return false
            case .abort, .rollback: return machine.scenario(for: step.id)?.id == scenario.id
            }
        }
        var cases: [RehearsalCase] = []
        for scenario in runbook.rollbacks where only == nil || only == scenario.id {
            if scenario.manual {
                cases.append(RehearsalCase(scenario: scenario.id, step: nil))
                continue
            }
            var steps: [String] = []
            for trigger in scenario.triggers {
                if let phase = runbook.phases.first(where: { $0.id == trigger.value }) {
                    if let last = phase.steps.last(where: { starts($0, scenario) }) { steps.append(last.id) }
                } else if let step = runbook.mainSteps.first(where: { $0.id == trigger.value }), starts(step, scenario)
                {
                    steps.append(step.id)
                }
            }
            for step in runbook.mainSteps {
                if case .rollback(let id) = step.onFailure, id.value == scenario.id { steps.append(step.id) }
            }
            var seen: Set<String> = []
            for step in steps where seen.insert(step).inserted {
                cases.append(RehearsalCase(scenario: scenario.id, step: step))
            }
        }
        return cases
    }
}
