extension JournalRecord {
    /// `run.interrupted`: the run stopped (signal, declined or timed-out gate, in-doubt step, crash found on resume).
    public struct RunInterrupted: JournalKeyedPayload {
        /// Why.
        public var reason: String = ""
        /// Steps in flight when it stopped (written only by some stops).
        public var inFlight: [String]?
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `run.interrupted` payload.
        public init(reason: String, inFlight: [String]? = nil) {
            self.reason = reason
            self.inFlight = inFlight
        }

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .string("reason", \.reason),
            .optionalStrings("in_flight", \.inFlight),
        ]
    }
}
