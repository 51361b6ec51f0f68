import Foundation
import RunbookCore
import RunbookEngine

#if canImport(Glibc)
import Glibc
#endif

/// `replay --follow`: prints a journal's events as text, then new ones as the run appends them.
///
/// Polls the file every `interval` and reads only the bytes added since the last poll;
/// `JournalTailReader` holds back an unterminated last line until its newline arrives and checks the
/// hash chain. Stops after `run.finished` or `run.interrupted` (the run's process has ended), or on
/// Ctrl-C. A chain problem is reported once on stderr.
struct JournalFollower {
    /// Where the journal grows: a file, or a run in a store (PostgreSQL), read whole at every poll.
    enum Source {
        case file(String)
        case store(any RunStore, runID: String)

        /// Whether this is a file (cheap to poll).
        var isFile: Bool {
            if case .file = self { return true }
            return false
        }
    }

    let source: Source
    var interval: Duration = .milliseconds(200)

    /// Whether the run's process is gone after this event.
    static func isTerminal(_ record: JournalRecord) -> Bool {
        switch record {
        case .runFinished, .runInterrupted: true
        default: false
        }
    }

    /// Follows until the run ends; returns false if the journal cannot be opened.
    func run() async throws -> Bool {
        var fd: Int32 = -1
        if case .file(let path) = source {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return false }
        }
        defer { if fd >= 0 { close(fd) } }
        var tail = JournalTailReader()
        var printedHeader = false
        var reported = false
        while true {
            let fresh = tail.feed(fd >= 0 ? readNew(fd, &tail) : try await readNewFromStore(&tail))
            if !printedHeader, !tail.events.isEmpty {
                FileHandleOutput.stdout(ReplayRenderer.header(tail.events).joined(separator: "\n") + "\n")
                printedHeader = true
            }
            let text = fresh.flatMap { ReplayRenderer.lines(for: $0) }
            if !text.isEmpty { FileHandleOutput.stdout(text.joined(separator: "\n") + "\n") }
            if let problem = tail.problem, !reported {
                FileHandleOutput.stderr("warning: \(problem)\n")
                reported = true
            }
            if let last = tail.events.last, Self.isTerminal(last.record) {
                FileHandleOutput.stdout("\n" + ReplayRenderer.footer(RunState(events: tail.events)) + "\n")
                return true
            }
            try await Task.sleep(for: interval)
        }
    }

    /// The bytes a store's copy of the journal has beyond `tail.readOffset`.
    private func readNewFromStore(_ tail: inout JournalTailReader) async throws -> [UInt8] {
        guard case .store(let store, let runID) = source, let all = try await store.exportJournal(runID) else {
            return []
        }
        _ = tail.fileSize(all.count)
        return all.count > tail.readOffset ? Array(all[tail.readOffset...]) : []
    }

    /// The bytes appended since `tail.readOffset`.
    private func readNew(_ fd: Int32, _ tail: inout JournalTailReader) -> [UInt8] {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return [] }
        let size = Int(st.st_size)
        _ = tail.fileSize(size)
        var added: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var position = tail.readOffset
        while position < size {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(position)) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            added += buffer[0..<n]
            position += n
        }
        return added
    }
}
