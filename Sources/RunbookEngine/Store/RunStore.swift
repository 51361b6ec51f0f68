import RunbookCore

/// Where runs live: run listing, new runs, the pinned runbook copy, approvals, and the one-run-per-runbook lock.
///
/// Conformers: `FileRunStore` (a state directory), `MemoryRunStore` (in-process tests) and `PostgresRunStore` (the
/// `PostgresStore` target). The runner is the only writer of a run's journal; `runbook approve` hands approvals over
/// through `submitApproval`.
///
/// Every call that touches storage is `async`: a store that waits (on a database, or a full disk) suspends the
/// caller's task instead of blocking its thread. A conformer whose work never waits may implement them synchronously.
public protocol RunStore: Sendable {
    /// Where the runs are, for messages (a directory, or a PostgreSQL URL without its password).
    var location: String { get }
    /// Run ids present, oldest first.
    func runIDs() async throws -> [String]
    /// Resolves a run given on the command line (an id or a unique prefix).
    func resolve(_ run: String) async throws -> String?
    /// Where a run's journal lives, for messages.
    func journalLocation(_ runID: String) -> String
    /// Reads a run's journal read-only, checking the seal (nil when the run does not exist).
    func readJournal(_ runID: String) async throws -> JournalReadResult?
    /// The runbook bytes a run is pinned to.
    func runbookCopy(_ runID: String) async -> [UInt8]?
    /// Takes the lock of a runbook id without waiting.
    func lock(runbookID: String, runID: String) async throws(RunStoreLockFailure) -> any RunStoreLock
    /// Who holds the lock of a runbook id right now (nil when nobody does).
    func holder(of runbookID: String) async -> String?
    /// Creates a run: its record, the runbook copy, and an empty journal.
    func createRun(
        _ runID: String,
        runbookID: String,
        runbook: [UInt8],
        lock: any RunStoreLock
    ) async throws
        -> any JournalStore
    /// Opens a run's journal for appending (under `lock`), recording any repair made while opening it.
    func openJournal(_ runID: String, lock: any RunStoreLock) async throws -> any JournalStore
    /// Hands an approval (or rejection) to the run that waits at a gate.
    func submitApproval(_ runID: String, _ approval: Value) async throws
    /// Approvals handed over since the last call (each is returned once); polled by a run waiting at a gate.
    func takeApprovals(_ runID: String) async throws -> [Value]
    /// A run's journal as JSONL bytes, exactly as written (nil when the run does not exist).
    func exportJournal(_ runID: String) async throws -> [UInt8]?
    /// Stores a verified journal (from `exportJournal` of any store) as a new run, sealed at its last event.
    func importJournal(_ runID: String, runbookID: String, journal: [UInt8], headHash: String) async throws
}

/// A held lock of a runbook id.
public protocol RunStoreLock: AnyObject {
    /// Releases the lock.
    ///
    /// `async` because giving a lease back may wait on a database; Swift has no `await` in a `defer`, so a holder
    /// releases it explicitly on every path (`whileHeld` does that).
    func release() async
}

extension RunStoreLock {
    /// Runs `body` while the lock is held, then releases it, whether `body` returned or threw.
    public func whileHeld<T>(_ body: () async throws -> T) async throws -> T {
        let result: T
        do {
            result = try await body()
        } catch {
            await release()
            throw error
        }
        await release()
        return result
    }
}

/// Why a lock could not be taken.
public enum RunStoreLockFailure: Error {
    /// Another live run holds it (the holder, described).
    case held(String)
    /// The store cannot be used.
    case io(String)
}

/// A store failure with its exit code.
///
/// Lease problems (lost, taken over) exit 5; a store that cannot be reached or read at start exits 2; a store lost
/// mid-run that does not come back stops the run resumably (3).
public struct RunStoreError: Error, CustomStringConvertible {
    /// The exit status it ends the command with.
    public var exitCode: RunExit
    /// Message (never contains a password).
    public var description: String

    /// Creates an error.
    public init(exitCode: RunExit, _ description: String) {
        self.exitCode = exitCode
        self.description = description
    }

    /// The lease was lost (another process took the run over): exit 5.
    public static func leaseLost(_ message: String) -> RunStoreError { RunStoreError(exitCode: .locked, message) }
}
