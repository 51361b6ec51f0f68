extension JournalRecord {
    /// `step.in_doubt`: a step was in flight when the run stopped; its effect is unknown.
    public struct StepInDoubt: JournalPayload {
        /// Step id.
        public var step: String
        /// The attempt that was in flight.
        public var attempt: Int
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `step.in_doubt` payload.
        public init(step: String, attempt: Int) {
            self.step = step
            self.attempt = attempt
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            step = f.string("step") ?? ""
            attempt = JournalRecord.attempt(f.int("attempt"))
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [("step", .string(step)), ("attempt", .int(Int64(attempt)))]
        }
    }
}
