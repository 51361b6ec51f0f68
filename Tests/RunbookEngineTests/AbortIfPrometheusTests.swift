import Foundation
import RunbookCore
import RunbookTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `abort_if` against the real Prometheus and Pushgateway (`scripts/prometheus.sh`; RUNBOOK_PROMETHEUS_URL and
/// RUNBOOK_PUSHGATEWAY_URL): a metric pushed while a long step runs turns the alert expression true, the step is
/// cancelled and its rollback runs.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment["RUNBOOK_PROMETHEUS_URL"] != nil
            && ProcessInfo.processInfo.environment["RUNBOOK_PUSHGATEWAY_URL"] != nil
    )
)
struct AbortIfPrometheusTests {
    static let environment = ProcessInfo.processInfo.environment

    /// PUTs (or DELETEs, with `body` nil) the Pushgateway group `instance` of job `runbook-abort-test`.
    static func push(_ body: String?, instance: String) async throws {
        let base = environment["RUNBOOK_PUSHGATEWAY_URL"] ?? ""
        let url = try #require(URL(string: "\(base)/metrics/job/runbook-abort-test/instance/\(instance)"))
        var request = URLRequest(url: url)
        request.httpMethod = body == nil ? "DELETE" : "PUT"
        request.httpBody = body.map { Data($0.utf8) }
        let (_, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        #expect((200..<300).contains(status), "Pushgateway answered \(status)")
    }

    @Test func anAlertExpressionThatTurnsTrueAbortsTheLongStepAndStartsItsRollback() async throws {
        let prometheus = Self.environment["RUNBOOK_PROMETHEUS_URL"] ?? ""
        let instance = "abort-\(UUID().uuidString.prefix(8).lowercased())"
        let query = "neo4j_write_failure_total{instance=\"\(instance)\"} > 0"
        let h = try CLIHarness()
        try h.write(
            "rb.yaml",
            """
            runbook: alarmed
            phases:
              - id: backfill
                abort_if:
                  prometheus: "\(prometheus)"
                  query: '\(query)'
                  every: 1s
                steps:
                  - id: long
                    shell: "echo $$ > pid; sleep 60; echo finished > finished"
            rollbacks:
              - id: undo
                triggers: [backfill]
                steps:
                  - id: undo-it
                    shell: "echo rolled-back > rollback"
            """
        )
        try await withCleanup {
            let running = try h.start(["run", "rb.yaml", "--state", "s"])
            var waited = 0
            while !h.read("pid").hasSuffix("\n"), running.process.isRunning, waited < 6000 {
                await OffPool.pause(seconds: 0.01)
                waited += 1
            }
            let pid = try #require(Int32(h.read("pid").trimmingCharacters(in: .whitespacesAndNewlines)))
            // the alert's metric appears only now, while the step runs
            try await Self.push("neo4j_write_failure_total 5\n", instance: instance)
            let out = await running.finish()
            #expect(out.status == 1, "\(out.stdout)\n\(out.stderr)")
            #expect(h.read("rollback") == "rolled-back\n")
            #expect(!h.exists("finished"))
            #expect(kill(pid, 0) != 0, "the long step's shell still runs")
            let events = h.journalText().split(separator: "\n").compactMap { try? JournalEvent(decoding: String($0)) }
            let triggered = try #require(events.first { $0.type == JournalEventType.abortTriggered })
            #expect(triggered.data["step"] == .string("long"))
            #expect(triggered.data["query"] == .string(query))
            #expect(triggered.data["series"] == .int(1))
            let answer = try JSONParser.parse(triggered.data["answer"]?.text ?? "")
            guard case .list(let series) = answer, let first = series.first else {
                Issue.record("the answer is not a vector: \(answer)")
                return
            }
            #expect(first["metric"]?["instance"] == .string(instance))
            if case .list(let sample)? = first["value"] {
                #expect(sample.last == .string("5"))
            } else {
                Issue.record("no sample in \(first)")
            }
            let failed = try #require(events.first { $0.type == JournalEventType.stepFailed })
            #expect(failed.data["error"]?.text.hasPrefix("aborted by abort_if (phase backfill)") == true)
            let rollback = try #require(events.first { $0.type == JournalEventType.rollbackStarted })
            #expect(rollback.data["scenario"] == .string("undo"))
            #expect(events.last { $0.type == JournalEventType.runFinished }?.data["outcome"] == .string("rolled_back"))
        } cleanup: {
            try? await Self.push(nil, instance: instance)
        }
    }
}
