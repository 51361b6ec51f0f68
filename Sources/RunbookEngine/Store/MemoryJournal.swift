import RunbookCore

/// One run's journal in a `MemoryRunStore`: the lines `JournalWriterState` makes, visible to readers as soon as
/// they are appended (as lines written to a file are).
public final class MemoryJournal: JournalStore {
    public private(set) var events: [JournalEvent]
    public let openWarnings: [String] = []
    public var location: String { "memory:\(runID)" }
    let runID: String
    private let store: MemoryRunStore
    private var writer: JournalWriterState
    private let clock: @Sendable () -> String

    init(
        runID: String,
        store: MemoryRunStore,
        result: JournalReadResult,
        clock: @escaping @Sendable () -> String = Timestamp.now
    ) {
        self.runID = runID
        self.store = store
        self.events = result.events
        self.writer = JournalWriterState(continuing: result)
        self.clock = clock
    }

    @discardableResult
    public func append(_ type: String, _ data: Value) async throws -> JournalEvent {
        record(type, data)
    }

    @discardableResult
    public func appendUnsynced(_ type: String, _ data: Value) async throws -> JournalEvent {
        record(type, data)
    }

    private func record(_ type: String, _ data: Value) -> JournalEvent {
        let (event, line) = writer.append(type: type, time: clock(), data: data)
        store.commit(runID, [line])
        events.append(event)
        return event
    }

    public func seal() async throws {
        store.seal(runID, seq: writer.nextSeq - 1, hash: writer.headHash)
    }
}
