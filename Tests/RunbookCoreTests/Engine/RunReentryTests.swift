import RunbookCore
import Testing

/// Operator re-entry as event scripts: which runs `resume` continues, where, and what the fold resets.
@Suite struct RunReentryTests {
    typealias Script = RunStateMachineTests.Script

    func decide(_ s: Script, from: String? = nil) -> RunReentry {
        RunReentry.decide(s.machine.state, runbook: s.machine.runbook, from: from, runID: "r1")
    }

    /// Guards passed and `a` succeeded.
    func started() throws -> Script {
        var s = try Script(params: [("go", .bool(true))])
        s.start("g1", guardStep: true)
        s.succeed("g1", guardStep: true)
        s.run("a")
        return s
    }

    func resumed(_ s: inout Script, _ decision: RunReentry, reason: String = "fixed") {
        let resumed = RunEvents.runResumed(
            operatorName: "ann@h",
            host: "h",
            pid: 1,
            allowChanged: false,
            digest: "",
            changedSteps: [],
            reentry: decision,
            reason: reason
        )
        s.emit(resumed.type, resumed.data)
    }

    func finish(_ s: inout Script) {
        guard case .finishRun(let outcome, _) = s.machine.next() else {
            Issue.record("expected the run to finish, got \(s.next)")
            return
        }
        s.emit(JournalEventType.runFinished, .map([("outcome", .string(outcome.rawValue))]))
    }

    @Test func aFailedRunReEntersAtItsFailedStepAndNothingBeforeItRunsAgain() throws {
        var s = try started()
        s.start("b")
        s.fail("b", final: false, retryMs: 1000)
        s.start("b", attempt: 2)
        s.fail("b")
        finish(&s)
        #expect(s.next == "finished failed")
        let decision = decide(s)
        #expect(decision == .failedStep("b"))
        resumed(&s, decision)
        // Attempt numbers go on; guard g1 and step a are not run again.
        #expect(s.next == "run b main #3")
        s.start("b", attempt: 3)
        // The retry budget (2 attempts) counts from the re-entry: attempt 3 may be retried once more, 4 not.
        let b = try #require(s.machine.runbook.step("b"))
        #expect(s.machine.retryDelay(for: b, afterAttempt: 3)?.milliseconds == 1000)
        #expect(s.machine.retryDelay(for: b, afterAttempt: 4) == nil)
        s.succeed("b")
        #expect(s.next == "gate gate")
    }

    @Test func aFailedGuardIsEvaluatedAgainOnReEntry() throws {
        var s = try Script(params: [("go", .bool(true))])
        s.start("g1", guardStep: true)
        s.emit(
            JournalEventType.guardFailed,
            .map([("step", .string("g1")), ("error", .string("no")), ("final", .bool(true))])
        )
        finish(&s)
        let decision = decide(s)
        #expect(decision == .failedStep("g1"))
        resumed(&s, decision)
        #expect(s.next == "run g1 guard #2")
    }

    @Test func reEntryAtTheFailedStepKeepsItsTransferCheckpointAndFromStepDropsIt() throws {
        var s = try started()
        s.start("b")
        s.emit(
            JournalEventType.transferCheckpoint,
            .map([("step", .string("b")), ("last_key", .int(500)), ("rows", .int(500))])
        )
        s.fail("b")
        finish(&s)
        var again = s
        resumed(&s, decide(s))
        #expect(s.machine.state.checkpoints["b"]?.lastKey == .int(500))
        let from = decide(again, from: "a")
        #expect(from == .fromStep("a", reset: ["a", "b", "gate", "c", "d", "e"]))
        resumed(&again, from)
        #expect(again.machine.state.checkpoints["b"] == nil)
        #expect(again.machine.state.outputs["a"] == nil)
        #expect(again.next == "run a main #2")
    }

    @Test func aRolledBackRunNeedsAnExplicitStepAndFromStepRunsThatStepAndLaterOnesAgain() throws {
        var s = try started()
        s.run("b")
        s.emit(JournalEventType.gateWaiting, .map([("step", .string("gate"))]))
        s.emit(
            JournalEventType.gateApproved,
            .map([("step", .string("gate")), ("approver", .string("ann@h")), ("complete", .bool(true))])
        )
        s.run("c")
        s.run("d")
        // e fails; rollback `undo` runs, resumes at c once, e fails again: the run ends rolled back.
        for _ in 0..<2 {
            s.start("e")
            s.fail("e")
            #expect(s.next == "rollback undo for e")
            s.emit(
                JournalEventType.rollbackStarted,
                .map([("scenario", .string("undo")), ("trigger", .string("e")), ("steps", .list([.string("r1")]))])
            )
            s.run("r1")
            guard case .finishRollback(_, let ok, let resumeFrom, let reset) = s.machine.next() else {
                Issue.record("expected the rollback to finish, got \(s.next)")
                return
            }
            var data: [(key: String, value: Value)] = [
                ("scenario", .string("undo")), ("outcome", .string(ok ? "succeeded" : "failed")),
            ]
            if let resumeFrom {
                data += [("resume_from", .string(resumeFrom)), ("reset", .list(reset.map(Value.string)))]
                s.emit(JournalEventType.rollbackFinished, .map(data))
                s.run("c")
                s.run("d")
            } else {
                s.emit(JournalEventType.rollbackFinished, .map(data))
            }
        }
        finish(&s)
        #expect(s.next == "finished rolled_back")
        guard case .refused(let message) = decide(s) else {
            Issue.record("a rolled-back run must not continue by itself")
            return
        }
        #expect(message.contains("--from STEP"))
        let decision = decide(s, from: "d")
        #expect(decision == .fromStep("d", reset: ["d", "e"]))
        resumed(&s, decision)
        #expect(s.machine.state.status["c"] == .succeeded)
        #expect(s.next == "run d main #2")
    }

    @Test func succeededAndRollbackFailedRunsAndUnknownStepsAreNotReEntered() throws {
        var s = try started()
        #expect(decide(s) == .continueRun)
        guard case .refused(let unknown) = decide(s, from: "c2") else {
            Issue.record("an unknown --from step must be refused")
            return
        }
        #expect(unknown.contains("--from c2"))
        #expect(unknown.contains("'c'"))
        var done = s
        done.emit(JournalEventType.runFinished, .map([("outcome", .string("succeeded"))]))
        #expect(decide(done) == .alreadySucceeded)
        guard case .refused = decide(done, from: "a") else {
            Issue.record("a succeeded run must not be re-entered")
            return
        }
        s.emit(
            JournalEventType.rollbackFinished,
            .map([("scenario", .string("undo")), ("outcome", .string("failed"))])
        )
        s.emit(JournalEventType.runFinished, .map([("outcome", .string("rollback_failed"))]))
        guard case .refused(let message) = decide(s, from: "a") else {
            Issue.record("a rollback_failed run must not be re-entered")
            return
        }
        #expect(message.contains("runbook rollback r1 --scenario undo"))
    }
}
