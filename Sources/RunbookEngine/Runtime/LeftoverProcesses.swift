import Foundation
import RunbookCore

#if canImport(Glibc)
import Glibc
#endif

/// Processes still running for a run whose runner died: the step processes it started.
///
/// Every runner puts `RUNBOOK_RUN_ID=<run id>` into its own environment before it starts steps, so every step
/// process — and everything a step starts — inherits it, even though steps run in sessions of their own and are
/// re-parented when the runner is killed. Before a resume runs anything, these are looked up in `/proc`: an
/// in-doubt step whose first attempt is still running must not be started a second time beside it.
public enum LeftoverProcesses {
    /// The environment variable that marks a run's processes.
    public static let variable = "RUNBOOK_RUN_ID"

    /// One leftover process.
    public struct Process: Sendable, Hashable, CustomStringConvertible {
        /// Its pid.
        public var pid: Int32
        /// Its command line, arguments joined by spaces (truncated).
        public var command: String

        /// `pid N: COMMAND`.
        public var description: String { "pid \(pid): \(command)" }
    }

    /// Marks this process (and so every step it starts from now on) as belonging to `runID`.
    public static func mark(runID: String) {
        setenv(variable, runID, 1)
    }

    /// The processes (other than this one and its ancestors) whose initial environment names `runID`.
    ///
    /// Linux only (`/proc`); elsewhere, and for processes of other users, nothing is found.
    public static func find(runID: String) -> [Process] {
        let needle = Array("\(variable)=\(runID)".utf8)
        let excluded = ancestors()
        var found: [Process] = []
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for name in entries {
            guard let pid = Int32(name), !excluded.contains(pid),
                let environ = FileManager.default.contents(atPath: "/proc/\(name)/environ")
            else { continue }
            let entriesOfProcess = environ.split(separator: 0, omittingEmptySubsequences: true)
            guard entriesOfProcess.contains(where: { $0.elementsEqual(needle) }) else { continue }
            let cmdline = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") ?? Data()
            let words = cmdline.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            found.append(Process(pid: pid, command: String(words.joined(separator: " ").prefix(120))))
        }
        return found.sorted { $0.pid < $1.pid }
    }

    /// This process and its ancestors (a resume started from inside a step's shell must not find itself).
    private static func ancestors() -> Set<Int32> {
        var out: Set<Int32> = []
        var pid = getpid()
        while pid > 1, out.insert(pid).inserted {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let stat = ProcStat(text)
            else { break }
            pid = stat.parent
        }
        return out
    }
}
