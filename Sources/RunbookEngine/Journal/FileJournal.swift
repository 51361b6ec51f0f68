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

    /// Opens (creating if needed) a journal.
    ///
    /// - Parameters:
    ///   - path: `…/runs/<id>/journal.jsonl`.
    ///   - clock: Timestamps for new events (RFC 3339 UTC, ms).
    /// - Throws: `JournalStoreError` when the file cannot be opened, or its chain is broken (never silently
    ///   accepted: a tampered journal is not appended to).
    public init(path: String, clock: @escaping @Sendable () -> String = Timestamp.now) throws {
        self.path = path
        self.clock = clock
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_APPEND, 0o644)
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
        if let torn = result.tornTail {
            // A crash mid-write: the line was never committed (its action never proceeded). Cut it off, keep a note.
            guard ftruncate(fd, off_t(result.validPrefixByteCount)) == 0, fsync(fd) == 0 else {
                close(fd)
                throw JournalStoreError(
                    "cannot repair the torn last line of \(path): \(String(cString: strerror(errno)))"
                )
            }
            openWarnings.append(
                "journal line \(torn.line) was torn by a crash mid-write (\(torn.byteCount) bytes); it was never committed and has been cut off"
            )
        }
        events = result.events
        writer = JournalWriterState(continuing: result)
        if !openWarnings.isEmpty {
            try append(
                JournalEventType.journalRepaired,
                .map([("warning", .string(openWarnings.joined(separator: "; ")))])
            )
        }
    }

    deinit { close(fd) }

    /// Appends an event and fsyncs it.
    ///
    /// Returns the event.
    @discardableResult
    public func append(_ type: String, _ data: Value) throws -> JournalEvent {
        let event = try write(type, data)
        guard fsync(fd) == 0 else { throw JournalStoreError("fsync \(path): \(String(cString: strerror(errno)))") }
        return event
    }

    /// Appends an event without fsync (for output chunks; the next `append` makes them durable).
    @discardableResult
    public func appendUnsynced(_ type: String, _ data: Value) throws -> JournalEvent {
        try write(type, data)
    }

    private func write(_ type: String, _ data: Value) throws -> JournalEvent {
        var next = writer
        let (event, line) = next.append(type: type, time: clock(), data: data)
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw JournalStoreError("write \(path): \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        writer = next
        events.append(event)
        return event
    }

    /// Writes the `head` side file (hash of the last line) atomically.
    ///
    /// `replay --verify` then detects a modified last line. Called when the run stops or finishes.
    public func seal() throws {
        let headPath = (path as NSString).deletingLastPathComponent + "/head"
        let text = "\(writer.nextSeq - 1) \(writer.headHash)\n"
        try AtomicFile.write(text, to: headPath)
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
