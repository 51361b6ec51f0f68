extension Runbook {
    /// Gives every step (guards, phases, rollbacks) without its own `timeout` or `retry` the runbook's
    /// `defaults:`, so plans show the effective values; gates and waits keep their own limits.
    mutating func applyDefaults() {
        let defaults = self.defaults
        func apply(_ step: inout Step) {
            if step.timeout == nil, StepDefaults.takesTimeout(step.body) { step.timeout = defaults.timeout }
            if step.retry == nil, !step.isGate { step.retry = defaults.retry }
        }
        for i in guards.indices { apply(&guards[i]) }
        for p in phases.indices {
            for s in phases[p].steps.indices { apply(&phases[p].steps[s]) }
        }
        for r in rollbacks.indices {
            for s in rollbacks[r].steps.indices { apply(&rollbacks[r].steps[s]) }
        }
    }
}

extension Step {
    /// Whether the step is a gate.
    var isGate: Bool {
        if case .gate = body { return true }
        return false
    }
}
