import RunbookCore
import Testing

/// `on_failure: warn` in the state machine, scripted journal events, no I/O.
///
/// The run goes on and ends `succeeded_with_warnings`; a warn step that an `after: resume` runs again and passes
/// is no longer a warning.
@Suite struct WarningOutcomeTests {
    static let yaml = TestRunbooks.resumingAtLoad(
        "warn",
        middle: """
                  - id: check
                    shell: "true"
                    on_failure: warn
            """
    )

    struct Script {
        var machine: RunStateMachine
        var writer = JournalWriterState()

        init() throws {
            let runbook = try #require(RunbookLoader.load(text: WarningOutcomeTests.yaml).runbook)
            machine = RunStateMachine(runbook: runbook) { _ in nil }
            emit(JournalEventType.runStarted, .map([("run_id", .string("r1")), ("runbook", .string("warn"))]))
        }

        mutating func emit(_ type: String, _ data: Value) {
            let (event, _) = writer.append(type: type, time: "2026-11-25T00:00:00.000Z", data: data)
            machine.apply(event)
        }

        mutating func step(_ id: String, failsWith onFailure: String? = nil) {
            emit(JournalEventType.stepStarted, .map([("step", .string(id)), ("attempt", .int(1))]))
            if let onFailure {
                emit(
                    JournalEventType.stepFailed,
                    .map([
                        ("step", .string(id)), ("error", .string("p99 too high")), ("final", .bool(true)),
                        ("on_failure", .string(onFailure)),
                    ])
                )
            } else {
                emit(JournalEventType.stepSucceeded, .map([("step", .string(id))]))
            }
        }

        var finish: (RunOutcome, String)? {
            if case .finishRun(let outcome, let message) = machine.next() { return (outcome, message) }
            return nil
        }
    }

    @Test func aFailedWarnStepLetsTheRunGoOnAndEndWithWarnings() throws {
        var s = try Script()
        s.step("load")
        s.step("check", failsWith: "warn")
        if case .runStep(let next, _, _) = s.machine.next() { #expect(next.id == "verify") } else { Issue.record() }
        s.step("verify")
        #expect(s.machine.state.warnings.map(\.step) == ["check"])
        #expect(s.finish?.0 == .succeededWithWarnings)
        #expect(s.finish?.1 == "all steps done; 1 warning: check")
        #expect(RunOutcome.succeededWithWarnings.exitCode.rawValue == 0)
    }

    @Test func aWarnStepThatPassesAfterAResumeIsNoLongerAWarning() throws {
        var s = try Script()
        s.step("load")
        s.step("check", failsWith: "warn")
        s.step("verify", failsWith: "abort")
        s.emit(
            JournalEventType.rollbackStarted,
            .map([("scenario", .string("again")), ("trigger", .string("verify")), ("steps", .list([.string("clear")]))])
        )
        s.step("clear")
        s.emit(
            JournalEventType.rollbackFinished,
            .map([
                ("scenario", .string("again")), ("outcome", .string("succeeded")), ("resume_from", .string("load")),
                ("reset", .list(["load", "check", "verify"].map(Value.string))),
            ])
        )
        #expect(s.machine.state.warnings.isEmpty)
        s.step("load")
        s.step("check")
        s.step("verify")
        #expect(s.finish?.0 == .succeeded)
    }
}
