extension JournalRecord {
    /// `step.reconciled`: an in-doubt step's reconcile probe found its effect present (done) or absent (run again).
    public struct StepReconciled: JournalPayload {
        /// Step id.
        public var step: String
        /// Whether the effect is in place.
        public var present: Bool
        /// The probe's failed expectations, or why the probe failed.
        public var detail: String
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `step.reconciled` payload.
        public init(step: String, present: Bool, detail: String) {
            self.step = step
            self.present = present
            self.detail = detail
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            step = f.string("step") ?? ""
            present = f.bool("present") ?? false
            detail = f.string("detail") ?? ""
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [("step", .string(step)), ("present", .bool(present)), ("detail", .string(detail))]
        }
    }
}
