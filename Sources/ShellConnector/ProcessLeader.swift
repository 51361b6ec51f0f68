import Synchronization

/// The pid of the running child, recorded once it has started, so its group can be swept afterwards.
final class ProcessLeader: Sendable {
    private let pid = Atomic<Int32>(0)

    /// Records the child's pid.
    func started(_ id: Int32) {
        pid.store(id, ordering: .releasing)
    }

    /// The child's process group, or an empty group (id 0) when the child never started.
    var group: ProcessGroup {
        ProcessGroup(id: pid.load(ordering: .acquiring))
    }
}
