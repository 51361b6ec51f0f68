extension JournalRecord {
    /// `step.succeeded` / `guard.passed`: an attempt succeeded, with its value, summary and outputs.
    public struct StepSucceeded: JournalPayload {
        /// Step id.
        public var step: String
        /// The attempt, from 1.
        public var attempt: Int
        /// How long it took.
        public var durationMs: Int64
        /// The step's value.
        public var value: Value
        /// One-line summary.
        public var summary: String
        /// The outputs later steps read (`steps.ID.NAME`), sorted by name.
        public var outputs: [JournalField]
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

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            step = f.string("step") ?? ""
            attempt = JournalRecord.attempt(f.int("attempt"))
            durationMs = f.int("duration_ms") ?? 0
            value = f.value("value") ?? .null
            summary = f.string("summary") ?? ""
            outputs = f.map("outputs") ?? []
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [
                ("step", .string(step)), ("attempt", .int(Int64(attempt))), ("duration_ms", .int(durationMs)),
                ("value", value), ("summary", .string(summary)), ("outputs", JournalField.map(outputs)),
            ]
        }
    }
}
