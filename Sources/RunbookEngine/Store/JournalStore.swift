import RunbookCore

/// One run's journal: append (durable before returning), append without sync, seal, and the events so far.
///
/// Writes are `async`: a store that waits (a full disk, a lost database) suspends the run's task instead of
/// blocking its thread.
///
/// Conformers: `FileJournal` (a `journal.jsonl` file) and the PostgreSQL journal of the `PostgresStore` target.
/// Every conformer writes the same lines with the same hash chain (`JournalWriterState`), so a journal moves
/// between stores byte for byte.
public protocol JournalStore: AnyObject {
    /// The events read at open time plus those appended since.
    var events: [JournalEvent] { get }
    /// Warnings found when opening (for example a torn tail that was cut off).
    var openWarnings: [String] { get }
    /// Where the journal lives, for messages.
    var location: String { get }
    /// Appends an event and makes it durable before returning.
    @discardableResult func append(_ type: String, _ data: Value) async throws -> JournalEvent
    /// Appends an event that records no action; the next `append` makes it durable.
    @discardableResult func appendUnsynced(_ type: String, _ data: Value) async throws -> JournalEvent
    /// Records the head of the chain so `replay --verify` detects a modified last event.
    func seal() async throws
    /// Throws when this writer may no longer write (its lease was taken over); polled while a run waits.
    func ensureWritable() throws
}

extension JournalStore {
    /// A journal without a lease is always writable.
    public func ensureWritable() throws {}
}

extension FileJournal: JournalStore {
    /// The journal file path.
    public var location: String { path }
}

extension JournalStore {
    /// Appends a record and makes it durable before returning.
    @discardableResult public func append(_ record: JournalRecord) async throws -> JournalEvent {
        try await append(record.type, record.data)
    }
}
