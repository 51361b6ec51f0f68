import Foundation
import RunbookCore

#if canImport(Glibc)
import Glibc
#endif

extension Process {
    /// Waits for the child to exit and returns what `terminationStatus` would: the exit code, or the signal.
    ///
    /// It polls, suspended between polls, so the awaiting task holds no cooperative thread while the child runs.
    /// Use instead of `waitUntilExit()` + `terminationStatus`: on Linux, under load, Foundation sometimes never
    /// notices that a child exited (it stays a zombie and `waitUntilExit` hangs; seen twice on this machine — a
    /// `runbook run` that exited 2 at once, and a bash script). When the child has been a zombie for two seconds
    /// and Foundation still says it is running, it is reaped here.
    public func waitForExit() async -> Int32 {
        var zombieSince: Date?
        while isRunning {
            if let status = reapIfLongAZombie(since: &zombieSince) { return status }
            await OffPool.pause(seconds: 0.002)
        }
        return terminationStatus
    }

    /// `waitForExit()`, blocking the calling thread: only for callers that cannot await.
    public func blockingWaitForExit() -> Int32 {
        var zombieSince: Date?
        while isRunning {
            if let status = reapIfLongAZombie(since: &zombieSince) { return status }
            usleep(2_000)
        }
        return terminationStatus
    }

    /// One poll of the zombie check: reaps the child and returns its status once it has been a zombie for two
    /// seconds (`zombieSince` remembers since when).
    func reapIfLongAZombie(since zombieSince: inout Date?) -> Int32? {
        let pid = processIdentifier
        guard Self.isZombie(pid) else { return nil }
        let since = zombieSince ?? Date()
        zombieSince = since
        guard Date().timeIntervalSince(since) > 2 else { return nil }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        // WEXITSTATUS or WTERMSIG, spelled out (the C macros are not imported).
        return status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
    }

    /// Whether `pid` has exited and waits to be reaped.
    static func isZombie(_ pid: Int32) -> Bool {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return ProcStat(text)?.state == "Z"
    }
}
