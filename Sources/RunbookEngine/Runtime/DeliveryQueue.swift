import Synchronization

/// A bounded queue of items that a task of its own delivers somewhere that may be slow or down (a notification
/// sink, an OTLP collector, a Pushgateway), so that the producer never waits and never fails.
///
/// `enqueue` only appends: beyond `capacity` the newest (or, with `dropOldest`, the oldest) items are dropped and
/// counted. The delivery task takes up to `batchSize` items at a time and calls `send`; a failed send is retried
/// with exponential backoff (`attempts`, `backoff`), and while the destination is down (its last batch failed) a
/// batch gets one attempt. The first failure is handed to `firstFailure` once; later ones are only counted.
/// `finish` stops intake, lets the queue drain for `finishGrace` (no attempt starts after it; one in flight is
/// bounded by `send`'s own timeout) and returns the counts.
final class DeliveryQueue<Item: Sendable>: Sendable {
    /// Capacity, batching, retry and shutdown bounds.
    struct Policy: Sendable {
        /// Items kept waiting before new (or old) ones are dropped.
        var capacity: Int
        /// Items per `send`.
        var batchSize = 1
        /// Whether a full queue drops its oldest items (true) or refuses new ones (false).
        var dropOldest = false
        /// Attempts per batch (the first included) while the destination is up.
        var attempts = 3
        /// The delay before the second attempt; doubled before each further one.
        var backoff: Duration = .seconds(1)
        /// How long `finish` lets queued items go out before it stops starting attempts.
        var finishGrace: Duration = .seconds(5)
    }

    /// What became of the items, counted one by one.
    struct Counts: Sendable, Equatable {
        /// Items handed to `enqueue` (dropped ones included).
        var queued = 0
        /// Items of batches `send` delivered.
        var delivered = 0
        /// Items of batches whose every attempt failed.
        var failed = 0
        /// Items the full queue dropped.
        var dropped = 0
        /// Items still queued when the finish grace ran out.
        var undelivered = 0
    }

    /// Delivers one batch; nil when it arrived, else what went wrong (shown to people: no secrets).
    typealias Send = @Sendable ([Item]) async -> String?

    struct State {
        var items: [Item] = []
        var counts = Counts()
        var down = false
        var reported = false
        var deadline: Duration?
        var wake: AsyncStream<Void>.Continuation?
        var task: Task<Void, Never>?
    }

    let policy: Policy
    let clock: any RunClock
    let send: Send
    let firstFailure: @Sendable (_ batch: [Item], _ error: String) -> Void
    let state = Mutex(State())

    /// A queue that delivers through `send`; `firstFailure` hears of the first batch that could not be delivered;
    /// `clock` times the backoff and the finish grace.
    init(
        policy: Policy,
        clock: any RunClock = SystemRunClock(),
        send: @escaping Send,
        firstFailure: @escaping @Sendable (_ batch: [Item], _ error: String) -> Void
    ) {
        self.policy = policy
        self.clock = clock
        self.send = send
        self.firstFailure = firstFailure
    }

    /// Queues `items` (dropping what does not fit) and wakes the delivery task, which starts on first use; after
    /// `finish` began, items are ignored.
    func enqueue(_ items: [Item]) {
        guard !items.isEmpty else { return }
        let wake = state.withLock { s -> AsyncStream<Void>.Continuation? in
            guard s.deadline == nil else { return nil }
            s.counts.queued += items.count
            s.items += items
            let excess = s.items.count - max(policy.capacity, 1)
            if excess > 0 {
                if policy.dropOldest { s.items.removeFirst(excess) } else { s.items.removeLast(excess) }
                s.counts.dropped += excess
            }
            if s.wake == nil {
                let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
                s.wake = continuation
                s.task = Task { [self] in
                    for await _ in stream { await drain() }
                    await drain()
                }
            }
            return s.wake
        }
        wake?.yield()
    }

    /// Stops intake, lets the queue drain within the finish grace and returns the counts.
    @discardableResult
    func finish() async -> Counts {
        let (wake, task) = state.withLock { s in
            if s.deadline == nil { s.deadline = clock.now + policy.finishGrace }
            return (s.wake, s.task)
        }
        wake?.finish()
        await task?.value
        return state.withLock { $0.counts }
    }

    /// Delivers batches until the queue is empty; past the deadline the rest is counted undelivered.
    func drain() async {
        while let batch = take() {
            if pastDeadline(in: .zero) {
                state.withLock { $0.counts.undelivered += batch.count }
                continue
            }
            let error = await deliver(batch)
            let first = state.withLock { s -> Bool in
                guard error != nil else {
                    s.counts.delivered += batch.count
                    s.down = false
                    return false
                }
                s.counts.failed += batch.count
                s.down = true
                defer { s.reported = true }
                return !s.reported
            }
            if let error, first { firstFailure(batch, error) }
        }
    }

    func take() -> [Item]? {
        state.withLock { s in
            guard !s.items.isEmpty else { return nil }
            let batch = Array(s.items.prefix(max(policy.batchSize, 1)))
            s.items.removeFirst(batch.count)
            return batch
        }
    }

    /// Sends one batch, retrying with backoff; nil when delivered, else the last error.
    func deliver(_ batch: [Item]) async -> String? {
        let attempts = state.withLock { $0.down } ? 1 : max(policy.attempts, 1)
        var delay = policy.backoff
        var lastError = ""
        for attempt in 1...attempts {
            guard let error = await send(batch) else { return nil }
            lastError = error
            guard attempt < attempts, !pastDeadline(in: delay) else { break }
            do { try await clock.sleep(for: delay) } catch { break }
            delay *= 2
        }
        return lastError
    }

    /// Whether the finish grace would be over after waiting `delay` more.
    func pastDeadline(in delay: Duration) -> Bool {
        guard let deadline = state.withLock({ $0.deadline }) else { return false }
        return clock.now + delay > deadline
    }
}
