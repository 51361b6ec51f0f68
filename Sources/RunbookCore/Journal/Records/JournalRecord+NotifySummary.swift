extension JournalRecord {
    /// `notify.summary`: what one notification sink delivered during the run, journaled when the run returns.
    public struct NotifySummary: JournalPayload {
        /// The sink's position in the run's list of sinks.
        public var sink: Int64
        /// `webhook` or `slack`.
        public var kind: String
        /// The sink as scheme, host and port (its path may be a credential).
        public var url: String
        /// Notifications delivered.
        public var delivered: Int64
        /// Notifications given up after their retries.
        public var failed: Int64
        /// Notifications dropped because the sink's queue was full.
        public var dropped: Int64
        /// Notifications still queued when the run's bound for delivery passed.
        public var undelivered: Int64
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `notify.summary` payload.
        public init(
            sink: Int64,
            kind: String,
            url: String,
            delivered: Int64,
            failed: Int64,
            dropped: Int64,
            undelivered: Int64
        ) {
            self.sink = sink
            self.kind = kind
            self.url = url
            self.delivered = delivered
            self.failed = failed
            self.dropped = dropped
            self.undelivered = undelivered
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            sink = f.int("sink") ?? 0
            kind = f.string("kind") ?? ""
            url = f.string("url") ?? ""
            delivered = f.int("delivered") ?? 0
            failed = f.int("failed") ?? 0
            dropped = f.int("dropped") ?? 0
            undelivered = f.int("undelivered") ?? 0
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [
                ("sink", .int(sink)), ("kind", .string(kind)), ("url", .string(url)), ("delivered", .int(delivered)),
                ("failed", .int(failed)), ("dropped", .int(dropped)), ("undelivered", .int(undelivered)),
            ]
        }
    }
}
