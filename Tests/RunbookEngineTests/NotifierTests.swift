import Foundation
import RunbookCore
import RunbookEngine
import Testing

/// Notification delivery as logic, in-process: a scripted transport and a manual clock of the notifier's own (the
/// run keeps its own clock, so nothing the sinks do can move the run's time).
@Suite struct NotifierTests {
    static let down = "http://down.invalid/hook"
    static let hung = "http://hung.invalid/hook"
    static let fine = "http://fine.invalid/hook"

    static let failingSteps = """
        runbook: noisy
        phases:
          - id: p
            steps:
              - id: one
                shell: "exit 3"
                on_failure: continue
              - id: two
                shell: "exit 4"
                on_failure: continue
              - id: three
                shell: "echo done >> @DIR/done"
        """

    /// Runs `failingSteps` with a notifier for `targets`; the run must finish and its last step must have run.
    static func runFailingSteps(
        _ targets: [Notifier.Target],
        _ transport: ScriptedTransport,
        _ clock: ManualClock
    ) async throws -> EngineScript {
        let s = try EngineScript(failingSteps)
        s.observers = [Notifier(targets: targets, transport: transport, clock: clock)]
        #expect(try await s.run() == .succeeded)
        #expect(s.lines("done") == ["done"])
        return s
    }

    @Test func aSinkThatIsDownIsReportedOnceAndTheRunGoesOn() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([Self.down: .refused], clock: clock)
        let s = try await Self.runFailingSteps(
            [.init(kind: .webhook, url: Self.down), .init(kind: .slack, url: Self.fine)],
            transport,
            clock
        )
        // two step failures and the finish: the first event is tried 3 times with backoff, the rest once each
        #expect(transport.attempts(Self.down) == 5)
        #expect(clock.sleeps == [.seconds(1), .seconds(2)])
        #expect(s.clock.sleeps.isEmpty)
        let failed = s.events(JournalEventType.notifyFailed)
        #expect(failed.count == 1)
        #expect(failed.first?.data["url"] == .string("http://down.invalid/…"))
        #expect(failed.first?.data["error"] == .string("connection refused"))
        #expect(failed.first?.data["event"] == .string("step_failed"))
        #expect((s.output.stdout + s.output.stderr).components(separatedBy: "cannot be reached").count == 2)
        let summaries = s.events(JournalEventType.notifySummary).map { ($0.data["failed"], $0.data["delivered"]) }
        #expect(summaries.map(\.0) == [.int(3), .int(0)])
        #expect(summaries.map(\.1) == [.int(0), .int(3)])
        #expect(transport.bodies(Self.fine).map { $0["text"]?.text.prefix(1) } == ["✖", "✖", "■"])
    }

    @Test func aSinkThatHangsHoldsUpNeitherTheRunNorTheOtherSink() async throws {
        let clock = ManualClock()
        // The hung request's timeout passes on a clock of its own: manual time jumps, and one clock for both would
        // let the hung sink's 10 s timeouts use up the finish grace of the other sink in no time at all.
        let transport = ScriptedTransport([Self.hung: .hang], clock: ManualClock())
        let s = try await Self.runFailingSteps(
            [.init(kind: .webhook, url: Self.hung), .init(kind: .webhook, url: Self.fine)],
            transport,
            clock
        )
        #expect(s.clock.sleeps.isEmpty)
        #expect(
            s.events(JournalEventType.notifyFailed).map { $0.data["error"] } == [
                .string("no response within the timeout")
            ]
        )
        #expect(
            transport.bodies(Self.fine).map { $0["event"] } == [
                .string("step_failed"), .string("step_failed"), .string("run_finished"),
            ]
        )
        let hung = try #require(s.events(JournalEventType.notifySummary).first { $0.data["sink"] == .int(0) })
        let counted = ["delivered", "failed", "dropped", "undelivered"].compactMap { hung.data[$0]?.numeric }.reduce(
            0,
            +
        )
        #expect(hung.data["delivered"] == .int(0))
        #expect(counted == 3)
    }

    @Test func aSecretInAFailureMessageIsRedactedInEveryPayload() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([:], clock: clock)
        let notifier = Notifier(
            targets: [.init(kind: .webhook, url: Self.fine), .init(kind: .slack, url: Self.down)],
            transport: transport,
            clock: clock
        )
        let s = try EngineScript(
            """
            runbook: leaky
            secrets:
              TOKEN: { file: "@DIR/token" }
            phases:
              - id: p
                steps:
                  - id: leak
                    shell: "echo 'auth failed for token ${{ secrets.TOKEN }}' >&2; exit 1"
                    on_failure: continue
                  - id: says
                    shell: "echo 'token ${{ secrets.TOKEN }}'"
                    expect: { stdout: { equals: "no token" } }
            """
        )
        try "s3cr3t-Value-42".write(
            toFile: s.dir.appendingPathComponent("token").path,
            atomically: true,
            encoding: .utf8
        )
        s.observers = [notifier]
        #expect(try await s.run() == .failed)
        let bodies = transport.log.withLock { $0 }.map(\.body)
        #expect(bodies.count == 6)
        for body in bodies { #expect(!body.contains("s3cr3t-Value-42")) }
        let failures = transport.bodies(Self.fine).filter { $0["event"] == .string("step_failed") }
        #expect(failures.count == 2)
        #expect(failures.first?["detail"]?.text.contains("auth failed for token ***") == true, "\(failures)")
        #expect(failures.last?["error"]?.text.contains("token ***") == true, "\(failures)")
        let slack = try #require(transport.bodies(Self.down).first)
        #expect(slack["text"]?.text.contains("step 'leak' failed") == true)
    }
}
