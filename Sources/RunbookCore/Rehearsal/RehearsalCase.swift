/// One rehearsal `runbook rehearse` performs: a run that fails a step on purpose so `scenario` starts, or, for a
/// manual scenario, a run of the main steps followed by `rollback --scenario`.
public struct RehearsalCase: Sendable, Hashable {
    /// How the scenario is brought about.
    public enum Method: Sendable, Hashable {
        /// Fail this forward step (`--inject STEP=fail-until-rollback`).
        case inject(String)
        /// Run the main steps, then `rollback --scenario`.
        case manual
        /// An automatic scenario that no step can start (every trigger is a gate or a `continue`/`warn` step, or
        /// not a forward step): nothing is run, and the rehearsal reports it.
        case unreachable
    }

    /// The rollback scenario rehearsed.
    public var scenario: String
    /// How.
    public var method: Method

    /// Creates a case.
    public init(scenario: String, method: Method) {
        self.scenario = scenario
        self.method = method
    }

    /// The forward step whose failure is injected, if any.
    public var step: String? {
        if case .inject(let step) = method { return step }
        return nil
    }

    /// The rehearsals of a runbook, in scenario order.
    ///
    /// One per trigger of every automatic scenario (a step trigger or an `on_failure: {rollback: …}` fails that
    /// step; a phase trigger fails the phase's last step that starts the scenario and does not `continue`), one
    /// per manual scenario, and an `unreachable` one for an automatic scenario no step can start. `only` restricts
    /// them to one scenario.
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
                cases.append(RehearsalCase(scenario: scenario.id, method: .manual))
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
                cases.append(RehearsalCase(scenario: scenario.id, method: .inject(step)))
            }
            if steps.isEmpty { cases.append(RehearsalCase(scenario: scenario.id, method: .unreachable)) }
        }
        return cases
    }
}
