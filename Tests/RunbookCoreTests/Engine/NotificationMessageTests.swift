import RunbookCore
import Testing

/// Notifications are built from journal events: which events notify, and what a gate's message carries.
@Suite struct NotificationMessageTests {
    static func event(_ seq: Int, _ type: String, _ data: [(key: String, value: Value)]) -> JournalEvent {
        JournalEvent(
            version: 1,
            seq: seq,
            time: "2026-11-25T15:34:49.123Z",
            prev: JournalEvent.genesisHash,
            type: type,
            data: .map(data)
        )
    }

    static let started = event(
        0,
        JournalEventType.runStarted,
        [
            ("run_id", .string("rb-1")), ("runbook", .string("rb")), ("runbook_digest", .string("d1")),
            ("params", .map([("b", .int(2)), ("a", .string("x"))])),
        ]
    )

    @Test func aGateMessageCarriesTheApproveCommandAndTheDigests() throws {
        let facts = NotificationMessage.RunFacts(events: [Self.started])
        let gate = Self.event(
            1,
            JournalEventType.gateWaiting,
            [
                ("step", .string("go")), ("prompt", .string("Proceed?")), ("confirm", .string("it's ok")),
                ("approvers", .int(2)),
            ]
        )
        let message = try #require(NotificationMessage.make(gate, facts: facts))
        #expect(message.event == .gateWaiting)
        #expect(message.webhook["approve_command"] == .string("runbook approve rb-1 go --confirm 'it'\\''s ok'"))
        #expect(message.webhook["runbook_digest"] == .string("d1"))
        let expectedParams = SHA256.hex(of: #"{"a":"x","b":2}"#)
        #expect(message.webhook["params_digest"] == .string(expectedParams))
        #expect(message.webhook["approvers"] == .int(2))
        #expect(message.slack["text"] == .string(message.text))
        #expect(message.text.contains("2 distinct approvers"))
    }

    @Test func onlyFinalFailuresAndNotableEventsNotify() {
        let facts = NotificationMessage.RunFacts(events: [Self.started])
        let retrying = Self.event(2, JournalEventType.stepFailed, [("step", .string("s")), ("final", .bool(false))])
        let final = Self.event(3, JournalEventType.stepFailed, [("step", .string("s")), ("final", .bool(true))])
        let output = Self.event(4, JournalEventType.stepSucceeded, [("step", .string("s"))])
        let doubt = Self.event(
            5,
            JournalEventType.runInterrupted,
            [("reason", .string("step 's' is in doubt and not idempotent")), ("in_flight", .list([.string("s")]))]
        )
        #expect(NotificationMessage.make(retrying, facts: facts) == nil)
        #expect(NotificationMessage.make(output, facts: facts) == nil)
        #expect(NotificationMessage.make(final, facts: facts)?.event == .stepFailed)
        let person = NotificationMessage.make(doubt, facts: facts)
        #expect(person?.event == .inDoubt)
        #expect(
            person?.webhook["commands"]
                == .list([.string("runbook resume rb-1 --rerun-in-doubt"), .string("runbook skip rb-1 s --reason …")])
        )
    }
}
