import Foundation
import RunbookCore

/// Reads journals for status, runs and replay (read-only: never repairs or appends).
public enum RunReplayLoader {
    /// Reads a journal file, checking it against the `head` seal beside it when present.
    public static func read(_ journalPath: String) -> JournalReadResult? {
        guard let data = FileManager.default.contents(atPath: journalPath) else { return nil }
        let headPath = (journalPath as NSString).deletingLastPathComponent + "/head"
        var expected: String?
        var sealedSeq: Int?
        if let head = try? String(contentsOfFile: headPath, encoding: .utf8) {
            let parts = head.split(separator: " ")
            if parts.count == 2 {
                sealedSeq = Int(parts[0])
                expected = String(parts[1]).trimmingSpaces().lowercased()
            }
        }
        let seal = sealedSeq.flatMap { seq in expected.map { (seq: seq, hash: $0) } }
        return read(bytes: [UInt8](data), seal: seal)
    }

    /// Reads journal bytes (JSONL), checking them against a seal (the sequence number and hash of the last line
    /// when the run last stopped) when there is one.
    public static func read(bytes: [UInt8], seal: (seq: Int, hash: String)?) -> JournalReadResult {
        var result = JournalReader.read(bytes: bytes)
        // The seal covers the journal as it was when the run last stopped or finished; events after it (a live or
        // crashed run) are checked by the chain only. Checked here rather than by a second read of the file.
        if let seal, seal.seq == result.events.count - 1, result.problem == nil, seal.hash != result.headHash {
            result.problem = JournalProblem(
                line: result.events.count,
                reason: .headMismatch(expected: seal.hash, found: result.headHash)
            )
        }
        return result
    }

    /// The folded state of a journal file, if readable.
    public static func state(of journalPath: String) -> RunState? {
        guard let result = read(journalPath), !result.events.isEmpty else { return nil }
        return RunState(events: result.events)
    }
}
