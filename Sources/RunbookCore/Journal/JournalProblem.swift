/// The first integrity failure found in a journal: where, and why.
public struct JournalProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why a journal line is not acceptable.
    public enum Reason: Error, Hashable, Sendable {
        /// The line is not valid JSON.
        case unparsable(JSONParseError)
        /// The line is JSON but not an object.
        case notAnObject
        /// A required field is absent.
        case missingField(String)
        /// A field has the wrong type or form; `expected` says what it should be.
        case invalidField(String, expected: String)
        /// The line was written by a newer runbook with this journal version.
        case newerVersion(Int)
        /// The line's version is below 1.
        case unsupportedVersion(Int)
        /// `seq` is not the previous line's plus one.
        case wrongSeq(expected: Int, found: Int)
        /// `prev` is not the SHA-256 of the previous line.
        case brokenChain
        /// The last line's hash differs from the head hash recorded next to the journal.
        case headMismatch(expected: String, found: String)
    }

    /// The 1-based line number (for `headMismatch`, the last line; 0 if the journal is empty).
    public var line: Int
    /// What is wrong.
    public var reason: Reason

    /// Creates a problem report.
    public init(line: Int, reason: Reason) {
        self.line = line
        self.reason = reason
    }

    /// A one-line message for people.
    public var description: String {
        switch reason {
        case .unparsable(let error):
            return "journal line \(line) is not valid JSON: \(error.message) (at byte \(error.offset) of the line)"
        case .notAnObject:
            return "journal line \(line) is not a JSON object"
        case .missingField(let name):
            return "journal line \(line) has no '\(name)' field"
        case .invalidField(let name, let expected):
            return "journal line \(line): field '\(name)' must be \(expected)"
        case .newerVersion(let version):
            return "journal line \(line) was written by a newer runbook "
                + "(version \(version); this one reads up to \(JournalEvent.currentVersion))"
        case .unsupportedVersion(let version):
            return "journal line \(line) has unsupported version \(version)"
        case .wrongSeq(let expected, let found):
            return "journal line \(line): wrong seq (expected \(expected), found \(found))"
        case .brokenChain where line <= 1:
            return "journal line \(line): hash chain broken (the first line's prev must be 64 zeros)"
        case .brokenChain:
            return "journal line \(line): hash chain broken (prev does not match the SHA-256 of line \(line - 1))"
        case .headMismatch:
            return line == 0
                ? "journal is empty but a head hash was recorded (lines are missing)"
                : "journal line \(line): last line does not match the recorded head hash"
        }
    }
}
