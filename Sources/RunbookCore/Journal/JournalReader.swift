/// Reads and verifies a journal's text.
///
/// Each committed line ends with `\n`. For every line, in order, the reader checks that it is a
/// JSON object with the required fields, that its version is readable, that `seq` counts up from
/// 0 and that `prev` is the SHA-256 of the previous line's exact bytes (64 zeros for the first).
/// It stops at the first failure.
///
/// Changing any byte of a line other than the last breaks that line or the next line's `prev`.
/// The last line has no successor, so a change to it that keeps it well-formed is only detected
/// against the head hash the writer records in the `head` side file: pass it as `expectedHead`.
/// That also detects whole lines cut off the end.
public enum JournalReader {
    /// Reads `text`, optionally checking the last valid line's hash against `expectedHead`
    /// (hex, case and surrounding whitespace ignored).
    ///
    /// On a head mismatch `events` still holds every line that passed the chain checks: the
    /// caller decides (the last line may have been altered, or the head file not updated).
    public static func read(_ text: String, expectedHead: String? = nil) -> JournalReadResult {
        read(bytes: Array(text.utf8), expectedHead: expectedHead)
    }

    /// Reads a journal given as the file's raw bytes.
    ///
    /// Prefer this when the bytes come from disk: offsets then refer to the file exactly, even if
    /// it holds invalid UTF-8 (which makes the line it is in unparsable).
    public static func read(bytes: some Collection<UInt8>, expectedHead: String? = nil) -> JournalReadResult {
        let bytes = Array(bytes)
        var events: [JournalEvent] = []
        var offset = 0
        var lineNumber = 0
        var headHash = JournalEvent.genesisHash
        var tornTail: JournalReadResult.TornTail?
        var problem: JournalProblem?

        while offset < bytes.count {
            lineNumber += 1
            guard let newline = bytes[offset...].firstIndex(of: 0x0A) else {
                tornTail = .init(line: lineNumber, byteOffset: offset, byteCount: bytes.count - offset)
                break
            }
            let lineBytes = bytes[offset..<newline]
            let event: JournalEvent
            do {
                event = try JournalEvent.decode(lineBytes)
            } catch {
                problem = JournalProblem(line: lineNumber, reason: error)
                break
            }
            if event.seq != events.count {
                problem = JournalProblem(line: lineNumber, reason: .wrongSeq(expected: events.count, found: event.seq))
                break
            }
            if event.prev != headHash {
                problem = JournalProblem(line: lineNumber, reason: .brokenChain)
                break
            }
            headHash = SHA256.hex(lineBytes)
            events.append(event)
            offset = newline + 1
        }

        if problem == nil, let expectedHead {
            let expected = expectedHead.trimmingSpaces().lowercased()
            if expected != headHash {
                problem = JournalProblem(
                    line: events.count,
                    reason: .headMismatch(expected: expected, found: headHash)
                )
            }
        }
        return JournalReadResult(
            events: events,
            tornTail: tornTail,
            problem: problem,
            validPrefixByteCount: offset,
            headHash: headHash
        )
    }
}
