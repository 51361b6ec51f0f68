extension JournalRecord {
    /// `transfer.checkpoint`: a `transfer` step's committed progress, where a resume continues.
    public struct TransferCheckpoint: JournalKeyedPayload {
        /// Step id.
        public var step: String = ""
        /// The key of the last row written (`null` before the first).
        public var lastKey: Value = .null
        /// Rows written so far.
        public var rows: Int64 = 0
        /// Batches written so far.
        public var batches: Int64 = 0
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `transfer.checkpoint` payload.
        public init(step: String, lastKey: Value, rows: Int64, batches: Int64) {
            self.step = step
            self.lastKey = lastKey
            self.rows = rows
            self.batches = batches
        }

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .string("step", \.step),
            .value("last_key", \.lastKey),
            .int("rows", \.rows),
            .int("batches", \.batches),
        ]
    }
}
