extension JournalRecord {
    /// `rollback.started`: a rollback scenario began, triggered by a failed step or started by an operator.
    public struct RollbackStarted: JournalKeyedPayload {
        /// Scenario id.
        public var scenario: String = ""
        /// The step whose failure triggered it, or `operator`.
        public var trigger: String = ""
        /// The trigger's error, or who started it.
        public var error: String = ""
        /// Whether an operator started it (`runbook rollback`).
        public var manual: Bool = false
        /// The scenario's steps.
        public var steps: [String] = []
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `rollback.started` payload.
        public init(scenario: String, trigger: String, error: String, manual: Bool, steps: [String]) {
            self.scenario = scenario
            self.trigger = trigger
            self.error = error
            self.manual = manual
            self.steps = steps
        }

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .string("scenario", \.scenario),
            .string("trigger", \.trigger),
            .string("error", \.error),
            .bool("manual", \.manual),
            .strings("steps", \.steps),
        ]
    }
}
