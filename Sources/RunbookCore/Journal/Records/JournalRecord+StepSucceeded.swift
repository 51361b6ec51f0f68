extension JournalRecord {
    /// `step.succeeded` / `guard.passed`: an attempt succeeded, with its value, summary and outputs.
    public struct StepSucceeded: JournalKeyedPayload {
        /// Step id.
        public var step: String = ""
        /// The attempt, from 1.
        public var attempt: Int = 1
        /// How long it took.
        public var durationMs: Int64 = 0
        /// The step's value.
        public var value: Value = .null
        /// One-line summary.
        public var summary: String = ""
        /// The outputs later steps read (`steps.ID.NAME`), sorted by name.
        public var outputs: [JournalField] = []
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `step.succeeded` payload; `outputs` are sorted by name.
        public init(
            step: String,
            attempt: Int,
            durationMs: Int64,
            value: Value,
            summary: String,
            outputs: [String: Value]
        ) {
            self.step = step
            self.attempt = attempt
            self.durationMs = durationMs
            self.value = value
            self.summary = summary
            self.outputs = outputs.sorted { $0.key < $1.key }.map { JournalField($0.key, $0.value) }
        }

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .string("step", \.step),
            .attempt("attempt", \.attempt),
            .int("duration_ms", \.durationMs),
            .value("value", \.value),
            .string("summary", \.summary),
            .map("outputs", \.outputs),
        ]
    }
}
