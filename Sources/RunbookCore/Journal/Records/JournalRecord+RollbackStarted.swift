extension JournalRecord {
    /// `rollback.started`: a rollback scenario began, triggered by a failed step or started by an operator.
    public struct RollbackStarted: JournalPayload {
        /// Scenario id.
        public var scenario: String
        /// The step whose failure triggered it, or `operator`.
        public var trigger: String
        /// The trigger's error, or who started it.
        public var error: String
        /// Whether an operator started it (`runbook rollback`).
        public var manual: Bool
        /// The scenario's steps.
        public var steps: [String]
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

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            scenario = f.string("scenario") ?? ""
            trigger = f.string("trigger") ?? ""
            error = f.string("error") ?? ""
            manual = f.bool("manual") ?? false
            steps = f.strings("steps") ?? []
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [
                ("scenario", .string(scenario)), ("trigger", .string(trigger)), ("error", .string(error)),
                ("manual", .bool(manual)), ("steps", steps.journalValue),
            ]
        }
    }
}
