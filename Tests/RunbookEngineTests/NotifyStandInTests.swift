import Foundation
import RunbookCore
import RunbookEngine
import RunbookTestSupport
import Testing

/// Notifications over real HTTP to local stand-ins for a webhook receiver and for Slack (`SinkStandInServer`).
@Suite struct NotifyStandInTests {
    @Test func aWaitingGateNotifiesBothSinksWithTheApproveCommandAndTheDigestsItBindsTo() async throws {
        let webhook = try await SinkStandInServer(.webhook)
        let slack = try await SinkStandInServer(.slack)
        try await withCleanup {
            let s = try EngineScript(
                """
                runbook: gated
                params:
                  target: { default: staging }
                notify:
                  - webhook: "\(webhook.url())"
                  - slack: "\(slack.url("services/T000/B000/XXXX"))"
                    events: [gate_waiting]
                phases:
                  - id: p
                    steps:
                      - id: before
                        shell: "true"
                      - id: cutover
                        gate: { prompt: "Switch ${{ params.target }} reads to Neo4j?", confirm: "switch it", timeout: 1h }
                      - id: after
                        shell: "true"
                """
            )
            // the gate times out at once on the run's manual clock: the run stops, resumable
            #expect(try await s.run() == .stopped)
            let runID = s.runID
            let command = "runbook approve \(runID) cutover --confirm 'switch it'"
            let hooks = webhook.received.map(\.body)
            #expect(hooks.map { $0["event"] } == [.string("gate_waiting"), .string("run_interrupted")])
            let gate = try #require(hooks.first)
            #expect(gate["approve_command"] == .string(command))
            #expect(gate["prompt"] == .string("Switch staging reads to Neo4j?"))
            #expect(gate["confirm"] == .string("switch it"))
            #expect(gate["approvers"] == .int(1))
            #expect(gate["run_id"] == .string(runID))
            let messages = slack.received
            #expect(messages.count == 1)
            #expect(messages.first?.path == "/services/T000/B000/XXXX")
            let text = try #require(messages.first?.body["text"]?.text)
            #expect(text.contains(command))
            #expect(text.contains("Switch staging reads to Neo4j?"))

            // the digests in the notification are the ones the approval is bound to
            s.store.submitApproval(
                runID,
                .map([
                    ("gate", .string("cutover")), ("approver", .string("ana@ops")),
                    ("confirmation", .string("switch it")),
                ])
            )
            #expect(try await s.resume() == .succeeded)
            let approved = try #require(s.events(JournalEventType.gateApproved).first)
            #expect(gate["runbook_digest"] == approved.data["runbook_digest"])
            #expect(gate["params_digest"] == approved.data["params_digest"])
            #expect(text.contains(String(approved.data["runbook_digest"]?.text.prefix(12) ?? "?")))
            #expect(slack.received.count == 2, "the resumed run's gate waits again, and says so")
            let delivered = s.events(JournalEventType.notifySummary).map { $0.data["delivered"] }
            #expect(delivered == [.int(2), .int(1), .int(2), .int(1)])
            #expect(s.events(JournalEventType.notifyFailed).isEmpty)
        } cleanup: {
            await webhook.stop()
            await slack.stop()
        }
    }

    @Test func aNotifyArgumentThatIsNoSinkIsInvalidInputAndNothingRuns() async throws {
        let h = try CLIHarness()
        try h.write(
            "rb.yaml",
            "runbook: quiet\nphases:\n  - id: p\n    steps:\n      - id: s\n        shell: \"touch ran\"\n"
        )
        let out = try await h.run(["run", "rb.yaml", "--state", "s", "--notify", "ftp://example.com/x"])
        #expect(out.status == 2)
        #expect(
            out.stderr.contains("--notify ftp://example.com/x: expected an http(s) URL or slack:URL"),
            "\(out.stderr)"
        )
        #expect(!h.exists("ran"))
    }

    @Test func anHTTPStepGoesThroughTheSameExchange() async throws {
        let webhook = try await SinkStandInServer(.slack)
        try await withCleanup {
            let s = try EngineScript(
                """
                runbook: poster
                phases:
                  - id: p
                    steps:
                      - id: post
                        http: { method: POST, url: "\(webhook.url("step"))", json: { text: "from a step" } }
                        expect: { status: 200, body: ok }
                """
            )
            #expect(try await s.run() == .succeeded)
            #expect(webhook.received.map(\.body) == [.map([("text", .string("from a step"))])])
        } cleanup: {
            await webhook.stop()
        }
    }

    @Test func sinksThatRefuseOrHangDelayNothingAndAreReportedOnceEach() async throws {
        let refused = try await SinkStandInServer.refusingPort()
        let hung = try await SinkStandInServer(.hang)
        try await withCleanup {
            let h = try CLIHarness()
            try h.write(
                "rb.yaml",
                """
                runbook: unheard
                notify:
                  - webhook: "\(hung.url())"
                    timeout: 1s
                phases:
                  - id: p
                    steps:
                      - id: first
                        shell: "exit 3"
                        on_failure: continue
                      - id: second
                        shell: "exit 4"
                        on_failure: continue
                      - id: last
                        shell: "echo ran > last"
                """
            )
            let out = try await h.run(
                ["run", "rb.yaml", "--state", "s", "--notify", "http://127.0.0.1:\(refused)/hook"],
                env: ["RUNBOOK_NOTIFY": ""]
            )
            #expect(out.status == 0, "\(out.stderr)")
            #expect(h.read("last") == "ran\n")
            let journal = h.journalText()
            let events = journal.split(separator: "\n").compactMap { try? JournalEvent(decoding: String($0)) }
            let types = events.map(\.type)
            let finished = try #require(types.firstIndex(of: JournalEventType.runFinished))
            #expect(events[finished].data["outcome"] == .string("succeeded"))
            let failed = events.filter { $0.type == JournalEventType.notifyFailed }
            #expect(
                Set(failed.map { $0.data["url"] }) == [
                    .string("http://127.0.0.1:\(hung.port)/…"), .string("http://127.0.0.1:\(refused)/…"),
                ]
            )
            #expect(failed.count == 2, "one report per sink, not one per event")
            #expect(out.stdout.components(separatedBy: "cannot be reached").count == 3, "\(out.stdout)")
            let hungError = failed.first { $0.data["sink"] == .int(0) }?.data["error"]?.text ?? ""
            #expect(
                hungError.contains("no response within") || hungError.lowercased().contains("timed out"),
                "\(hungError)"
            )
            // the hung sink did receive the first notification: it just never answered
            #expect(hung.received.first?.body["event"] == .string("step_failed"))
            let summaries = events.filter { $0.type == JournalEventType.notifySummary }
            #expect(summaries.count == 2)
            for summary in summaries { #expect(summary.data["delivered"] == .int(0)) }
        } cleanup: {
            await hung.stop()
        }
    }
}
