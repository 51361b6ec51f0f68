extension JournalRecord {
    /// `gate.timed_out`: a gate's timeout passed without a decision.
    public struct GateTimedOut: JournalKeyedPayload {
        /// Gate step id.
        public var step: String = ""
        /// The timeout that passed.
        public var afterMs: Int64 = 0
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `gate.timed_out` payload.
        public init(step: String, afterMs: Int64) {
            self.step = step
            self.afterMs = afterMs
        }

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .string("step", \.step),
            .int("after_ms", \.afterMs),
        ]
    }
}
