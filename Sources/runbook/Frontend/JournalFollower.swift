import Foundation
import RunbookCore

#if canImport(Glibc)
import Glibc
#endif

/// `replay --follow`: prints a journal's events as text, then new ones as the run appends them.
///
/// Polls the file every `interval`, reads only the bytes added since the last poll, and keeps an
/// unterminated last line until its newline arrives. Stops after `run.finished` or
/// `run.interrupted` (the run's process has ended), or on Ctrl-C. Each line is checked against the
/// hash chain; a break is reported on stderr.
struct JournalFollower {
    let path: String
    var interval: Duration = .milliseconds(200)

    /// Event types after which the run's process is gone.
    static let terminal: Set<String> = [JournalEventType.runFinished, JournalEventType.runInterrupted]

    private struct Cursor {
        var offset: Int64 = 0
        var pending: [UInt8] = []
        var seq = 0
        var prev = JournalEvent.genesisHash
        var events: [JournalEvent] = []
        var reported = false
    }

    /// Follows until the run ends; returns false if the journal cannot be opened.
    func run() async throws -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var cursor = Cursor()
        var printedHeader = false
        while true {
            let fresh = readNew(fd, &cursor)
            if !printedHeader, !cursor.events.isEmpty {
                FileHandleOutput.stdout(ReplayRenderer.header(cursor.events).joined(separator: "\n") + "\n")
                printedHeader = true
            }
            var text: [String] = []
            for e in fresh { text += ReplayRenderer.lines(for: e) }
            if !text.isEmpty { FileHandleOutput.stdout(text.joined(separator: "\n") + "\n") }
            if let last = cursor.events.last, Self.terminal.contains(last.type) {
                FileHandleOutput.stdout("\n" + ReplayRenderer.footer(RunState(events: cursor.events)) + "\n")
                return true
            }
            try await Task.sleep(for: interval)
        }
    }

    /// Reads the bytes added since the last call and decodes the complete lines among them.
    private func readNew(_ fd: Int32, _ c: inout Cursor) -> [JournalEvent] {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return [] }
        let size = Int64(st.st_size)
        if size < c.offset + Int64(c.pending.count) {
            // A torn last line was truncated (resume repairs the journal): drop what we held of it.
            c.pending = []
            if size < c.offset { c.offset = size }
        }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var added: [UInt8] = []
        var position = c.offset + Int64(c.pending.count)
        while position < size {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(position)) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            added += buffer[0..<n]
            position += Int64(n)
        }
        var bytes = c.pending + added
        var events: [JournalEvent] = []
        while let newline = bytes.firstIndex(of: 0x0A) {
            let line = Array(bytes[..<newline])
            bytes.removeSubrange(...newline)
            c.offset += Int64(line.count + 1)
            guard let event = try? JournalEvent(decoding: String(decoding: line, as: UTF8.self)) else {
                report("journal line \(c.seq + 1) cannot be decoded", &c)
                c.seq += 1
                continue
            }
            if event.seq != c.seq || event.prev != c.prev {
                report("journal line \(c.seq + 1): hash chain broken", &c)
            }
            c.prev = SHA256.hex(line)
            c.seq = event.seq + 1
            c.events.append(event)
            events.append(event)
        }
        c.pending = bytes
        return events
    }

    private func report(_ problem: String, _ c: inout Cursor) {
        guard !c.reported else { return }
        c.reported = true
        FileHandleOutput.stderr("warning: \(problem)\n")
    }
}
