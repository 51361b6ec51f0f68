extension RunState {
    /// The injection that makes the next attempt of this step fail, if one is active.
    public func injection(for step: String) -> FaultInjection? {
        guard let mode = injections[step] else { return nil }
        if mode == .failAlways || !spentInjections.contains(step) { return FaultInjection(step: step, mode: mode) }
        return nil
    }

    /// The injections of the run, sorted by step id.
    public var injectionList: [FaultInjection] {
        injections.sorted { $0.key < $1.key }.map { FaultInjection(step: $0.key, mode: $0.value) }
    }
}
