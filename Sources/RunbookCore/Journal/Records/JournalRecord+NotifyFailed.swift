extension JournalRecord {
    /// `notify.failed`: a notification sink could not be reached, reported once per sink and run.
    public struct NotifyFailed: JournalPayload {
        /// The sink's position in the run's list of sinks.
        public var sink: Int64
        /// `webhook` or `slack`.
        public var kind: String
        /// The sink as scheme, host and port (its path may be a credential).
        public var url: String
        /// Why delivery failed.
        public var error: String
        /// The notification event that could not be delivered.
        public var event: String
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

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            sink = f.int("sink") ?? 0
            kind = f.string("kind") ?? ""
            url = f.string("url") ?? ""
            error = f.string("error") ?? ""
            event = f.string("event") ?? ""
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [
                ("sink", .int(sink)), ("kind", .string(kind)), ("url", .string(url)), ("error", .string(error)),
                ("event", .string(event)),
            ]
        }
    }
}
