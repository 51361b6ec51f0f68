import Foundation
import RunbookCore
import RunbookEngine

/// A resolved `RUN|JOURNAL` argument: a journal file, a run directory, or a run (id or unique prefix) in the
/// state store — a directory or PostgreSQL.
struct JournalArgument {
    /// Where the journal is, for messages: a path, or the store's description of the run.
    let location: String
    /// The runbook the run is pinned to, if it was kept.
    let pinnedRunbook: [UInt8]?
    /// What `--follow` polls.
    let followSource: JournalFollower.Source
    private let reader: @Sendable () async throws -> JournalReadResult?

    /// Resolves `run`; exits 2 with a message when it names nothing.
    static func resolve(_ run: String, state: StateOptions) async throws -> JournalArgument {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: run, isDirectory: &isDir), !run.hasSuffix("/") {
            let path = isDir.boolValue ? run + "/journal.jsonl" : run
            let copy = (path as NSString).deletingLastPathComponent + "/runbook.yaml"
            return JournalArgument(
                location: path,
                pinnedRunbook: FileManager.default.contents(atPath: copy).map { [UInt8]($0) },
                followSource: .file(path),
                reader: { RunReplayLoader.read(path) }
            )
        }
        let store = try await state.store()
        let runID = try await state.resolveRun(run, in: store)
        let location = store.journalLocation(runID)
        return JournalArgument(
            location: location,
            pinnedRunbook: await store.runbookCopy(runID),
            followSource: store is FileRunStore ? .file(location) : .store(store, runID: runID),
            reader: { try await Launch.reporting { try await store.readJournal(runID) } }
        )
    }

    /// Reads and checks the journal (nil when it cannot be read).
    func read() async throws -> JournalReadResult? { try await reader() }
}
