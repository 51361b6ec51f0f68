extension JournalRecord {
    /// `journal.repaired`: a torn tail was truncated when the journal was opened.
    public struct JournalRepaired: JournalKeyedPayload {
        /// What was repaired.
        public var warning: String = ""
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `journal.repaired` payload.
        public init(warning: String) { self.warning = warning }

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .string("warning", \.warning)
        ]
    }
}
