/// Decodes a journal that is still being written, from the bytes appended since the last call.
///
/// Pure: the caller reads the file (only the new bytes) and feeds them in. Complete lines become
/// events; an unterminated last line is held back until its newline arrives. Each line is checked
/// against the hash chain as `JournalReader` does; the first problem is kept in `problem` and reading
/// goes on, so a follower keeps showing what the run writes.
public struct JournalTailReader: Sendable {
    /// Bytes consumed up to and including the last complete line's newline.
    public private(set) var committedByteCount = 0
    /// The unterminated tail held back.
    public private(set) var pending: [UInt8] = []
    /// Every event decoded so far.
    public private(set) var events: [JournalEvent] = []
    /// The first integrity problem seen, if any.
    public private(set) var problem: JournalProblem?

    private var headHash = JournalEvent.genesisHash
    private var lineNumber = 0

    /// A reader at the start of an empty journal.
    public init() {}

    /// The file offset to read new bytes from.
    public var readOffset: Int { committedByteCount + pending.count }

    /// Feeds the bytes appended since the last call; returns the events they completed.
    public mutating func feed(_ bytes: some Collection<UInt8>) -> [JournalEvent] {
        pending += bytes
        var fresh: [JournalEvent] = []
        var start = 0
        while let newline = pending[start...].firstIndex(of: 0x0A) {
            let line = pending[start..<newline]
            lineNumber += 1
            committedByteCount += line.count + 1
            start = newline + 1
            let event: JournalEvent
            do {
                event = try JournalEvent.decode(line)
            } catch {
                if problem == nil { problem = JournalProblem(line: lineNumber, reason: error) }
                continue
            }
            if problem == nil, event.seq != events.count {
                problem = JournalProblem(line: lineNumber, reason: .wrongSeq(expected: events.count, found: event.seq))
            } else if problem == nil, event.prev != headHash {
                problem = JournalProblem(line: lineNumber, reason: .brokenChain)
            }
            headHash = SHA256.hex(line)
            events.append(event)
            fresh.append(event)
        }
        pending.removeFirst(start)
        return fresh
    }

    /// Tells the reader the file is now `size` bytes long.
    ///
    /// When it shrank below what was read, the torn tail was cut off (resume repairs a journal that
    /// way): the held-back bytes are dropped. Returns whether anything was dropped.
    public mutating func fileSize(_ size: Int) -> Bool {
        guard size < readOffset else { return false }
        pending = Array(pending.prefix(max(0, size - committedByteCount)))
        return true
    }
}
