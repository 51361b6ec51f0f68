import Synchronization
import Testing

@testable import RunbookEngine

/// The delivery queue that notifications, OTLP export and metrics pushes share, in-process with a manual clock.
@Suite struct DeliveryQueueTests {
    /// Every batch `send` was handed, in order.
    final class Sent: Sendable {
        let batches = Mutex<[[Int]]>([])
        func record(_ batch: [Int]) { batches.withLock { $0.append(batch) } }
    }

    @Test(arguments: [false, true])
    func aFullQueueDropsTheNewestOrTheOldestAndSendsInBatches(dropOldest: Bool) async {
        let sent = Sent()
        let queue = DeliveryQueue<Int>(
            policy: .init(capacity: 4, batchSize: 3, dropOldest: dropOldest),
            clock: ManualClock(),
            send: { batch in
                sent.record(batch)
                return nil
            },
            firstFailure: { _, _ in Issue.record("nothing failed") }
        )
        queue.enqueue(Array(1...10))
        let counts = await queue.finish()
        #expect(sent.batches.withLock { $0 } == (dropOldest ? [[7, 8, 9], [10]] : [[1, 2, 3], [4]]))
        #expect(counts == .init(queued: 10, delivered: 4, failed: 0, dropped: 6, undelivered: 0))
    }

    @Test func aDestinationThatIsDownIsReportedOnceAndGetsOneAttemptPerBatchAfterTheFirst() async {
        let clock = ManualClock()
        let sent = Sent()
        let reports = Mutex<[String]>([])
        let queue = DeliveryQueue<Int>(
            policy: .init(capacity: 16, finishGrace: .seconds(60)),
            clock: clock,
            send: { batch in
                sent.record(batch)
                return "connection refused"
            },
            firstFailure: { batch, error in reports.withLock { $0.append("\(batch) \(error)") } }
        )
        queue.enqueue([1, 2, 3])
        let counts = await queue.finish()
        #expect(sent.batches.withLock { $0 } == [[1], [1], [1], [2], [3]])
        #expect(clock.sleeps == [.seconds(1), .seconds(2)])
        #expect(reports.withLock { $0 } == ["[1] connection refused"])
        #expect(counts == .init(queued: 3, delivered: 0, failed: 3, dropped: 0, undelivered: 0))
    }

    @Test func noAttemptStartsAfterTheFinishGraceAndWhatIsLeftIsCountedUndelivered() async {
        let clock = ManualClock()
        let (started, startedContinuation) = AsyncStream<Void>.makeStream()
        let (gate, gateContinuation) = AsyncStream<Void>.makeStream()
        let queue = DeliveryQueue<Int>(
            policy: .init(capacity: 16, finishGrace: .seconds(2)),
            clock: clock,
            send: { _ in
                startedContinuation.yield()
                for await _ in gate { break }
                return nil
            },
            firstFailure: { _, _ in Issue.record("nothing failed") }
        )
        queue.enqueue([1, 2, 3])
        for await _ in started { break }
        // The first item is in flight; finish begins, then the grace runs out before the destination answers.
        async let finished = queue.finish()
        while queue.state.withLock({ $0.deadline == nil }) { await Task.yield() }
        clock.advance(by: .seconds(5))
        gateContinuation.yield()
        let counts = await finished
        #expect(counts == .init(queued: 3, delivered: 1, failed: 0, dropped: 0, undelivered: 2))
    }
}
