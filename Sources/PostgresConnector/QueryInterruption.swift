import Synchronization

/// Why a running query should stop, set from another task and read by the thread waiting on libpq.
final class QueryInterruption: Sendable {
    /// The reason a query was interrupted.
    enum Reason: Int, Sendable {
        case none = 0
        case cancelled = 1
        case timedOut = 2
    }

    private let state = Atomic<Int>(Reason.none.rawValue)

    /// The first reason recorded, or `.none`.
    var reason: Reason { Reason(rawValue: state.load(ordering: .acquiring)) ?? .none }

    /// Records a reason unless one is already recorded.
    func interrupt(_ reason: Reason) {
        _ = state.compareExchange(
            expected: Reason.none.rawValue,
            desired: reason.rawValue,
            ordering: .acquiringAndReleasing
        )
    }
}
