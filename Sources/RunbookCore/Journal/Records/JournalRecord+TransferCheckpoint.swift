extension JournalRecord {
    /// `transfer.checkpoint`: a `transfer` step's committed progress, where a resume continues.
    public struct TransferCheckpoint: JournalPayload {
        /// Step id.
        public var step: String
        /// The key of the last row written (`null` before the first).
        public var lastKey: Value
        /// Rows written so far.
        public var rows: Int64
        /// Batches written so far.
        public var batches: Int64
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `transfer.checkpoint` payload.
        public init(step: String, lastKey: Value, rows: Int64, batches: Int64) {
            self.step = step
            self.lastKey = lastKey
            self.rows = rows
            self.batches = batches
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            step = f.string("step") ?? ""
            lastKey = f.value("last_key") ?? .null
            rows = f.int("rows") ?? 0
            batches = f.int("batches") ?? 0
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [("step", .string(step)), ("last_key", lastKey), ("rows", .int(rows)), ("batches", .int(batches))]
        }
    }
}
