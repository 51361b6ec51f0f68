import Foundation
import RunbookCore
import RunbookEngine
import RunbookTestSupport
import Testing

/// `runbook rehearse` pages nobody with its injected failures, in-process: the runbook's `notify:` sink and
/// `RUNBOOK_NOTIFY` point at a local HTTP server standing in for a team's webhook receiver, which must hear
/// nothing; a sink given to rehearse itself (`--notify`) hears the rehearsals.
@Suite struct RehearseNotifyTests {
    static func runbook(notifying url: String) -> String {
        """
        runbook: paging
        notify:
          - webhook: "\(url)"
        phases:
          - id: p
            steps:
              - id: work
                shell: "echo work >> @DIR/work"
        rollbacks:
          - id: undo
            triggers: [work]
            steps:
              - id: cleanup
                shell: "echo cleanup >> @DIR/cleanup"
        """
    }

    static func rehearse(_ s: EngineScript) async throws -> [RehearsalResult] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: s.file)))
        let runbook = try EngineScript.load(bytes)
        guard case .success(let bindings) = ParamBinder.bind(runbook, assignments: [], requireAll: true) else {
            throw NoDatabase(name: "params")
        }
        return try await Rehearser(launcher: s.launcher, store: s.store).rehearse(
            file: s.file,
            bytes: bytes,
            runbook: runbook,
            bindings: bindings,
            cases: RehearsalCase.all(in: runbook, only: nil),
            load: { _, bytes in try? EngineScript.load(bytes) },
            terminal: s.terminal,
            report: { _ in }
        )
    }

    @Test func theRunbooksSinksAndRunbookNotifyHearNothingOnlyRehearsesOwnNotifyDoes() async throws {
        let receiver = try await SinkStandInServer(.webhook)
        try await withCleanup {
            let s = try EngineScript(Self.runbook(notifying: receiver.url("runbook")))
            s.environment = ["RUNBOOK_NOTIFY": receiver.url("environment")]
            let quiet = try await Self.rehearse(s)
            #expect(quiet.map(\.outcome) == ["rolled_back"])
            // The rehearsal really failed its step and rolled back: there was something to page about.
            #expect(s.lines("cleanup") == ["cleanup"])
            #expect(s.events(JournalEventType.rollbackStarted).count == 1)
            #expect(s.events(JournalEventType.notifySummary).isEmpty)
            #expect(receiver.received.isEmpty, "\(receiver.received.map(\.path))")

            s.notify = [try #require(NotifySink.parse(receiver.url("explicit")))]
            let heard = try await Self.rehearse(s)
            #expect(heard.map(\.outcome) == ["rolled_back"])
            let paths = Set(receiver.received.map(\.path))
            #expect(paths == ["/explicit"])
            let events = receiver.received.compactMap { $0.body["event"]?.text }
            #expect(events.contains("step_failed") && events.contains("rollback_started"), "\(events)")
            #expect(s.events(JournalEventType.notifySummary).count == 1)
        } cleanup: {
            await receiver.stop()
        }
    }

    @Test func theRehearsalSaysOnceWhichSinksItLeavesOut() throws {
        let runbook = try EngineScript.load(Array(Self.runbook(notifying: "http://hooks.invalid/x").utf8))
        let note = try #require(
            Rehearser.notificationNote(
                runbook: runbook,
                environment: ["RUNBOOK_NOTIFY": "http://pager.invalid/y"],
                explicit: 0
            )
        )
        #expect(note.contains("the runbook's notify: sink (1) and RUNBOOK_NOTIFY not notified"))
        #expect(note.contains("give --notify URL to rehearse"))
        let explicit = Rehearser.notificationNote(runbook: runbook, environment: [:], explicit: 1)
        #expect(explicit?.contains("only the 1 --notify sink given to rehearse gets notifications") == true)
        var silent = runbook
        silent.notify = []
        #expect(Rehearser.notificationNote(runbook: silent, environment: [:], explicit: 2) == nil)
    }
}
