import Foundation
import RunbookCore

#if canImport(Glibc)
import Glibc
#endif

extension Process {
    /// Waits for the child to exit and returns what `terminationStatus` would: the exit code, or the signal.
    ///
    /// Use instead of `waitUntilExit()` + `terminationStatus`: on Linux, under load, Foundation sometimes never
    /// notices that a child exited (it stays a zombie and `waitUntilExit` hangs; seen twice on this machine — a
    /// `runbook run` that exited 2 at once, and a bash script). When the child has been a zombie for two seconds
    /// and Foundation still says it is running, it is reaped here.
    public func waitForExit() -> Int32 {
        let pid = processIdentifier
        var zombieSince: Date?
        while isRunning {
            if Self.isZombie(pid) {
                let since = zombieSince ?? Date()
                zombieSince = since
                if Date().timeIntervalSince(since) > 2 {
                    var status: Int32 = 0
                    if waitpid(pid, &status, WNOHANG) == pid {
                        // WEXITSTATUS or WTERMSIG, spelled out (the C macros are not imported).
                        return status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
                    }
                }
            }
            usleep(2_000)
        }
        return terminationStatus
    }

    /// Whether `pid` has exited and waits to be reaped.
    static func isZombie(_ pid: Int32) -> Bool {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return ProcStat(text)?.state == "Z"
    }
}
