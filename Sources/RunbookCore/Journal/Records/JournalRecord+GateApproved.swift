extension JournalRecord {
    /// `gate.approved`: one approval of a gate, pinned to the runbook and parameters it approved.
    public struct GateApproved: JournalPayload {
        /// Gate step id.
        public var step: String
        /// Who, and how.
        public var approver: GateApprover
        /// What the approver typed, if the gate asks for a confirmation.
        public var confirmation: String?
        /// SHA-256 of the runbook file approved.
        public var runbookDigest: String
        /// SHA-256 of the bound parameters approved.
        public var paramsDigest: String
        /// Distinct approvals so far, this one included (1 when not journaled).
        public var count: Int64
        /// Approvals the gate needs (1 when not journaled).
        public var required: Int64
        /// Whether this approval completes the gate; a journal without it decides by `count` and `required`.
        public var complete: Bool
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `gate.approved` payload.
        public init(
            step: String,
            approver: GateApprover,
            confirmation: String?,
            runbookDigest: String,
            paramsDigest: String,
            count: Int64,
            required: Int64,
            complete: Bool
        ) {
            self.step = step
            self.approver = approver
            self.confirmation = confirmation
            self.runbookDigest = runbookDigest
            self.paramsDigest = paramsDigest
            self.count = count
            self.required = required
            self.complete = complete
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            step = f.string("step") ?? ""
            approver = GateApprover(journalText: f.string("approver") ?? "")
            confirmation = f.nullableString("confirmation") ?? nil
            runbookDigest = f.string("runbook_digest") ?? ""
            paramsDigest = f.string("params_digest") ?? ""
            count = f.int("count") ?? 1
            required = f.int("required") ?? 1
            complete = f.bool("complete") ?? (count >= required)
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [
                ("step", .string(step)), ("approver", .string(approver.journalText)),
                ("confirmation", confirmation.journalValue), ("runbook_digest", .string(runbookDigest)),
                ("params_digest", .string(paramsDigest)), ("count", .int(count)), ("required", .int(required)),
                ("complete", .bool(complete)),
            ]
        }
    }
}
