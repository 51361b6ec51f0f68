extension JournalRecord {
    /// `sync.batch`: one applied batch of a `sync` step.
    public struct SyncBatch: JournalKeyedPayload {
        /// Step id.
        public var step: String = ""
        /// The batch number, from 1.
        public var batch: Int64 = 0
        /// Rows upserted.
        public var upserted: Int64 = 0
        /// Rows deleted.
        public var deleted: Int64 = 0
        /// Differences that vanished on re-read (not applied).
        public var transient: Int64 = 0
        /// The key of the batch's last candidate, for display.
        public var lastKey: Value = .null
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `sync.batch` payload.
        public init(step: String, batch: Int64, upserted: Int64, deleted: Int64, transient: Int64, lastKey: Value) {
            self.step = step
            self.batch = batch
            self.upserted = upserted
            self.deleted = deleted
            self.transient = transient
            self.lastKey = lastKey
        }

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .string("step", \.step),
            .int("batch", \.batch),
            .int("upserted", \.upserted),
            .int("deleted", \.deleted),
            .int("transient", \.transient),
            .value("last_key", \.lastKey),
        ]
    }
}
