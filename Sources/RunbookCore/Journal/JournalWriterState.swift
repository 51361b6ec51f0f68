/// What a journal writer must remember between events: the next `seq` and the hash of the last line.
///
/// Pure logic — the caller does the writing (`line + "\n"` in one write, then fsync) and
/// stores `headHash` in the `head` side file afterwards.
public struct JournalWriterState: Hashable, Sendable {
    /// The `seq` the next event gets.
    public private(set) var nextSeq: Int
    /// Lowercase hex SHA-256 of the last line written (without its newline), or
    /// `JournalEvent.genesisHash` for an empty journal.
    ///
    /// This is the value for the `head` file.
    public private(set) var headHash: String

    /// The state for a new, empty journal.
    public init() {
        nextSeq = 0
        headHash = JournalEvent.genesisHash
    }

    /// The state after a journal whose last line has `lastSeq` and hashes to `lastLineHash`.
    public init(lastSeq: Int, lastLineHash: String) {
        nextSeq = lastSeq + 1
        headHash = lastLineHash
    }

    /// The state after a journal whose last line (without its newline) is `lastLine`, with `lastSeq`.
    public init(lastLine: String, lastSeq: Int) {
        self.init(lastSeq: lastSeq, lastLineHash: SHA256.hex(of: lastLine))
    }

    /// The state for appending to a journal that was read: after its valid prefix.
    public init(continuing result: JournalReadResult) {
        nextSeq = result.events.count
        headHash = result.headHash
    }

    /// Makes the next event and its line (without the trailing newline; write `line + "\n"`).
    ///
    /// `time` is supplied by the caller (RFC 3339 UTC with milliseconds): the core has no clock.
    /// `data` is normalized as `JournalEvent.init` describes.
    public mutating func append(type: String, time: String, data: Value) -> (event: JournalEvent, line: String) {
        let event = JournalEvent(seq: nextSeq, time: time, prev: headHash, type: type, data: data)
        let line = event.line
        nextSeq += 1
        headHash = SHA256.hex(of: line)
        return (event, line)
    }
}
