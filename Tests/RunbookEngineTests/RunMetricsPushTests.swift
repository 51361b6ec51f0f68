import Foundation
import RunbookTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A run's metrics land in Debian's real Pushgateway (`--metrics-push`) and read back through the real Prometheus's
/// HTTP API, which scrapes it (`scripts/prometheus.sh`); the textfile output (`--metrics-file`) passes
/// `promtool check metrics`.
@Suite(.serialized) struct RunMetricsPushTests {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// `promtool check metrics` of a file: its exit status and what it printed.
    static func promtool(_ file: URL) async throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["sh", "-c", "promtool check metrics < \"$1\"", "sh", file.path]
        let out = try await p.runCollecting()
        return (out.status, out.stdoutText + out.stderrText)
    }

    /// The samples of a PromQL query (`label=value,…` of each series → its value), through Prometheus's HTTP API.
    static func query(_ base: String, _ promql: String) async throws -> [String: String] {
        var components = try #require(URLComponents(string: base + "/api/v1/query"))
        components.queryItems = [URLQueryItem(name: "query", value: promql)]
        let (data, _) = try await URLSession.shared.data(from: try #require(components.url))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let result = ((object?["data"] as? [String: Any])?["result"] as? [[String: Any]]) ?? []
        var out: [String: String] = [:]
        for series in result {
            let metric = (series["metric"] as? [String: String]) ?? [:]
            let key = metric.filter { $0.key != "__name__" && $0.key != "instance" }.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            out[key] = (series["value"] as? [Any])?.last as? String
        }
        return out
    }

    @Test(
        .enabled(
            if: environment["RUNBOOK_PROMETHEUS_URL"] != nil && environment["RUNBOOK_PUSHGATEWAY_URL"] != nil,
            "needs RUNBOOK_PROMETHEUS_URL and RUNBOOK_PUSHGATEWAY_URL (scripts/prometheus.sh)"
        )
    )
    func metricsLandInThePushgatewayAndReadBackThroughPrometheus() async throws {
        let prometheus = try #require(Self.environment["RUNBOOK_PROMETHEUS_URL"])
        let pushgateway = try #require(Self.environment["RUNBOOK_PUSHGATEWAY_URL"])
        let h = try CLIHarness()
        let id = "metered-" + UUID().uuidString.prefix(8).lowercased()
        try h.write(
            "r.yaml",
            """
            runbook: \(id)
            phases:
              - id: p
                steps:
                  - { id: first, shell: "true" }
                  - id: shaky
                    shell: "false"
                    retry: { attempts: 2, delay: 10ms }
                    on_failure: warn
            """
        )
        let out = try await h.run(
            ["run", "r.yaml", "--state", "st", "--metrics-push", pushgateway, "--metrics-file", "run.prom"]
        )
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        #expect(!out.stderr.contains("warning: cannot"), "\(out.stderr)")

        let lint = try await Self.promtool(h.dir.appendingPathComponent("run.prom"))
        #expect(lint.status == 0 && lint.output.isEmpty, "promtool: \(lint.output)")

        // Prometheus scrapes the Pushgateway every second; wait (bounded) until this runbook's group is there.
        var attempts: [String: String] = [:]
        for _ in 0..<60 {
            attempts = try await Self.query(prometheus, "runbook_step_attempts_total{runbook=\"\(id)\"}")
            if attempts.count == 2 { break }
            try await Task.sleep(for: .seconds(1))
        }
        #expect(
            attempts == [
                "job=runbook,runbook=\(id),step=first": "1", "job=runbook,runbook=\(id),step=shaky": "2",
            ]
        )
        let failures = try await Self.query(prometheus, "runbook_step_failures_total{runbook=\"\(id)\"}")
        #expect(failures["job=runbook,runbook=\(id),step=shaky"] == "2")
        #expect(failures["job=runbook,runbook=\(id),step=first"] == "0")
        let outcome = try await Self.query(prometheus, "runbook_run_outcome{runbook=\"\(id)\"} == 1")
        #expect(Array(outcome.keys) == ["job=runbook,outcome=succeeded_with_warnings,runbook=\(id)"])
        let duration = try await Self.query(prometheus, "runbook_run_duration_seconds{runbook=\"\(id)\"}")
        #expect(duration.count == 1 && (Double(duration.values.first ?? "") ?? -1) >= 0)
    }

    @Test func aStoppedRunStillWritesItsMetricsFile() async throws {
        let h = try CLIHarness()
        try h.write(
            "r.yaml",
            """
            runbook: halted
            phases:
              - id: p
                steps:
                  - { id: before, shell: "true" }
                  - id: ask
                    gate: { prompt: "go?", timeout: 1s }
            """
        )
        let out = try await h.run(["run", "r.yaml", "--state", "st", "--metrics-file", "halted.prom"])
        #expect(out.status == 3, "\(out.stdout)\(out.stderr)")
        let text = h.read("halted.prom")
        #expect(text.contains("runbook_run_outcome{runbook=\"halted\",outcome=\"stopped\"} 1\n"))
        #expect(text.contains("runbook_step_attempts_total{runbook=\"halted\",step=\"before\"} 1\n"))
        #expect(!text.contains("runbook_run_finished_timestamp_seconds"))
        let lint = try await Self.promtool(h.dir.appendingPathComponent("halted.prom"))
        #expect(lint.status == 0 && lint.output.isEmpty, "promtool: \(lint.output)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: h.dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }
}
