import Foundation
import RunbookCore
import RunbookEngine
import Testing

/// The engine's decisions as in-process event scripts (memory store, manual clock, scripted answers): retries,
/// gate timeouts and quorum, in-doubt resolution, rollback with `after: resume`, operator re-entry.
@Suite struct EngineScriptTests {
    func ints(_ events: [JournalEvent], _ field: String) -> [Int64] {
        events.compactMap { e in
            if case .int(let n)? = e.data[field] { return n }
            return nil
        }
    }

    @Test func retriesWaitTheirBackoffOnTheClockAndTheThirdAttemptSucceeds() async throws {
        let s = try EngineScript(
            """
            runbook: retries
            phases:
              - id: p
                steps:
                  - id: flaky
                    shell: "echo try >> @DIR/tries; test $(wc -l < @DIR/tries) -ge 3"
                    retry: { attempts: 3, delay: 5m }
            """
        )
        #expect(try await s.run() == .succeeded)
        // 5 minutes, then 10 (backoff 2), without waiting them.
        #expect(s.clock.sleeps == [.seconds(300), .seconds(600)])
        #expect(ints(s.events(JournalEventType.stepFailed), "retry_in_ms") == [300_000, 600_000])
        #expect(ints(s.events(JournalEventType.stepStarted), "attempt") == [1, 2, 3])
        #expect(s.lines("tries").count == 3)
    }

    @Test func aGateTimesOutOnTheClockThenAnApprovalFromTheStoreLetsTheResumedRunFinish() async throws {
        let s = try EngineScript(
            """
            runbook: gates
            phases:
              - id: p
                steps:
                  - id: ask
                    gate: { prompt: "go?", timeout: 10m }
                  - id: after
                    shell: "echo after >> @DIR/effects"
            """
        )
        #expect(try await s.run() == .stopped)
        #expect(s.clock.now >= .seconds(600))
        #expect(s.events(JournalEventType.gateTimedOut).count == 1)
        #expect(s.events(JournalEventType.gateRejected).isEmpty)
        #expect(s.lines("effects").isEmpty)
        s.store.submitApproval(
            s.runID,
            .map([("gate", .string("ask")), ("approver", .string("bob@h")), ("reject", .bool(false))])
        )
        #expect(try await s.resume() == .succeeded)
        let approved = s.events(JournalEventType.gateApproved)
        #expect(approved.map { $0.data["approver"]?.text } == ["bob@h"])
        #expect(s.lines("effects") == ["after"])
    }

    @Test func twoApproversNeedTwoDistinctPeopleAndYesCountsAsOne() async throws {
        let s = try EngineScript(
            """
            runbook: quorum
            phases:
              - id: p
                steps:
                  - id: ask
                    gate: { prompt: "go?", approvers: 2, timeout: 1m }
            """
        )
        #expect(try await s.run(s.options(yes: true)) == .stopped)
        #expect(s.events(JournalEventType.gateApproved).map { $0.data["complete"] } == [.bool(false)])
        s.store.submitApproval(s.runID, .map([("gate", .string("ask")), ("approver", .string("bob@h"))]))
        #expect(try await s.resume(s.options(yes: true)) == .succeeded)
        let approved = s.events(JournalEventType.gateApproved)
        #expect(approved.map { $0.data["count"] } == [.int(1), .int(2)])
        #expect(approved.last?.data["complete"] == .bool(true))
    }

    /// Starts a run whose step `once` is cancelled (Ctrl-C) while in flight: it is in doubt on resume.
    func interruptedInFlight() async throws -> EngineScript {
        let s = try EngineScript(
            """
            runbook: indoubt
            phases:
              - id: p
                steps:
                  - id: once
                    shell: "echo try >> @DIR/tries; test -f @DIR/go || sleep 30"
                  - id: after
                    shell: "echo after >> @DIR/effects"
            """
        )
        let run = Task { try await s.run() }
        while s.lines("tries").isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        run.cancel()
        #expect(try await run.value == .stopped)
        #expect(s.events(JournalEventType.runInterrupted).last?.data["in_flight"] == .list([.string("once")]))
        s.touch("go")
        return s
    }

    @Test func anInDoubtNonIdempotentStepStopsTheRunWithoutTheExplicitFlagEvenWithYes() async throws {
        let s = try await interruptedInFlight()
        #expect(try await s.resume(s.options(yes: true)) == .stopped)
        #expect(s.lines("tries").count == 1)
        #expect(s.output.stderr.contains("step 'once'"))
        #expect(s.output.stderr.contains("runbook resume \(s.runID) --rerun-in-doubt"))
        #expect(s.output.stderr.contains("runbook skip \(s.runID) once --reason"))
        #expect(try await s.resume(s.options(rerunInDoubt: true)) == .succeeded)
        #expect(s.lines("tries").count == 2)
        #expect(s.lines("effects") == ["after"])
        #expect(s.events(JournalEventType.stepInDoubt).count == 2)
    }

    @Test func anOperatorAnswersTheInDoubtQuestionAtTheTerminal() async throws {
        let s = try await interruptedInFlight()
        s.answers.append("no")
        #expect(try await s.resume(s.options(interactive: true)) == .stopped)
        #expect(s.lines("tries").count == 1)
        s.answers.append("yes")
        #expect(try await s.resume(s.options(interactive: true)) == .succeeded)
        #expect(s.lines("tries").count == 2)
    }

    @Test func aReconcileProbeThatFindsTheEffectMarksTheInDoubtStepDoneWithoutRunningItAgain() async throws {
        let s = try EngineScript(
            """
            runbook: reconcile
            phases:
              - id: p
                steps:
                  - id: once
                    shell: "echo once >> @DIR/effects; sleep 30"
                    reconcile: { shell: "grep -qx once @DIR/effects" }
                  - id: after
                    shell: "echo after >> @DIR/effects"
            """
        )
        let run = Task { try await s.run() }
        while s.lines("effects").isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        run.cancel()
        #expect(try await run.value == .stopped)
        #expect(try await s.resume() == .succeeded)
        #expect(s.lines("effects") == ["once", "after"])
        #expect(s.events(JournalEventType.stepReconciled).map { $0.data["present"] } == [.bool(true)])
    }

    @Test func waitStepsAndWaitUntilPollsRunOnTheClock() async throws {
        let s = try EngineScript(
            """
            runbook: waits
            phases:
              - id: p
                steps:
                  - id: pause
                    wait: 2h
                  - id: ready
                    shell: "echo poll >> @DIR/polls; test $(wc -l < @DIR/polls) -ge 4"
                    on_failure: continue
                  - id: until-ready
                    wait: { until: ready, every: 10m, timeout: 1h }
            """
        )
        #expect(try await s.run() == .succeeded)
        // 2 h, then three 10-minute pauses between the four polls (the first is the `ready` step itself).
        #expect(s.clock.sleeps == [.seconds(7200), .seconds(600), .seconds(600)])
        #expect(s.lines("polls").count == 4)
    }

    @Test func aFailedVerificationRollsBackAndResumesAtTheBackfillOnce() async throws {
        let s = try EngineScript(
            """
            runbook: rollback
            phases:
              - id: load
                steps:
                  - id: backfill
                    shell: "echo backfill >> @DIR/effects"
              - id: verify
                steps:
                  - id: check
                    shell: "test $(grep -c backfill @DIR/effects) -ge 2"
            rollbacks:
              - id: again
                triggers: [verify]
                steps:
                  - id: clear
                    shell: "echo clear >> @DIR/effects"
                after: { resume: backfill, max: 1 }
            """
        )
        #expect(try await s.run() == .succeeded)
        #expect(s.lines("effects") == ["backfill", "clear", "backfill"])
        let finished = try #require(s.events(JournalEventType.rollbackFinished).first)
        #expect(finished.data["resume_from"] == .string("backfill"))
        #expect(finished.data["reset"] == .list([.string("backfill"), .string("check")]))
    }

    @Test func aFailedRunIsReEnteredAtItsFailedStepWithAFreshRetryBudget() async throws {
        let s = try EngineScript(
            """
            runbook: reentry
            phases:
              - id: p
                steps:
                  - id: first
                    shell: "echo first >> @DIR/effects"
                  - id: needs-fix
                    shell: "echo try >> @DIR/tries; test -f @DIR/fixed"
                    retry: { attempts: 2, delay: 1m }
                  - id: last
                    shell: "echo last >> @DIR/effects"
            """
        )
        #expect(try await s.run() == .failed)
        #expect(s.lines("tries").count == 2)
        let runID = s.runID
        // Still broken: the re-entry gets two attempts again, then the run fails again.
        #expect(try await s.resume() == .failed)
        #expect(s.lines("tries").count == 4)
        s.touch("fixed")
        #expect(try await s.resume(reentry: RunLauncher.Reentry(reason: "created the file")) == .succeeded)
        #expect(s.runID == runID)
        #expect(s.store.runIDs().count == 1)
        #expect(s.lines("effects") == ["first", "last"])
        #expect(
            ints(s.events(JournalEventType.stepStarted).filter { $0.data["step"]?.text == "needs-fix" }, "attempt") == [
                1, 2, 3, 4, 5,
            ]
        )
        let resumed = s.events(JournalEventType.runResumed)
        #expect(resumed.map { $0.data["reentry"] } == [.string("failed_step"), .string("failed_step")])
        #expect(resumed.last?.data["reason"] == .string("created the file"))
        #expect(s.clock.sleeps == [.seconds(60), .seconds(60)])
    }
}
