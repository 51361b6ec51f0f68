import Foundation

/// Runs blocking work on a thread of its own, so the task awaiting it holds no cooperative thread.
///
/// The cooperative pool has as many threads as the machine has cores (two on a small CI runner); a test that
/// blocks one of them waiting for a child process or a pipe starves every in-process peer and timer of the
/// other tests running beside it.
public enum OffPool {
    /// Runs `body` on a new thread and returns its result when it finishes.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Runs throwing `body` on a new thread and returns its result (or throws its error) when it finishes.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Suspends for `seconds` without holding a thread, even when the task is cancelled (polling loops that
    /// must end by their own condition, not by cancellation).
    public static func pause(seconds: Double) async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { continuation.resume() }
        }
    }
}
