import RunbookCore
import Testing

/// Drives `RunStateMachine` with scripted journal events, no I/O.
@Suite struct RunStateMachineTests {
    static let yaml = """
        runbook: sm
        params:
          go: { type: bool, default: true }
        guards:
          - id: g1
            shell: "true"
        phases:
          - id: p1
            steps:
              - id: a
                shell: "echo a"
                capture: { out: stdout }
              - id: b
                when: ${{ params.go }}
                shell: "echo b"
                retry: { attempts: 2, delay: 1s }
              - id: gate
                gate: { prompt: "go?", approvers: 2 }
          - id: p2
            steps:
              - id: c
                shell: "echo c"
              - id: d
                shell: "echo d"
                on_failure: continue
              - id: e
                shell: "echo e"
        rollbacks:
          - id: undo
            triggers: [p2]
            steps:
              - id: r1
                shell: "echo undo"
            after: { resume: c, max: 1 }
        """

    /// A machine plus a journal writer, so each test reads as a script of events.
    struct Script {
        var machine: RunStateMachine
        var writer = JournalWriterState()

        init(params: [(String, Value)] = []) throws {
            let runbook = try #require(RunbookLoader.load(text: RunStateMachineTests.yaml).runbook)
            machine = RunStateMachine(runbook: runbook) { _ in nil }
            emit(
                JournalEventType.runStarted,
                .map([
                    ("run_id", .string("r1")), ("runbook", .string("sm")),
                    ("params", .map(params.map { (key: $0.0, value: $0.1) })),
                ])
            )
        }

        mutating func emit(_ type: String, _ data: Value) {
            let (event, _) = writer.append(type: type, time: "2026-11-25T00:00:00.000Z", data: data)
            machine.apply(event)
        }

        mutating func start(_ step: String, attempt: Int = 1, guardStep: Bool = false) {
            emit(
                guardStep ? JournalEventType.guardStarted : JournalEventType.stepStarted,
                .map([("step", .string(step)), ("attempt", .int(Int64(attempt)))])
            )
        }

        mutating func succeed(_ step: String, guardStep: Bool = false, outputs: [(String, Value)] = []) {
            emit(
                guardStep ? JournalEventType.guardPassed : JournalEventType.stepSucceeded,
                .map([("step", .string(step)), ("outputs", .map(outputs.map { (key: $0.0, value: $0.1) }))])
            )
        }

        mutating func fail(_ step: String, final: Bool = true, onFailure: String = "abort", retryMs: Int64 = 0) {
            var data: [(key: String, value: Value)] = [
                ("step", .string(step)), ("error", .string("boom")), ("final", .bool(final)),
                ("on_failure", .string(onFailure)),
            ]
            if !final { data.append(("retry_in_ms", .int(retryMs))) }
            emit(JournalEventType.stepFailed, .map(data))
        }

        mutating func run(_ step: String) {
            start(step)
            succeed(step)
        }

        var next: String { Self.describe(machine.next()) }

        static func describe(_ action: RunAction) -> String {
            switch action {
            case .runStep(let s, let role, let attempt): return "run \(s.id) \(role.text) #\(attempt)"
            case .retryStep(let s, _, let attempt, let delay): return "retry \(s.id) #\(attempt) after \(delay)"
            case .resolveInDoubt(let s, _, _): return "in-doubt \(s.id)"
            case .skipStep(let s, _, let reason): return "skip \(s.id): \(reason)"
            case .failStep(let s, _, let message): return "fail \(s.id): \(message)"
            case .awaitGate(let s, _): return "gate \(s.id)"
            case .startRollback(let r, let trigger): return "rollback \(r.id) for \(trigger)"
            case .finishRollback(let r, let ok, let from, _):
                return "finish-rollback \(r.id) \(ok ? "ok" : "failed")\(from.map { " resume \($0)" } ?? "")"
            case .finishRun(let outcome, _): return "finish \(outcome.rawValue)"
            case .finished(let outcome): return "finished \(outcome.rawValue)"
            }
        }
    }

    @Test func happyPathRunsGuardsStepsAndGateInOrder() throws {
        var s = try Script(params: [("go", .bool(true))])
        #expect(s.next == "run g1 guard #1")
        s.start("g1", guardStep: true)
        s.succeed("g1", guardStep: true)
        #expect(s.next == "run a main #1")
        s.start("a")
        s.succeed("a", outputs: [("out", .string("a\n"))])
        #expect(s.machine.evaluationContext.resolve(["steps", "a", "outputs", "out"]) == .string("a\n"))
        #expect(s.next == "run b main #1")
        s.run("b")
        #expect(s.next == "gate gate")
        s.emit(JournalEventType.gateWaiting, .map([("step", .string("gate"))]))
        s.emit(
            JournalEventType.gateApproved,
            .map([("step", .string("gate")), ("approver", .string("ann@h")), ("complete", .bool(false))])
        )
        #expect(s.next == "gate gate")
        s.emit(
            JournalEventType.gateApproved,
            .map([("step", .string("gate")), ("approver", .string("bob@h")), ("complete", .bool(true))])
        )
        #expect(s.next == "run c main #1")
        s.run("c")
        s.run("d")
        s.run("e")
        #expect(s.next == "finish succeeded")
        s.emit(JournalEventType.runFinished, .map([("outcome", .string("succeeded"))]))
        #expect(s.next == "finished succeeded")
    }

    @Test func falseConditionSkipsTheStep() throws {
        var s = try Script(params: [("go", .bool(false))])
        s.start("g1", guardStep: true)
        s.succeed("g1", guardStep: true)
        s.run("a")
        #expect(s.next == "skip b: condition is false: ${{ params.go }}")
    }

    @Test func retryThenFinalFailureWithoutCoverFailsTheRun() throws {
        var s = try Script(params: [("go", .bool(true))])
        s.start("g1", guardStep: true)
        s.succeed("g1", guardStep: true)
        s.run("a")
        s.start("b")
        s.fail("b", final: false, retryMs: 1000)
        #expect(s.next == "retry b #2 after 1s")
        s.start("b", attempt: 2)
        s.fail("b")
        #expect(s.next == "finish failed")
    }

    @Test func guardFailureEndsTheRunBeforeAnyStep() throws {
        var s = try Script()
        s.start("g1", guardStep: true)
        s.emit(
            JournalEventType.guardFailed,
            .map([("step", .string("g1")), ("error", .string("no")), ("final", .bool(true))])
        )
        #expect(s.next == "finish failed")
    }

    @Test func failureInTriggeringPhaseRollsBackAndResumesOnceThenEndsRolledBack() throws {
        var s = try Script(params: [("go", .bool(true))])
        s.start("g1", guardStep: true)
        s.succeed("g1", guardStep: true)
        s.run("a")
        s.run("b")
        s.emit(
            JournalEventType.gateApproved,
            .map([("step", .string("gate")), ("approver", .string("x")), ("complete", .bool(true))])
        )
        s.start("c")
        s.fail("c")
        #expect(s.next == "rollback undo for c")
        s.emit(
            JournalEventType.rollbackStarted,
            .map([("scenario", .string("undo")), ("trigger", .string("c")), ("steps", .list([.string("r1")]))])
        )
        #expect(s.next == "run r1 rollback:undo #1")
        s.run("r1")
        #expect(s.next == "finish-rollback undo ok resume c")
        s.emit(
            JournalEventType.rollbackFinished,
            .map([
                ("scenario", .string("undo")), ("outcome", .string("succeeded")), ("resume_from", .string("c")),
                ("reset", .list([.string("c"), .string("d"), .string("e")])),
            ])
        )
        #expect(s.next == "run c main #1")
        s.start("c")
        s.fail("c")
        #expect(s.next == "rollback undo for c")
        s.emit(
            JournalEventType.rollbackStarted,
            .map([("scenario", .string("undo")), ("trigger", .string("c")), ("steps", .list([.string("r1")]))])
        )
        s.run("r1")
        #expect(s.next == "finish-rollback undo ok")
        s.emit(
            JournalEventType.rollbackFinished,
            .map([("scenario", .string("undo")), ("outcome", .string("succeeded"))])
        )
        #expect(s.next == "finish rolled_back")
    }

    @Test func failedRollbackStepEndsRollbackFailed() throws {
        var s = try Script(params: [("go", .bool(true))])
        s.start("g1", guardStep: true)
        s.succeed("g1", guardStep: true)
        s.run("a")
        s.run("b")
        s.emit(
            JournalEventType.gateApproved,
            .map([("step", .string("gate")), ("approver", .string("x")), ("complete", .bool(true))])
        )
        s.start("c")
        s.fail("c")
        s.emit(
            JournalEventType.rollbackStarted,
            .map([("scenario", .string("undo")), ("trigger", .string("c")), ("steps", .list([.string("r1")]))])
        )
        s.start("r1")
        s.fail("r1")
        #expect(s.next == "finish-rollback undo failed")
        s.emit(
            JournalEventType.rollbackFinished,
            .map([("scenario", .string("undo")), ("outcome", .string("failed"))])
        )
        #expect(s.next == "finish rollback_failed")
        #expect(RunOutcome.rollbackFailed.exitCode.rawValue == 4)
    }

    @Test func continueOnFailureMovesOn() throws {
        var s = try Script(params: [("go", .bool(true))])
        s.start("g1", guardStep: true)
        s.succeed("g1", guardStep: true)
        s.run("a")
        s.run("b")
        s.emit(
            JournalEventType.gateApproved,
            .map([("step", .string("gate")), ("approver", .string("x")), ("complete", .bool(true))])
        )
        s.run("c")
        s.start("d")
        s.fail("d", onFailure: "continue")
        #expect(s.next == "run e main #1")
    }

    @Test func stepInFlightAfterACrashIsInDoubtAndCompletedStepsNeverRunAgain() throws {
        var s = try Script(params: [("go", .bool(true))])
        s.start("g1", guardStep: true)
        s.succeed("g1", guardStep: true)
        s.run("a")
        s.start("b")
        // The process died here: the fold shows 'b' started without a result.
        #expect(s.next == "in-doubt b")
        #expect(s.machine.state.inFlight == ["b"])
        s.emit(JournalEventType.stepReconciled, .map([("step", .string("b")), ("present", .bool(true))]))
        #expect(s.next == "gate gate")
    }

    @Test func reconcileAbsentRunsTheStepAgain() throws {
        var s = try Script(params: [("go", .bool(true))])
        s.start("g1", guardStep: true)
        s.succeed("g1", guardStep: true)
        s.start("a")
        s.emit(JournalEventType.stepReconciled, .map([("step", .string("a")), ("present", .bool(false))]))
        #expect(s.next == "run a main #2")
    }

    @Test func operatorSkipOfAFailedStepLetsTheRunContinue() throws {
        var s = try Script(params: [("go", .bool(true))])
        s.start("g1", guardStep: true)
        s.succeed("g1", guardStep: true)
        s.start("a")
        s.fail("a")
        #expect(s.next == "finish failed")
        s.emit(
            JournalEventType.stepSkipped,
            .map([("step", .string("a")), ("reason", .string("fixed by hand")), ("by", .string("ann@h"))])
        )
        #expect(s.next == "run b main #1")
    }

    @Test func fromAndOnlyFilterForwardSteps() throws {
        var s = try Script(params: [("go", .bool(true))])
        s.emit(
            JournalEventType.runStarted,
            .map([("run_id", .string("r1")), ("runbook", .string("sm")), ("only", .string("p2")), ("params", .map([]))])
        )
        s.start("g1", guardStep: true)
        s.succeed("g1", guardStep: true)
        #expect(s.next == "skip a: not in --only p2")
    }

    @Test func rejectedGateIsAskedAgainAfterResume() throws {
        var s = try Script(params: [("go", .bool(true))])
        s.start("g1", guardStep: true)
        s.succeed("g1", guardStep: true)
        s.run("a")
        s.run("b")
        s.emit(JournalEventType.gateWaiting, .map([("step", .string("gate"))]))
        s.emit(JournalEventType.gateRejected, .map([("step", .string("gate")), ("by", .string("ann@h"))]))
        s.emit(JournalEventType.runInterrupted, .map([("reason", .string("declined"))]))
        #expect(s.machine.state.interrupted)
        #expect(s.next == "gate gate")
    }

    @Test func manualRollbackReopensAFinishedRun() throws {
        var s = try Script(params: [("go", .bool(true))])
        s.emit(JournalEventType.runFinished, .map([("outcome", .string("succeeded"))]))
        #expect(s.next == "finished succeeded")
        s.emit(
            JournalEventType.rollbackStarted,
            .map([
                ("scenario", .string("undo")), ("trigger", .string("operator")), ("manual", .bool(true)),
                ("steps", .list([.string("r1")])),
            ])
        )
        #expect(s.next == "run r1 rollback:undo #1")
    }
}
