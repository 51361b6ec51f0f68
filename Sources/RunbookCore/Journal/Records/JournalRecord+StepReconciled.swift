extension JournalRecord {
    /// `step.reconciled`: an in-doubt step's reconcile probe found its effect present (done) or absent (run again).
    public struct StepReconciled: JournalKeyedPayload {
        /// Step id.
        public var step: String = ""
        /// Whether the effect is in place.
        public var present: Bool = false
        /// The probe's failed expectations, or why the probe failed.
        public var detail: String = ""
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `step.reconciled` payload.
        public init(step: String, present: Bool, detail: String) {
            self.step = step
            self.present = present
            self.detail = detail
        }

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .string("step", \.step),
            .bool("present", \.present),
            .string("detail", \.detail),
        ]
    }
}
