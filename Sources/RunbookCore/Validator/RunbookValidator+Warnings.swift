extension RunbookValidator {
    /// `on_failure: warn` is refused where it cannot mean anything: on a gate (a declined gate stops the run, it
    /// does not fail) and on a step a rollback scenario names as its trigger (a warning never starts a rollback).
    func checkWarnSteps() {
        let steps = runbook.guards + runbook.mainSteps + runbook.rollbacks.flatMap(\.steps)
        var warned: Set<String> = []
        for step in steps where step.onFailure == .warn {
            warned.insert(step.id)
            if case .gate = step.body {
                reader.error(
                    step.location,
                    "gate '\(step.id)' cannot have on_failure: warn; a declined gate stops the run, it does not fail"
                )
            }
        }
        for scenario in runbook.rollbacks {
            for trigger in scenario.triggers where warned.contains(trigger.value) {
                reader.error(
                    trigger.location,
                    "rollback '\(scenario.id)' is triggered by '\(trigger.value)', but that step has on_failure: warn, which never starts a rollback"
                )
            }
        }
    }
}
