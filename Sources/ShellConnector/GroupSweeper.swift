import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Stops a child's process group when its run times out or is cancelled, and keeps at it until the run ends.
///
/// The group exists from the spawn on: the child's session is created before its program runs, and the
/// spawn returns only after that. A stop can still be asked for before the runner has learnt the child's
/// pid (a timeout of a few milliseconds fires during the spawn), so the sweeper sends `SIGTERM` to the
/// group as soon as the pid is known and `SIGKILL` to whatever is left once the grace period (counted from
/// the request) is over, again and again, until the run has finished: no member that ignored the first
/// signal outlives the run.
final class GroupSweeper: Sendable {
    private let started = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)

    /// Starts sweeping `leader`'s group (once; later calls do nothing).
    func start(_ leader: ProcessLeader, grace: Duration) {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        Task.detached { [self] in
            let clock = ContinuousClock()
            let deadline = clock.now + grace
            var terminated = false
            while !finished.load(ordering: .acquiring) {
                let group = leader.group
                if group.id > 0 {
                    if clock.now >= deadline {
                        group.send(SIGKILL)
                    } else if !terminated {
                        terminated = group.send(SIGTERM)
                    }
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Stops sweeping: the run has finished and its group has been reaped or handed to the final teardown.
    func stop() {
        finished.store(true, ordering: .releasing)
    }
}
