import Foundation

/// A clock for tests: time moves only when the run sleeps (each sleep advances it by its whole duration at once)
/// or when the test calls `advance(by:)`, so a script with a 10-minute retry delay runs in microseconds and every
/// delay the run asked for is recorded.
public final class ManualClock: RunClock, @unchecked Sendable {
    private let lock = NSLock()
    private var elapsed: Duration = .zero
    private var recorded: [Duration] = []

    /// A clock at zero.
    public init() {}

    public var now: Duration {
        lock.lock()
        defer { lock.unlock() }
        return elapsed
    }

    /// Every sleep the run asked for, in order.
    public var sleeps: [Duration] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    /// Moves the clock forward.
    public func advance(by duration: Duration) {
        lock.lock()
        elapsed += duration
        lock.unlock()
    }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        lock.withLock {
            elapsed += duration
            recorded.append(duration)
        }
        await Task.yield()
    }
}
