extension JournalRecord {
    /// `gate.waiting`: a gate asks for approval.
    public struct GateWaiting: JournalPayload {
        /// Gate step id.
        public var step: String
        /// The rendered prompt (redacted).
        public var prompt: String
        /// The text the approver must type, if any.
        public var confirm: String?
        /// How many distinct approvers it needs.
        public var approvers: Int64
        /// The gate's timeout, if any.
        public var timeoutMs: Int64?
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `gate.waiting` payload.
        public init(step: String, prompt: String, confirm: String?, approvers: Int64, timeoutMs: Int64?) {
            self.step = step
            self.prompt = prompt
            self.confirm = confirm
            self.approvers = approvers
            self.timeoutMs = timeoutMs
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            step = f.string("step") ?? ""
            prompt = f.string("prompt") ?? ""
            confirm = f.nullableString("confirm") ?? nil
            approvers = f.int("approvers") ?? 1
            timeoutMs = f.nullableInt("timeout_ms") ?? nil
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [
                ("step", .string(step)), ("prompt", .string(prompt)), ("confirm", confirm.journalValue),
                ("approvers", .int(approvers)), ("timeout_ms", timeoutMs.map(Value.int) ?? .null),
            ]
        }
    }
}
