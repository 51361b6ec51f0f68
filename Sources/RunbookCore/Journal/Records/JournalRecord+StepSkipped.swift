extension JournalRecord {
    /// `step.skipped`: a step that did not run (condition, `--from`/`--only`, or an operator's audited `skip`).
    public struct StepSkipped: JournalPayload {
        /// Step id.
        public var step: String
        /// Why.
        public var reason: String
        /// `runbook`, `check`, or the operator (`user@host`).
        public var by: String
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `step.skipped` payload.
        public init(step: String, reason: String, by: String) {
            self.step = step
            self.reason = reason
            self.by = by
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            step = f.string("step") ?? ""
            reason = f.string("reason") ?? ""
            by = f.string("by") ?? ""
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [("step", .string(step)), ("reason", .string(reason)), ("by", .string(by))]
        }
    }
}
