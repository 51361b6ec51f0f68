extension JournalRecord {
    /// `step.skipped`: a step that did not run (condition, `--from`/`--only`, or an operator's audited `skip`).
    public struct StepSkipped: JournalKeyedPayload {
        /// Step id.
        public var step: String = ""
        /// Why.
        public var reason: String = ""
        /// `runbook`, `check`, or the operator (`user@host`).
        public var by: String = ""
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `step.skipped` payload.
        public init(step: String, reason: String, by: String) {
            self.step = step
            self.reason = reason
            self.by = by
        }

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .string("step", \.step),
            .string("reason", \.reason),
            .string("by", \.by),
        ]
    }
}
