import Foundation
import RunbookCore

/// Runs kept in memory: the same journal lines, hash chain, seal and lock rules as the file store, without I/O.
///
/// For in-process engine tests (event scripts) and anything that drives a run it does not need to keep.
public final class MemoryRunStore: RunStore, @unchecked Sendable {
    struct Run {
        var runbookID: String
        var runbook: [UInt8]
        var lines: [String] = []
        var seal: (seq: Int, hash: String)?
        var approvals: [Value] = []
    }

    private let lock = NSLock()
    private var runs: [String: Run] = [:]
    private var order: [String] = []
    private var locks: [String: String] = [:]

    /// An empty store.
    public init() {}

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    public var location: String { "memory" }

    public func runIDs() -> [String] { withLock { order } }

    public func resolve(_ run: String) -> String? {
        withLock {
            if runs[run] != nil { return run }
            let matches = order.filter { $0.hasPrefix(run) }
            return matches.count == 1 ? matches[0] : nil
        }
    }

    public func journalLocation(_ runID: String) -> String { "memory:\(runID)" }

    public func readJournal(_ runID: String) -> JournalReadResult? {
        guard let bytes = exportJournal(runID) else { return nil }
        return RunReplayLoader.read(bytes: bytes, seal: withLock { runs[runID]?.seal })
    }

    public func runbookCopy(_ runID: String) -> [UInt8]? { withLock { runs[runID]?.runbook } }

    public func lock(runbookID: String, runID: String) throws(RunStoreLockFailure) -> any RunStoreLock {
        let holder = withLock { () -> String? in
            if let holder = locks[runbookID] { return holder }
            locks[runbookID] = "run \(runID) in memory"
            return nil
        }
        if let holder { throw .held(holder) }
        return MemoryLock { [weak self] in self?.withLock { self?.locks[runbookID] = nil } }
    }

    public func holder(of runbookID: String) -> String? { withLock { locks[runbookID] } }

    public func createRun(
        _ runID: String,
        runbookID: String,
        runbook: [UInt8],
        lock: any RunStoreLock
    ) throws
        -> any JournalStore
    {
        try withLock {
            if runs[runID] != nil {
                throw RunStoreError(exitCode: .invalidInput, "run \(runID) already exists in memory")
            }
            runs[runID] = Run(runbookID: runbookID, runbook: runbook)
            order.append(runID)
        }
        return try openJournal(runID, lock: lock)
    }

    public func openJournal(_ runID: String, lock: any RunStoreLock) throws -> any JournalStore {
        guard let result = readJournal(runID) else {
            throw RunStoreError(exitCode: .invalidInput, "no run \(runID) in memory")
        }
        if let problem = result.problem {
            throw RunStoreError(
                exitCode: .invalidInput,
                "journal of \(runID) fails verification at line \(problem.line)"
            )
        }
        return MemoryJournal(runID: runID, store: self, result: result)
    }

    /// Appends committed journal lines of a run.
    func commit(_ runID: String, _ lines: [String]) {
        withLock { runs[runID]?.lines += lines }
    }

    /// Records the seal of a run.
    func seal(_ runID: String, seq: Int, hash: String) {
        withLock { runs[runID]?.seal = (seq, hash) }
    }

    public func submitApproval(_ runID: String, _ approval: Value) {
        withLock { runs[runID]?.approvals.append(approval) }
    }

    public func takeApprovals(_ runID: String) async -> [Value] {
        withLock {
            let taken = runs[runID]?.approvals ?? []
            runs[runID]?.approvals = []
            return taken
        }
    }

    public func exportJournal(_ runID: String) -> [UInt8]? {
        withLock { runs[runID].map { Array($0.lines.map { $0 + "\n" }.joined().utf8) } }
    }

    public func importJournal(_ runID: String, runbookID: String, journal: [UInt8], headHash: String) throws {
        let lines = String(decoding: journal, as: UTF8.self).split(separator: "\n").map(String.init)
        try withLock {
            if runs[runID] != nil {
                throw RunStoreError(exitCode: .invalidInput, "run \(runID) already exists in memory")
            }
            runs[runID] = Run(runbookID: runbookID, runbook: [], lines: lines, seal: (lines.count - 1, headHash))
            order.append(runID)
        }
    }
}

/// A lock of the memory store.
final class MemoryLock: RunStoreLock {
    private var onRelease: (() -> Void)?

    init(onRelease: @escaping () -> Void) { self.onRelease = onRelease }

    func release() {
        onRelease?()
        onRelease = nil
    }
}
