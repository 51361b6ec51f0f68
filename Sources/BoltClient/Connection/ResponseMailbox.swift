import NIOCore
import Synchronization

/// Hands decoded responses from the event loop to the one task running a request, with backpressure.
///
/// When more than `highWatermark` responses wait, the channel stops reading (``BoltResponseHandler``
/// holds back `read()`); once the consumer is below `lowWatermark` reading resumes. So a large result
/// occupies at most one socket read's worth of records beyond the watermark.
final class ResponseMailbox: Sendable {
    private struct State {
        var queue: [BoltResponse] = []
        var head = 0
        var waiter: CheckedContinuation<BoltResponse, any Error>?
        var failure: (any Error)?
        var readHeldBack = false
        var count: Int { queue.count - head }
    }

    private let state = Mutex(State())
    private let highWatermark: Int
    private let lowWatermark: Int
    private let resumeReading: @Sendable () -> Void

    init(highWatermark: Int = 2048, lowWatermark: Int = 256, resumeReading: @escaping @Sendable () -> Void) {
        self.highWatermark = highWatermark
        self.lowWatermark = lowWatermark
        self.resumeReading = resumeReading
    }

    /// Event loop: a response arrived.
    func deliver(_ response: BoltResponse) {
        let waiter = state.withLock { s -> CheckedContinuation<BoltResponse, any Error>? in
            if let w = s.waiter {
                s.waiter = nil
                return w
            }
            s.queue.append(response)
            return nil
        }
        waiter?.resume(returning: response)
    }

    /// Event loop: the connection failed or closed; every later `next()` throws `error`.
    func fail(_ error: any Error) {
        let waiter = state.withLock { s -> CheckedContinuation<BoltResponse, any Error>? in
            if s.failure == nil { s.failure = error }
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(throwing: error)
    }

    /// Event loop: whether to hold back a `read()` because the consumer is behind.
    func shouldHoldBackRead() -> Bool {
        state.withLock { s in
            guard s.count >= highWatermark else { return false }
            s.readHeldBack = true
            return true
        }
    }

    /// The next response, waiting for it if needed.
    func next() async throws -> BoltResponse {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<BoltResponse, any Error>) in
            enum Outcome {
                case value(BoltResponse, resume: Bool)
                case failure(any Error)
                case wait
            }
            let outcome = state.withLock { s -> Outcome in
                if s.head < s.queue.count {
                    let value = s.queue[s.head]
                    s.head += 1
                    if s.head > 4096, s.head * 2 > s.queue.count {
                        s.queue.removeFirst(s.head)
                        s.head = 0
                    }
                    var resume = false
                    if s.readHeldBack, s.count <= lowWatermark {
                        s.readHeldBack = false
                        resume = true
                    }
                    return .value(value, resume: resume)
                }
                if let failure = s.failure { return .failure(failure) }
                s.waiter = continuation
                return .wait
            }
            switch outcome {
            case .value(let value, let resume):
                if resume { resumeReading() }
                continuation.resume(returning: value)
            case .failure(let error):
                continuation.resume(throwing: error)
            case .wait:
                break
            }
        }
    }
}
