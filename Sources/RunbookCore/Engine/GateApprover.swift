/// Who approved a gate, and how: in person (at the prompt, or with `runbook approve`) or with `--yes`.
///
/// The journal keeps the `approver` text it always had (`user@host`, or `user@host (--yes)`); this is the one place
/// that writes and reads that suffix.
public struct GateApprover: Sendable, Hashable {
    /// How the approval was given.
    public enum Via: Sendable, Hashable {
        /// Typed at the prompt, or handed over with `runbook approve`.
        case person
        /// `--yes` on the command line of the run.
        case yesFlag
    }

    /// `user@host`.
    public var name: String
    /// How.
    public var via: Via

    /// An approver.
    public init(name: String, via: Via = .person) {
        self.name = name
        self.via = via
    }

    static let yesSuffix = " (--yes)"

    /// Reads the journal's `approver` text.
    public init(journalText: String) {
        if journalText.hasSuffix(Self.yesSuffix) {
            self.init(name: String(journalText.dropLast(Self.yesSuffix.count)), via: .yesFlag)
        } else {
            self.init(name: journalText)
        }
    }

    /// The journal's `approver` text.
    public var journalText: String { via == .yesFlag ? name + Self.yesSuffix : name }
}
