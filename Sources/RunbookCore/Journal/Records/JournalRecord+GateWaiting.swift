extension JournalRecord {
    /// `gate.waiting`: a gate asks for approval.
    public struct GateWaiting: JournalKeyedPayload {
        /// Gate step id.
        public var step: String = ""
        /// The rendered prompt (redacted).
        public var prompt: String = ""
        /// The text the approver must type, if any.
        public var confirm: String?
        /// How many distinct approvers it needs.
        public var approvers: Int64 = 1
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

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .string("step", \.step),
            .string("prompt", \.prompt),
            .nullableString("confirm", \.confirm),
            .int("approvers", \.approvers),
            .nullableInt("timeout_ms", \.timeoutMs),
        ]
    }
}
