extension JournalRecord {
    /// `journal.repaired`: a torn tail was truncated when the journal was opened.
    public struct JournalRepaired: JournalPayload {
        /// What was repaired.
        public var warning: String
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `journal.repaired` payload.
        public init(warning: String) { self.warning = warning }

        /// Reads the payload.
        public init(fields f: inout JournalFields) { warning = f.string("warning") ?? "" }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) { pairs.append(("warning", .string(warning))) }
    }
}
