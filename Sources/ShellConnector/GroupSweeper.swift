import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps stopping a child's process group while a timed-out or cancelled run winds down.
///
/// swift-subprocess's teardown signals the group once. A child that had not yet created its session
/// at that moment (a loaded machine, a timeout of a few hundred milliseconds) misses the signal, goes on
/// to start background jobs, and those keep the output pipes open, so the run would wait for them. The
/// sweeper sends `SIGTERM` as soon as the group exists and `SIGKILL` to whatever is left after the grace
/// period, again and again, until the run has finished.
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
