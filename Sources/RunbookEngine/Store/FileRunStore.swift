import Foundation
import RunbookCore

/// The file store: a state directory with `runs/<id>/journal.jsonl`, a `flock` lock per runbook id, and an
/// approvals drop-box directory per run.
public struct FileRunStore: RunStore {
    /// The state directory.
    public let directory: StateDirectory
    /// How long a journal write that failed for lack of space (or an I/O error) is retried.
    public let retry: StoreRetry

    /// Creates a store on a state directory (nothing is created until needed).
    public init(root: String, retry: StoreRetry = StoreRetry(seconds: 60)) {
        directory = StateDirectory(root: root)
        self.retry = retry
    }

    public var location: String { directory.root }

    public func runIDs() -> [String] { directory.runIDs() }

    public func resolve(_ run: String) -> String? { directory.resolve(run) }

    public func journalLocation(_ runID: String) -> String { directory.journalPath(runID) }

    public func readJournal(_ runID: String) -> JournalReadResult? {
        RunReplayLoader.read(directory.journalPath(runID))
    }

    public func runbookCopy(_ runID: String) -> [UInt8]? {
        FileManager.default.contents(atPath: directory.runbookCopyPath(runID)).map { [UInt8]($0) }
    }

    public func lock(runbookID: String, runID: String) throws(RunStoreLockFailure) -> any RunStoreLock {
        do {
            try directory.prepareLocks()
        } catch {
            throw .io("cannot create the state directory \(directory.root): \(error)")
        }
        do {
            return try RunLock.acquire(
                path: directory.lockPath(runbookID),
                holder: "run \(runID) on \(Identity.host) pid \(Identity.pid) since \(Timestamp.now())"
            )
        } catch {
            switch error {
            case .held(let holder): throw .held("\(holder) (state dir \(directory.root))")
            case .io(let message): throw .io(message)
            }
        }
    }

    public func holder(of runbookID: String) -> String? {
        let text =
            (try? String(contentsOfFile: directory.lockPath(runbookID), encoding: .utf8))?.trimmingSpaces() ?? ""
        return text.isEmpty ? nil : text
    }

    public func createRun(
        _ runID: String,
        runbookID: String,
        runbook: [UInt8],
        lock: any RunStoreLock
    ) async throws
        -> any JournalStore
    {
        try directory.prepare(runID: runID)
        try Data(runbook).write(to: URL(fileURLWithPath: directory.runbookCopyPath(runID)))
        return try await FileJournal.open(path: directory.journalPath(runID), retry: retry)
    }

    public func openJournal(_ runID: String, lock: any RunStoreLock) async throws -> any JournalStore {
        try await FileJournal.open(path: directory.journalPath(runID), retry: retry)
    }

    public func submitApproval(_ runID: String, _ approval: Value) throws {
        let dir = directory.approvalsPath(runID)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/\(Timestamp.now())-\(Identity.pid).json"
        try JSONWriter.string(approval).write(toFile: path, atomically: true, encoding: .utf8)
    }

    public func takeApprovals(_ runID: String) async -> [Value] {
        let fm = FileManager.default
        let dir = directory.approvalsPath(runID)
        let names = ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        var out: [Value] = []
        for name in names {
            let path = dir + "/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8), let value = try? JSONParser.parse(text)
            else { continue }
            try? fm.removeItem(atPath: path)
            out.append(value)
        }
        return out
    }

    public func exportJournal(_ runID: String) -> [UInt8]? {
        FileManager.default.contents(atPath: directory.journalPath(runID)).map { [UInt8]($0) }
    }

    public func importJournal(_ runID: String, runbookID: String, journal: [UInt8], headHash: String) throws {
        if FileManager.default.fileExists(atPath: directory.runPath(runID)) {
            throw RunStoreError(exitCode: .invalidInput, "run \(runID) already exists in \(directory.root)")
        }
        try directory.prepare(runID: runID)
        try AtomicFile.write(String(decoding: journal, as: UTF8.self), to: directory.journalPath(runID))
        let count = journal.filter { $0 == UInt8(ascii: "\n") }.count
        try AtomicFile.write("\(count - 1) \(headHash)\n", to: directory.runPath(runID) + "/head")
    }
}

extension RunLock: RunStoreLock {}
