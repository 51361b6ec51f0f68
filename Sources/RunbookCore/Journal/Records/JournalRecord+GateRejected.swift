extension JournalRecord {
    /// `gate.rejected`: a gate was declined.
    public struct GateRejected: JournalKeyedPayload {
        /// Gate step id.
        public var step: String = ""
        /// Who declined it.
        public var by: String = ""
        /// Why.
        public var reason: String = ""
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `gate.rejected` payload.
        public init(step: String, by: String, reason: String) {
            self.step = step
            self.by = by
            self.reason = reason
        }

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .string("step", \.step),
            .string("by", \.by),
            .string("reason", \.reason),
        ]
    }
}
