/// What a ``BoltConnection`` tracks between requests, guarded by its lock.
struct ConnectionState {
    /// The phase of a request's timeout timer.
    enum TimerPhase: Equatable {
        case idle
        case armed(generation: Int)
        case fired(generation: Int)
    }

    var busy = false
    var closed = false
    var inTransaction = false
    var lastBookmark: String?
    /// Requests sent whose summary (SUCCESS/FAILURE/IGNORED) has not been read yet.
    var outstanding = 0
    var timer = TimerPhase.idle
    var generation = 0

    /// Whether the current request's timer has fired (and sent RESET).
    var timerFired: Bool {
        if case .fired = timer { return true }
        return false
    }
}
