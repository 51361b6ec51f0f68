extension JournalRecord {
    /// `run.interrupted`: the run stopped (signal, declined or timed-out gate, in-doubt step, crash found on resume).
    public struct RunInterrupted: JournalPayload {
        /// Why.
        public var reason: String
        /// Steps in flight when it stopped (written only by some stops).
        public var inFlight: [String]?
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `run.interrupted` payload.
        public init(reason: String, inFlight: [String]? = nil) {
            self.reason = reason
            self.inFlight = inFlight
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            reason = f.string("reason") ?? ""
            inFlight = f.strings("in_flight")
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs.append(("reason", .string(reason)))
            if let inFlight { pairs.append(("in_flight", inFlight.journalValue)) }
        }
    }
}
