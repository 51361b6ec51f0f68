/// What `JournalReader.read` found in a journal.
public struct JournalReadResult: Hashable, Sendable {
    /// An unterminated last line: a write that was cut short by a crash, so never committed.
    ///
    /// Not an error: the caller truncates the file to `byteOffset` (and records
    /// `journal.repaired`) before appending.
    public struct TornTail: Hashable, Sendable {
        /// The 1-based line number of the torn line.
        public var line: Int
        /// The byte offset where the torn line starts (= the length to truncate the file to).
        public var byteOffset: Int
        /// How many bytes the torn line has.
        public var byteCount: Int

        /// Creates a torn-tail report.
        public init(line: Int, byteOffset: Int, byteCount: Int) {
            self.line = line
            self.byteOffset = byteOffset
            self.byteCount = byteCount
        }
    }

    /// The events of the valid prefix, in order.
    public var events: [JournalEvent]
    /// The unterminated tail, if the text ends without a newline (only reported when every
    /// line before it is valid).
    public var tornTail: TornTail?
    /// The first integrity failure, if any; reading stops there.
    public var problem: JournalProblem?
    /// Bytes up to and including the newline of the last valid line.
    public var validPrefixByteCount: Int
    /// Lowercase hex SHA-256 of the last valid line, or `JournalEvent.genesisHash` if there is none.
    public var headHash: String

    /// Creates a result.
    public init(
        events: [JournalEvent],
        tornTail: TornTail?,
        problem: JournalProblem?,
        validPrefixByteCount: Int,
        headHash: String
    ) {
        self.events = events
        self.tornTail = tornTail
        self.problem = problem
        self.validPrefixByteCount = validPrefixByteCount
        self.headHash = headHash
    }

    /// Whether the journal verifies: no integrity problem (a torn tail is only a warning).
    public var verifies: Bool { problem == nil }

    /// Warnings for people: the torn tail, if any.
    public var warnings: [String] {
        guard let tornTail else { return [] }
        return [
            "journal line \(tornTail.line) is incomplete (\(tornTail.byteCount) bytes without a newline "
                + "at byte \(tornTail.byteOffset)): a write cut short, never committed"
        ]
    }
}
