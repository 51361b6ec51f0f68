extension JournalRecord {
    /// `step.in_doubt`: a step was in flight when the run stopped; its effect is unknown.
    public struct StepInDoubt: JournalKeyedPayload {
        /// Step id.
        public var step: String = ""
        /// The attempt that was in flight.
        public var attempt: Int = 1
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `step.in_doubt` payload.
        public init(step: String, attempt: Int) {
            self.step = step
            self.attempt = attempt
        }

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .string("step", \.step),
            .attempt("attempt", \.attempt),
        ]
    }
}
