import RunbookCore
import Testing

/// A gate that an `after: resume` runs again is a new decision: the approvals given before the rollback do not
/// count for it (otherwise `--yes`, which approves once per operator, would leave the run waiting forever).
@Suite struct GateReapprovalTests {
    static let yaml = TestRunbooks.resumingAtLoad(
        "reapprove",
        middle: """
                  - id: approve
                    gate: { prompt: "go?" }
            """
    )

    @Test func approvalsBeforeAResumeDoNotCountForTheGateItRunsAgain() throws {
        let runbook = try #require(RunbookLoader.load(text: Self.yaml).runbook)
        var machine = RunStateMachine(runbook: runbook) { _ in nil }
        var writer = JournalWriterState()
        func emit(_ type: String, _ data: [(String, Value)]) {
            let (event, _) = writer.append(type: type, time: "2026-12-01T00:00:00.000Z", data: .map(data))
            machine.apply(event)
        }
        emit(JournalEventType.runStarted, [("run_id", .string("r1")), ("runbook", .string("reapprove"))])
        emit(JournalEventType.stepStarted, [("step", .string("load")), ("attempt", .int(1))])
        emit(JournalEventType.stepSucceeded, [("step", .string("load"))])
        emit(JournalEventType.gateWaiting, [("step", .string("approve")), ("prompt", .string("go?"))])
        emit(
            JournalEventType.gateApproved,
            [("step", .string("approve")), ("approver", .string("alice")), ("complete", .bool(true))]
        )
        #expect(machine.approvers(of: "approve") == ["alice"])
        emit(JournalEventType.rollbackStarted, [("scenario", .string("again")), ("trigger", .string("verify"))])
        emit(
            JournalEventType.rollbackFinished,
            [
                ("scenario", .string("again")), ("outcome", .string("succeeded")), ("resume_from", .string("load")),
                ("reset", .list([.string("load"), .string("approve"), .string("verify")])),
            ]
        )
        #expect(machine.approvers(of: "approve").isEmpty)
        if case .runStep(let next, _, _) = machine.next() { #expect(next.id == "load") } else { Issue.record() }
    }
}
