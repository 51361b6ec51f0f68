import Foundation
import RunbookTestSupport
import Testing

/// A run's trace end to end: the built binary exports to a real OTLP/HTTP receiver that decodes every request with
/// the reference protobuf definitions; the run fails, rolls back, fails again and is resumed, and the trace that
/// arrives is whole, well-formed and equal to `runbook export --format otlp` of the same journal.
@Suite(
    .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] != nil, "needs RUNBOOK_PG_URL")
)
struct OTLPTraceTests {
    static let runbook = """
        runbook: traced
        connections:
          pg: { postgres: "${{ env.RUNBOOK_PG_URL }}" }
        phases:
          - id: prepare
            steps:
              - id: count
                sql: { on: pg, query: "SELECT count(*) FROM pg_class" }
              - id: probe
                shell: 'printf "%s" "$TRACEPARENT" > traceparent.txt'
          - id: work
            steps:
              - id: flaky
                shell: "true"
                retry: { attempts: 2, delay: 10ms }
          - id: finish
            steps:
              - id: last
                shell: "test -f fixed"
        rollbacks:
          - id: undo
            triggers: [flaky]
            steps:
              - id: cleanup
                shell: "echo cleaning"
            after: { resume: flaky }
        """

    @Test func aRunThatFailsRollsBackAndResumesArrivesAsOneWholeTraceEqualToItsExport() async throws {
        let h = try CLIHarness()
        let receiver = try await OTLPReceiver(in: h.dir)
        try await withCleanup {
            try await Self.runFailRollBackAndResume(h, receiver)
        } cleanup: {
            await receiver.stop()
        }
    }

    static func runFailRollBackAndResume(_ h: CLIHarness, _ receiver: OTLPReceiver) async throws {
        try h.write("r.yaml", Self.runbook)
        let env = [
            "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint,
            "OTEL_EXPORTER_OTLP_HEADERS": "x-team-token=tok%20en",
            "OTEL_SERVICE_NAME": "migrations",
            "OTEL_RESOURCE_ATTRIBUTES": "deployment.environment=staging",
        ]
        let first = try await h.run(
            ["run", "r.yaml", "--state", "st", "--inject", "flaky=fail-until-rollback"],
            env: env
        )
        #expect(first.status == 1, "\(first.stdout)\(first.stderr)")
        let runID = try #require(try FileManager.default.contentsOfDirectory(atPath: h.dir.path + "/st/runs").first)
        try h.write("fixed", "")
        let second = try await h.run(["resume", runID, "--state", "st"], env: env)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(
            !first.stderr.contains("warning") && !second.stderr.contains("warning"),
            "\(first.stderr)\(second.stderr)"
        )

        #expect(receiver.errors.isEmpty, "requests that did not decode: \(receiver.errors)")
        let (raw, headers) = try receiver.received()
        #expect(!headers.isEmpty)
        #expect(headers.allSatisfy { $0["x-team-token"] == "tok en" && $0["content-type"] == "application/json" })
        // A span sent twice (the root of the stopped run, then of the finished one) is the same span: the last wins.
        var live: [String: ReceivedSpan] = [:]
        for span in raw.map(ReceivedSpan.init) { live[span.spanID] = span }
        let spans = Array(live.values)

        #expect(Set(spans.map(\.traceID)).count == 1)
        let roots = spans.filter { $0.parentID == nil }
        #expect(roots.map(\.name) == ["run traced"])
        let root = try #require(roots.first)
        #expect(root.attribute("runbook.outcome") == "succeeded")
        #expect(root.attribute("runbook.run.id") == runID)
        #expect(root.statusCode == "STATUS_CODE_OK")
        for span in spans where span.parentID != nil {
            #expect(live[span.parentID ?? ""] != nil, "\(span.name): parent \(span.parentID ?? "") never arrived")
        }
        // Well-formed: ids of the right length, no span ending before it starts, and every step attempt and
        // rollback saying what it was and how it ended.
        for span in spans {
            #expect(span.traceID.count == 32 && span.spanID.count == 16, "\(span.name)")
            #expect(span.start <= span.end, "\(span.name) ends before it starts")
            if span.name.hasPrefix("step ") {
                #expect(["sql", "shell"].contains(span.attribute("runbook.step.kind") ?? ""), "\(span.name)")
                #expect(["succeeded", "failed"].contains(span.attribute("runbook.step.outcome") ?? ""), "\(span.name)")
                #expect(span.attribute("runbook.step.attempt") != nil, "\(span.name)")
            }
        }
        let resource = try #require(raw.first?["resource"] as? [String: Any])
        let resourceText = "\(resource)"
        #expect(resourceText.contains("migrations") && resourceText.contains("staging"))

        func steps(_ id: String) -> [ReceivedSpan] {
            spans.filter { $0.attribute("runbook.step.id") == id && $0.name.hasPrefix("step ") }
                .sorted { $0.start < $1.start }
        }
        let count = try #require(steps("count").first)
        #expect(count.attribute("db.system") == "postgresql")
        #expect(count.attribute("db.operation.name") == "SELECT")
        #expect(count.attribute("runbook.step.target") == "pg")
        #expect(live[count.parentID ?? ""]?.name == "phase prepare")

        let flaky = steps("flaky")
        #expect(flaky.map(\.statusCode) == ["STATUS_CODE_ERROR", "STATUS_CODE_ERROR", "STATUS_CODE_OK"])
        #expect(flaky.map { $0.attribute("runbook.step.outcome") } == ["failed", "failed", "succeeded"])
        let injected = flaky.prefix(2).map { $0.attribute("runbook.step.injected") }
        #expect(injected == ["fail-until-rollback", "fail-until-rollback"])
        let rollback = try #require(spans.first { $0.name == "rollback undo" })
        #expect(rollback.attribute("runbook.rollback.trigger") == "flaky")
        #expect(rollback.attribute("runbook.rollback.resume_from") == "flaky")
        #expect(rollback.attribute("runbook.rollback.outcome") == "succeeded")
        #expect(live[rollback.parentID ?? ""]?.name == "run traced")
        #expect(steps("cleanup").map(\.parentID) == [rollback.spanID])
        #expect(steps("last").map(\.statusCode) == ["STATUS_CODE_ERROR", "STATUS_CODE_OK"])
        #expect(steps("last").map { $0.attribute("runbook.step.attempt") } == ["1", "2"])

        // The shell step saw its own span as TRACEPARENT.
        let probe = try #require(steps("probe").first)
        #expect(h.read("traceparent.txt") == "00-\(probe.traceID)-\(probe.spanID)-01")

        // The same journal exported after the fact: the same spans, field for field.
        let export = try await h.run(["export", runID, "--state", "st", "--format", "otlp", "-o", "trace.json"])
        #expect(export.status == 0, "\(export.stderr)")
        let exported = try await OTLPReceiver.decode(h.dir.appendingPathComponent("trace.json")).map(ReceivedSpan.init)
        #expect(exported.count == live.count)
        #expect(Set(exported.map(\.comparable)) == Set(spans.map(\.comparable)))
        let again = try await h.run(["export", runID, "--state", "st", "--format", "otlp"])
        #expect(again.stdout == h.read("trace.json"), "a second export differs")
    }

    @Test func gzipCompressionReachesTheReceiverAsTheSameSpans() async throws {
        let h = try CLIHarness()
        let receiver = try await OTLPReceiver(in: h.dir)
        try await withCleanup {
            try h.write(
                "r.yaml",
                "runbook: packed\nphases:\n  - id: p\n    steps:\n      - { id: a, shell: \"true\" }\n"
            )
            let env = ["OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint, "OTEL_EXPORTER_OTLP_COMPRESSION": "gzip"]
            let out = try await h.run(["run", "r.yaml", "--state", "st"], env: env)
            #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
            #expect(receiver.errors.isEmpty, "requests that did not decode: \(receiver.errors)")
            let (raw, headers) = try receiver.received()
            #expect(!headers.isEmpty)
            #expect(headers.allSatisfy { $0["content-encoding"] == "gzip" }, "\(headers)")
            let runID = try #require(try FileManager.default.contentsOfDirectory(atPath: h.dir.path + "/st/runs").first)
            let export = try await h.run(["export", runID, "--state", "st", "--format", "otlp", "-o", "trace.json"])
            #expect(export.status == 0, "\(export.stderr)")
            let exported = try await OTLPReceiver.decode(h.dir.appendingPathComponent("trace.json"))
            #expect(
                Set(exported.map { ReceivedSpan(raw: $0).comparable })
                    == Set(raw.map { ReceivedSpan(raw: $0).comparable })
            )
            #expect(exported.count == 3)
        } cleanup: {
            await receiver.stop()
        }
    }

    @Test func aDeadCollectorIsReportedOnceAndFailsNothing() async throws {
        let h = try CLIHarness()
        try h.write(
            "r.yaml",
            """
            runbook: unobserved
            phases:
              - id: p
                steps:
                  - { id: a, shell: "true" }
                  - { id: b, shell: "true" }
                  - { id: c, shell: "true" }
            """
        )
        // Port 9 (discard) on loopback: nothing listens, every connection is refused.
        let out = try await h.run(
            ["run", "r.yaml", "--state", "st"],
            env: ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:9/v1/traces"]
        )
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        #expect(out.stdout.contains("done"))
        let warnings = out.stderr.split(separator: "\n").filter { $0.contains("OTLP") }
        #expect(warnings.count == 1, "\(out.stderr)")
        #expect(warnings.first?.contains("runbook export RUN --format otlp") == true)
    }

    @Test(arguments: [
        ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "grpc is not supported"),
        (
            "OTEL_EXPORTER_OTLP_COMPRESSION", "zstd",
            "OTEL_EXPORTER_OTLP_COMPRESSION=zstd is not supported: use gzip or none"
        ),
        ("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "br", "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION=br is not supported"),
    ])
    func whatTheExporterCannotDoIsRefusedBeforeAnythingRuns(
        variable: String,
        value: String,
        message: String
    )
        async throws
    {
        let h = try CLIHarness()
        try h.write("r.yaml", "runbook: g\nphases:\n  - id: p\n    steps:\n      - { id: a, shell: \"touch ran\" }\n")
        let out = try await h.run(
            ["run", "r.yaml", "--state", "st"],
            env: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4317", variable: value]
        )
        #expect(out.status == 2)
        #expect(out.stderr.contains(message), "\(out.stderr)")
        #expect(!h.exists("ran"))
    }
}
