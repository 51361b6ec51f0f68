extension JournalRecord {
    /// `gate.rejected`: a gate was declined.
    public struct GateRejected: JournalPayload {
        /// Gate step id.
        public var step: String
        /// Who declined it.
        public var by: String
        /// Why.
        public var reason: String
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `gate.rejected` payload.
        public init(step: String, by: String, reason: String) {
            self.step = step
            self.by = by
            self.reason = reason
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            step = f.string("step") ?? ""
            by = f.string("by") ?? ""
            reason = f.string("reason") ?? ""
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [("step", .string(step)), ("by", .string(by)), ("reason", .string(reason))]
        }
    }
}
