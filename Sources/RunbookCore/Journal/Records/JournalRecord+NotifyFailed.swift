extension JournalRecord {
    /// `notify.failed`: a notification sink could not be reached, reported once per sink and run.
    public struct NotifyFailed: JournalKeyedPayload {
        /// The sink's position in the run's list of sinks.
        public var sink: Int64 = 0
        /// `webhook` or `slack`.
        public var kind: String = ""
        /// The sink as scheme, host and port (its path may be a credential).
        public var url: String = ""
        /// Why delivery failed.
        public var error: String = ""
        /// The notification event that could not be delivered.
        public var event: String = ""
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `notify.failed` payload.
        public init(sink: Int64, kind: String, url: String, error: String, event: String) {
            self.sink = sink
            self.kind = kind
            self.url = url
            self.error = error
            self.event = event
        }

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .int("sink", \.sink),
            .string("kind", \.kind),
            .string("url", \.url),
            .string("error", \.error),
            .string("event", \.event),
        ]
    }
}
