import Foundation
import RunbookCore
import RunbookEngine
import Synchronization
import Testing

/// Observers hear of exactly what the journal holds, in its order, and are finished once per driven run.
@Suite struct RunObserverTests {
    final class Recorder: RunObserver {
        let log = Mutex<[String]>([])
        func begin(_ events: [JournalEvent]) { log.withLock { $0.append("begin \(events.map(\.seq))") } }
        func observe(_ event: JournalEvent) { log.withLock { $0.append("\(event.seq) \(event.type)") } }
        func finish() async { log.withLock { $0.append("finish") } }
    }

    @Test func anObserverSeesTheJournalInOrderAndAResumeBeginsWithTheEarlierEvents() async throws {
        let recorder = Recorder()
        let s = try EngineScript(
            """
            runbook: observed
            phases:
              - id: p
                steps:
                  - id: ask
                    gate: { prompt: "go?", timeout: 1m }
                  - id: after
                    shell: "true"
            """
        )
        s.observers = [recorder]
        #expect(try await s.run() == .stopped)
        let first = s.events
        let started = first.prefix { $0.type == JournalEventType.runStarted }
        #expect(started.count == 1)
        let expected =
            ["begin \(started.map(\.seq))"] + first.dropFirst(started.count).map { "\($0.seq) \($0.type)" }
            + ["finish"]
        #expect(recorder.log.withLock { $0 } == expected)

        recorder.log.withLock { $0.removeAll() }
        s.store.submitApproval(s.runID, .map([("gate", .string("ask")), ("approver", .string("bob@h"))]))
        #expect(try await s.resume() == .succeeded)
        let all = s.events
        let log = recorder.log.withLock { $0 }
        #expect(log.first?.hasPrefix("begin [0, 1") == true)
        #expect(log.last == "finish")
        let observed = log.dropFirst().dropLast()
        let resumedAt = try #require(observed.first.flatMap { Int($0.split(separator: " ")[0]) })
        #expect(observed.elementsEqual(all[resumedAt...].map { "\($0.seq) \($0.type)" }))
        #expect(all.last?.type == JournalEventType.runFinished)
    }
}
