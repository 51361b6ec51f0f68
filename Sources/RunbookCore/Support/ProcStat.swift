/// The fields of Linux's `/proc/PID/stat` that runbook reads: state letter, parent and process group.
///
/// The format is `pid (comm) state ppid pgrp …`; `comm` may contain spaces and parentheses, so fields are counted
/// from the last `)`. The one parser of that line (reading the file is the caller's).
public struct ProcStat: Sendable, Hashable {
    /// The state letter: `R`, `S`, `D`, `Z` (zombie), `X` (dead), and so on.
    public var state: Character
    /// The parent's pid.
    public var parent: Int32
    /// The process group id.
    public var group: Int32

    /// Parses the text of `/proc/PID/stat`; nil when it is not such a line.
    public init?(_ text: String) {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count >= 3, let state = fields[0].first, let parent = Int32(fields[1]),
            let group = Int32(fields[2])
        else { return nil }
        self.state = state
        self.parent = parent
        self.group = group
    }

    /// Whether the process has ended (a zombie waiting to be reaped, or dead).
    public var hasEnded: Bool { state == "Z" || state == "X" }
}
