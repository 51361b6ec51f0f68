import Foundation
import RunbookCore
import RunbookEngine
import Synchronization
import Testing

/// `abort_if` as logic, in-process: scripted answers, the run's manual clock, real `bash` steps.
@Suite struct AbortIfTests {
    @Test func anAlarmCancelsTheLongStepAndItsRollbackRuns() async throws {
        let pidFile = Mutex<String?>(nil)
        // the firing answer waits until the step's shell is running, so that the abort has a process to stop
        let alarms = ScriptedAlarms([ScriptedAlarms.quiet, ScriptedAlarms.quiet, ScriptedAlarms.firing]) { n in
            guard n == 3, let path = pidFile.withLock({ $0 }) else { return }
            while (try? String(contentsOfFile: path, encoding: .utf8))?.hasSuffix("\n") != true {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        let s = try EngineScript(
            """
            runbook: alarmed
            phases:
              - id: backfill
                abort_if:
                  prometheus: "http://prometheus.invalid:9090"
                  query: "increase(neo4j_write_failure_total[5m]) > 0"
                steps:
                  - id: long
                    shell: "echo $$ > @DIR/pid; sleep 60; echo finished >> @DIR/long"
                    retry: { attempts: 3, delay: 1s }
            rollbacks:
              - id: undo
                triggers: [backfill]
                steps:
                  - id: undo-it
                    shell: "echo undone >> @DIR/undo"
            """
        )
        s.alarms = alarms
        pidFile.withLock { $0 = s.dir.appendingPathComponent("pid").path }
        #expect(try await s.run() == .rolledBack)
        #expect(s.lines("long").isEmpty)
        #expect(s.lines("undo") == ["undone"])
        let pid = try #require(s.lines("pid").first.flatMap { Int32($0) })
        #expect(kill(pid, 0) != 0, "the step's shell still runs")
        // asked at the start and after each `every` (30s by default), on the run's clock
        #expect(alarms.asked.withLock { $0 }.count == 3)
        #expect(s.clock.sleeps == [.seconds(30), .seconds(30)])
        let triggered = try #require(s.events(JournalEventType.abortTriggered).first)
        #expect(triggered.data["step"] == .string("long"))
        #expect(triggered.data["scope"] == .string("phase backfill"))
        #expect(triggered.data["query"] == .string("increase(neo4j_write_failure_total[5m]) > 0"))
        #expect(triggered.data["series"] == .int(1))
        #expect(triggered.data["answer"] == .string(ScriptedAlarms.firing.text))
        let failed = s.events(JournalEventType.stepFailed)
        #expect(failed.count == 1, "an aborted step is not retried")
        #expect(failed.first?.data["final"] == .bool(true))
        #expect(failed.first?.data["error"]?.text.hasPrefix("aborted by abort_if (phase backfill)") == true)
        let rollback = try #require(s.events(JournalEventType.rollbackStarted).first)
        #expect(rollback.data["trigger"] == .string("long"))
        // the alarm still fires, but rollback steps are never watched
        #expect(s.events(JournalEventType.stepSucceeded).map { $0.data["step"] } == [.string("undo-it")])
    }

    @Test func onlyTheStepsOfTheScopeAreWatchedAndAnUnreachableServerIsReportedOnce() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("abort-if-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let marker = dir.appendingPathComponent("asked").path
        // the first query fails; the step waits until it was asked, then the later answers are quiet
        let alarms = ScriptedAlarms([nil, ScriptedAlarms.quiet]) { n in
            if n == 1 { _ = FileManager.default.createFile(atPath: marker, contents: nil) }
        }
        let s = try EngineScript(
            """
            runbook: scoped
            phases:
              - id: before
                steps:
                  - id: unwatched
                    shell: "true"
              - id: watched
                abort_if: { prometheus: "http://prometheus.invalid:9090", query: "up == 0", every: 1m }
                steps:
                  - id: waits
                    shell: "while [ ! -e \(marker) ]; do sleep 0.05; done"
            """
        )
        s.alarms = alarms
        #expect(try await s.run() == .succeeded)
        #expect(alarms.asked.withLock { $0 }.allSatisfy { $0 == "up == 0" })
        let warnings = s.output.stdout.components(separatedBy: "cannot ask http://prometheus.invalid:9090").count - 1
        #expect(warnings == 1, "\(s.output.stdout)")
        #expect(s.events(JournalEventType.abortTriggered).isEmpty)
    }
}
