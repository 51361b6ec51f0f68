extension JournalRecord {
    /// `sync.batch`: one applied batch of a `sync` step.
    public struct SyncBatch: JournalPayload {
        /// Step id.
        public var step: String
        /// The batch number, from 1.
        public var batch: Int64
        /// Rows upserted.
        public var upserted: Int64
        /// Rows deleted.
        public var deleted: Int64
        /// Differences that vanished on re-read (not applied).
        public var transient: Int64
        /// The key of the batch's last candidate, for display.
        public var lastKey: Value
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

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            step = f.string("step") ?? ""
            batch = f.int("batch") ?? 0
            upserted = f.int("upserted") ?? 0
            deleted = f.int("deleted") ?? 0
            transient = f.int("transient") ?? 0
            lastKey = f.value("last_key") ?? .null
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [
                ("step", .string(step)), ("batch", .int(batch)), ("upserted", .int(upserted)),
                ("deleted", .int(deleted)), ("transient", .int(transient)), ("last_key", lastKey),
            ]
        }
    }
}
