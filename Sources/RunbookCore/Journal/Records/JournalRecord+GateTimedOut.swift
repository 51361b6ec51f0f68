extension JournalRecord {
    /// `gate.timed_out`: a gate's timeout passed without a decision.
    public struct GateTimedOut: JournalPayload {
        /// Gate step id.
        public var step: String
        /// The timeout that passed.
        public var afterMs: Int64
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `gate.timed_out` payload.
        public init(step: String, afterMs: Int64) {
            self.step = step
            self.afterMs = afterMs
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            step = f.string("step") ?? ""
            afterMs = f.int("after_ms") ?? 0
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [("step", .string(step)), ("after_ms", .int(afterMs))]
        }
    }
}
