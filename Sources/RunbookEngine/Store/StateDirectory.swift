import Foundation
import RunbookCore

/// The state directory (default `.runbook/`): `runs/<run-id>/{journal.jsonl,head,runbook.yaml,approvals/}` and
/// `locks/<runbook-id>.lock`.
public struct StateDirectory: Sendable {
    /// The root.
    public let root: String

    /// Creates a handle; nothing is created on disk until needed.
    public init(root: String) {
        self.root = root
    }

    /// `runs/`.
    public var runsPath: String { root + "/runs" }

    /// A run's directory.
    public func runPath(_ runID: String) -> String { runsPath + "/" + runID }

    /// A run's journal.
    public func journalPath(_ runID: String) -> String { runPath(runID) + "/journal.jsonl" }

    /// Where `runbook approve` drops approvals for a live run.
    public func approvalsPath(_ runID: String) -> String { runPath(runID) + "/approvals" }

    /// The copy of the runbook a run is pinned to.
    public func runbookCopyPath(_ runID: String) -> String { runPath(runID) + "/runbook.yaml" }

    /// The lock file for a runbook id.
    public func lockPath(_ runbookID: String) -> String { root + "/locks/" + runbookID + ".lock" }

    /// Creates the directories a run needs.
    public func prepare(runID: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: approvalsPath(runID), withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/locks", withIntermediateDirectories: true)
    }

    /// Creates the lock directory.
    public func prepareLocks() throws {
        try FileManager.default.createDirectory(atPath: root + "/locks", withIntermediateDirectories: true)
    }

    /// Run ids present, oldest first (ids sort by their timestamp).
    public func runIDs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runsPath)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: journalPath($0)) }.sorted()
    }

    /// Resolves `RUN` given on the command line: a run id, a unique prefix, or a journal file path.
    public func resolve(_ run: String) -> String? {
        if FileManager.default.fileExists(atPath: journalPath(run)) { return run }
        let matches = runIDs().filter { $0.hasPrefix(run) }
        return matches.count == 1 ? matches[0] : nil
    }

    /// A new run id: `<runbook>-<yyyymmdd-hhmmss>-<4 hex>`.
    public static func newRunID(runbook: String, now: Date = Date()) -> String {
        let stamp = Timestamp.format(now)
        let compact = stamp.prefix(19).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            .replacingOccurrences(of: "T", with: "-")
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return "\(runbook)-\(compact)-\(String(repeating: "0", count: 4 - suffix.count))\(suffix)"
    }
}
