import Foundation
import RunbookCore

#if canImport(Glibc)
import Glibc
#endif

/// A run's `journal.jsonl`: reads it, repairs a torn last line, appends events with fsync, seals the head.
///
/// Every `append` writes `line + "\n"` in one `write(2)` and `fsync(2)`s before returning, so the action an event
/// records never proceeds before the event is on disk. `appendUnsynced` is for `step.output` lines, which record
/// no action; the next synced append flushes them too.
///
/// A write or fsync that fails with ENOSPC, EDQUOT or EIO is retried with backoff for the `StoreRetry` window,
/// after cutting the file back to its last good length (a half-written line never stays); the caller waits, so the
/// action after the event does not proceed meanwhile (the wait suspends the run's task; it blocks no thread). If
/// the window passes, or another error occurs, the append throws a `RunStoreError` with exit code 3 naming the path
/// and the cause: the run stops resumably.
public final class FileJournal {
    /// The journal file path.
    public let path: String
    private let fd: Int32
    private var writer: JournalWriterState
    /// The events read at open time plus those appended since.
    public private(set) var events: [JournalEvent]
    /// Warnings found when opening (a torn tail that was cut off, events after the last seal).
    public private(set) var openWarnings: [String] = []
    private let clock: @Sendable () -> String
    private let retry: StoreRetry
    /// Bytes of the file known to be on disk (fsync'd).
    private var syncedSize: off_t = 0
    /// Lines written since the last fsync (rewritten if that fsync fails).
    private var unsynced: [UInt8] = []

    /// Opens (creating if needed) a journal; a torn last line is cut off and `journal.repaired` recorded at once.
    ///
    /// The repair is on disk when this returns, so even a run that is opened and never appended to (a resume of a
    /// finished run) keeps the record of it.
    ///
    /// - Parameters:
    ///   - path: `…/runs/<id>/journal.jsonl`.
    ///   - retry: How long to retry a write that failed for lack of space or an I/O error.
    ///   - clock: Timestamps for new events (RFC 3339 UTC, ms).
    /// - Throws: `JournalStoreError` when the file cannot be opened, or its chain is broken (never silently
    ///   accepted: a tampered journal is not appended to); `RunStoreError` (exit 3) when the repair cannot be
    ///   recorded.
    /// - Returns: The open journal, its events read (and the repair, if any, appended).
    public static func open(
        path: String,
        retry: StoreRetry = StoreRetry(seconds: 60),
        clock: @escaping @Sendable () -> String = Timestamp.now
    ) async throws -> FileJournal {
        let journal = try FileJournal(path: path, retry: retry, clock: clock)
        if !journal.openWarnings.isEmpty {
            let record = JournalRecord.journalRepaired(.init(warning: journal.openWarnings.joined(separator: "; ")))
            try await journal.append(record)
        }
        return journal
    }

    /// Opens the file, checks the chain and cuts a torn tail off; `open` records the repair.
    private init(
        path: String,
        retry: StoreRetry,
        clock: @escaping @Sendable () -> String
    ) throws {
        self.path = path
        self.clock = clock
        self.retry = retry
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_APPEND, 0o644)
        guard fd >= 0 else { throw JournalStoreError("cannot open \(path): \(String(cString: strerror(errno)))") }
        self.fd = fd
        let bytes = try Self.readAll(fd: fd, path: path)
        let result = JournalReader.read(bytes: bytes)
        if let problem = result.problem {
            close(fd)
            throw JournalStoreError(
                "journal \(path) fails verification at line \(problem.line): \(problem); refusing to append (inspect it with `runbook replay --verify`)"
            )
        }
        syncedSize = off_t(bytes.count)
        if let torn = result.tornTail {
            // A crash mid-write: the line was never committed (its action never proceeded). Cut it off, keep a note.
            guard ftruncate(fd, off_t(result.validPrefixByteCount)) == 0, fsync(fd) == 0 else {
                close(fd)
                throw JournalStoreError(
                    "cannot repair the torn last line of \(path): \(String(cString: strerror(errno)))"
                )
            }
            syncedSize = off_t(result.validPrefixByteCount)
            openWarnings.append(
                "journal line \(torn.line) was torn by a crash mid-write (\(torn.byteCount) bytes); it was never committed and has been cut off"
            )
        }
        events = result.events
        writer = JournalWriterState(continuing: result)
    }

    deinit { close(fd) }

    /// Appends an event and fsyncs it.
    ///
    /// Returns the event.
    @discardableResult
    public func append(_ type: String, _ data: Value) async throws -> JournalEvent {
        try await write(type, data, sync: true)
    }

    /// Appends an event without fsync (for output chunks; the next `append` makes them durable).
    @discardableResult
    public func appendUnsynced(_ type: String, _ data: Value) async throws -> JournalEvent {
        try await write(type, data, sync: false)
    }

    @discardableResult
    private func write(_ type: String, _ data: Value, sync: Bool) async throws -> JournalEvent {
        var next = writer
        let (event, line) = next.append(type: type, time: clock(), data: data)
        let bytes = Array((line + "\n").utf8)
        try await retrying {
            // After a failure the file was cut back to `syncedSize`: write the unsynced lines again with this one.
            if lseek(fd, 0, SEEK_END) != syncedSize + off_t(unsynced.count) {
                try writeAll(unsynced)
            }
            try writeAll(bytes)
            if sync, fsync(fd) != 0 { throw Failure(call: "fsync", code: errno) }
        }
        if sync {
            syncedSize += off_t(unsynced.count + bytes.count)
            unsynced = []
        } else {
            unsynced += bytes
        }
        writer = next
        events.append(event)
        return event
    }

    /// A failed system call.
    struct Failure: Error {
        var call: String
        var code: Int32

        /// Whether waiting may help: the disk is full (or over quota), or the device reported an I/O error.
        var mayPass: Bool { code == ENOSPC || code == EDQUOT || code == EIO }
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(call: "write", code: errno)
            }
            offset += n
        }
    }

    /// Runs `body` until it succeeds, cutting the file back to its last good length after every failure, and
    /// waiting with backoff while the failure may pass and the window lasts.
    private func retrying(_ body: () throws -> Void) async throws {
        let start = Date()
        var attempt = 0
        while true {
            do {
                try body()
                if attempt > 0 {
                    retry.notice(
                        "journal \(path) is writable again after \(Int(Date().timeIntervalSince(start))) s; the run continues"
                    )
                }
                return
            } catch let failure as Failure {
                // Never leave part of a line behind: cut back to what is on disk (the unsynced lines are rewritten).
                _ = ftruncate(fd, syncedSize)
                let cause = String(cString: strerror(failure.code))
                attempt += 1
                if attempt == 1, failure.mayPass, retry.seconds > 0 {
                    retry.notice(
                        "warning: cannot write the journal \(path) (\(failure.call): \(cause)); waiting up to \(Int(retry.seconds)) s for it to become writable (free space on its file system); the run does not proceed meanwhile"
                    )
                }
                let waited = Date().timeIntervalSince(start)
                if failure.mayPass, Task.isCancelled {
                    throw RunStoreError(
                        exitCode: .stopped,
                        "interrupted while waiting for the journal \(path) to become writable (\(failure.call): \(cause)); once it is, `runbook resume \(runID)` continues the run"
                    )
                }
                guard failure.mayPass, waited < retry.seconds else {
                    throw RunStoreError(
                        exitCode: .stopped,
                        "could not write to the journal \(path) (\(failure.call): \(cause))"
                            + (failure.mayPass ? " for \(Int(retry.seconds)) s" : "")
                            + "; the run stopped before its next action. Once the journal is writable (free space), `runbook resume \(runID)` continues it"
                    )
                }
                // Suspends the run's task, not its thread; a cancellation ends the wait and the next pass says so.
                let pause = min(StoreRetry.backoff(attempt), max(0.01, retry.seconds - waited))
                try? await Task.sleep(nanoseconds: UInt64(pause * 1e9))
            }
        }
    }

    /// The run id: the name of the journal's directory.
    var runID: String { ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent }

    /// Writes the `head` side file (hash of the last line) atomically.
    ///
    /// `replay --verify` then detects a modified last line. Called when the run stops or finishes.
    public func seal() async throws {
        let headPath = (path as NSString).deletingLastPathComponent + "/head"
        let text = "\(writer.nextSeq - 1) \(writer.headHash)\n"
        do {
            try AtomicFile.write(text, to: headPath)
        } catch {
            throw RunStoreError(
                exitCode: .stopped,
                "\(error); the run stopped before its next action. Once the state directory is writable, `runbook resume \(runID)` continues it"
            )
        }
    }

    static func readAll(fd: Int32, path: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        lseek(fd, 0, SEEK_SET)
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(bytes.count)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw JournalStoreError("read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        return bytes
    }
}

/// A journal or state-directory failure.
public struct JournalStoreError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    init(_ description: String) { self.description = description }
}
