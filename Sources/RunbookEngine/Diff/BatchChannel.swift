import RunbookCore

/// A one-slot hand-over of row batches from a producer task to one consumer, with back-pressure: the producer's
/// `send` waits while the slot is full, so a streaming query reads ahead by one batch at most.
actor BatchChannel {
    private var slot: RowBatch?
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private var consumer: CheckedContinuation<RowBatch?, any Error>?
    private var producer: CheckedContinuation<Void, Never>?
    /// Counts the consumer's waits, so that a timer fires only on the wait it was started for.
    private var wait = 0

    /// Hands a batch over, waiting while the previous one is not taken.
    ///
    /// Throws once the consumer stopped.
    func send(_ batch: RowBatch) async throws {
        while slot != nil, !cancelled { await withCheckedContinuation { producer = $0 } }
        if cancelled { throw CancellationError() }
        if let waiting = consumer {
            consumer = nil
            waiting.resume(returning: batch)
        } else {
            slot = batch
        }
    }

    /// The producer is done (with an error, or nil at the end of the rows).
    func finish(_ error: (any Error)?) {
        finished = true
        failure = error
        guard let waiting = consumer else { return }
        consumer = nil
        if let error { waiting.resume(throwing: error) } else { waiting.resume(returning: nil) }
    }

    /// The next batch, nil at the end.
    ///
    /// Rethrows the producer's error after the batches it sent. With a `timeout`, a wait longer than it throws an `ExecutorError` with code `.timeout` (the producer keeps its query until the
    /// channel is cancelled).
    func receive(timeout: Duration? = nil) async throws -> RowBatch? {
        if let batch = slot {
            slot = nil
            producer?.resume()
            producer = nil
            return batch
        }
        if finished {
            if let failure { throw failure }
            return nil
        }
        wait += 1
        let current = wait
        let timer = timeout.map { limit in
            Task { [weak self] in
                guard (try? await Task.sleep(for: limit)) != nil else { return }
                await self?.expire(current, after: limit)
            }
        }
        defer { timer?.cancel() }
        return try await withCheckedThrowingContinuation { consumer = $0 }
    }

    /// The wait `number` timed out, if the consumer is still in it.
    private func expire(_ number: Int, after limit: Duration) {
        guard number == wait, let waiting = consumer else { return }
        consumer = nil
        waiting.resume(throwing: ExecutorError(code: .timeout, message: "no rows for \(limit)"))
    }

    /// The consumer stops: a waiting or later `send` throws.
    func cancel() {
        cancelled = true
        producer?.resume()
        producer = nil
    }
}
