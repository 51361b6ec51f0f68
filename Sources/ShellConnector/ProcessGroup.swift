#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process group a child leads (its id is the child's pid, since the child starts a session).
///
/// Used after the child itself has exited, to stop anything it left behind: background jobs
/// (`sleep 100 &`) and pipeline members that outlived it.
struct ProcessGroup: Sendable {
    let id: pid_t

    /// Sends `signal` to every process in the group; `false` when the group no longer exists.
    @discardableResult
    func send(_ signal: Int32) -> Bool {
        id > 0 && kill(-id, signal) == 0
    }

    /// Whether any process in the group is still running (zombies waiting to be reaped do not count).
    var hasRunningMembers: Bool {
        guard send(0) else { return false }
        #if os(Linux)
        return ProcessTable.hasRunningProcess(inGroup: id)
        #else
        return true
        #endif
    }

    /// Stops whatever still runs in the group: `SIGTERM`, up to `grace` for it to exit, then `SIGKILL`
    /// and a short wait for the killed processes to be gone.
    ///
    /// Runs to completion even if the calling task is cancelled. Returns at once when the group is
    /// already empty, which is the usual case.
    func terminate(grace: Duration) async {
        guard hasRunningMembers else { return }
        let group = self
        await Task {
            group.send(SIGTERM)
            let clock = ContinuousClock()
            let deadline = clock.now + grace
            while clock.now < deadline, group.hasRunningMembers {
                try? await Task.sleep(for: .milliseconds(20))
            }
            guard group.hasRunningMembers else { return }
            group.send(SIGKILL)
            // Delivery is asynchronous: wait (briefly) until the killed processes are gone.
            let killDeadline = clock.now + .seconds(2)
            while clock.now < killDeadline, group.hasRunningMembers {
                try? await Task.sleep(for: .milliseconds(5))
            }
        }.value
    }
}
