import Foundation
import RunbookCore
import RunbookEngine
import Synchronization
import Testing

/// The span model of a run, built in-process from real journals (runs driven by `EngineScript`): ids derived from
/// the run id and journal positions, one trace across a stop and a resume, and the step process's `TRACEPARENT`.
@Suite struct TraceBuilderTests {
    static let gated = """
        runbook: gated
        phases:
          - id: p
            steps:
              - id: before
                shell: 'printf "%s" "${TRACEPARENT:-}" > @DIR/before.tp'
              - id: ask
                gate: { prompt: "go?", timeout: 1m }
              - id: after
                shell: "true"
        """

    @Test func aStoppedRunAndItsResumeAreOneTraceWhoseEarlierSpansKeepTheirIds() async throws {
        let s = try EngineScript(Self.gated)
        #expect(try await s.run() == .stopped)
        let stopped = TraceBuilder.spans(of: s.events, runID: s.runID)
        let root = try #require(stopped.first { $0.parentSpanID == nil })
        #expect(root.attribute("runbook.outcome") == .string("stopped"))
        let waiting = try #require(stopped.first { $0.name == "gate ask" })
        // The manual clock runs the gate's minute out: the stopped run's gate span ends timed out.
        #expect(waiting.attribute("runbook.gate.outcome") == .string("timed_out"))

        s.store.submitApproval(s.runID, .map([("gate", .string("ask")), ("approver", .string("bob@h"))]))
        #expect(try await s.resume() == .succeeded)
        let whole = TraceBuilder.spans(of: s.events, runID: s.runID)
        #expect(Set(whole.map(\.traceID)) == [TraceIDs(runID: s.runID).traceID])
        #expect(whole.filter { $0.parentSpanID == nil }.map(\.spanID) == [root.spanID])
        let ids = Set(whole.map(\.spanID))
        #expect(ids.count == whole.count, "span ids repeat")
        for span in whole { #expect(span.parentSpanID.map(ids.contains) ?? true, "\(span.name) has no parent") }
        // The resume waits at the gate again: a second gate span, approved; the first keeps its id and outcome.
        let gates = whole.filter { $0.name == "gate ask" }
        #expect(gates.count == 2)
        #expect(gates.first == waiting)
        let gate = try #require(gates.last)
        #expect(gate.spanID != waiting.spanID)
        #expect(gate.attribute("runbook.gate.outcome") == .string("approved"))
        #expect(gate.events.map(\.name) == [JournalEventType.gateApproved])
        #expect(gate.endUnixNano >= gate.startUnixNano)
        // Spans completed before the stop are the same spans, field for field, in the whole trace.
        let completedBefore = stopped.filter { $0.name.hasPrefix("step ") }
        #expect(!completedBefore.isEmpty)
        for span in completedBefore { #expect(whole.contains(span)) }
        // Building again gives the same trace.
        #expect(TraceBuilder.spans(of: s.events, runID: s.runID) == whole)
    }

    @Test func aStepProcessGetsTheTraceparentOfItsAttemptSpan() async throws {
        let s = try EngineScript(Self.gated)
        let reports = Mutex<[String]>([])
        let config = try #require(
            try OTLPConfiguration.from(
                ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:9", "TRACESTATE": "vendor=abc"],
                toolVersion: "test"
            )
        )
        s.observers = [
            OTLPTraceObserver(config: config, finishGrace: .seconds(5)) { message in
                reports.withLock { $0.append(message) }
            }
        ]
        #expect(try await s.run() == .stopped)
        let started = try #require(
            s.events(JournalEventType.stepStarted).first { $0.data["step"] == .string("before") }
        )
        let ids = TraceIDs(runID: s.runID)
        let seen = try String(contentsOf: s.dir.appendingPathComponent("before.tp"), encoding: .utf8)
        #expect(seen == ids.traceparent(spanID: ids.spanID(forEvent: started.seq)))
        let span = try #require(TraceBuilder.spans(of: s.events, runID: s.runID).first { $0.name == "step before" })
        #expect(seen == "00-\(span.traceID)-\(span.spanID)-01")
        // Nothing listens on port 9: the collector is reported once, and the run was not failed by it.
        #expect(reports.withLock { $0.count } == 1)
    }

    @Test func theEnvironmentConfiguresEndpointHeadersAndResourceAsOpenTelemetryDefinesThem() throws {
        func config(_ env: [String: String]) throws -> OTLPConfiguration? {
            try OTLPConfiguration.from(env, toolVersion: "9.9")
        }
        #expect(try config([:]) == nil)
        let none = ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_EXPORTER_OTLP_COMPRESSION": "none"]
        #expect(try config(none)?.endpoint.absoluteString == "http://c:4318/v1/traces")
        #expect(try config(none)?.gzip == false)
        var gzip = none
        gzip["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION"] = "gzip"
        #expect(try config(gzip)?.gzip == true)
        var deflate = none
        deflate["OTEL_EXPORTER_OTLP_COMPRESSION"] = "deflate"
        #expect(throws: OTLPConfiguration.Failure.self) { try config(deflate) }
        let base = try #require(try config(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318/"]))
        #expect(base.endpoint.absoluteString == "http://collector:4318/v1/traces")
        #expect(base.resource.map(\.key) == ["service.name", "service.version"])
        #expect(base.resource.first?.value == .string("runbook"))
        let full = try #require(
            try config([
                "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "https://traces.example/custom",
                "OTEL_EXPORTER_OTLP_HEADERS": "a=1,b=two%20words",
                "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "a=3",
                "OTEL_RESOURCE_ATTRIBUTES": "service.name=ignored,team=db%2Cops",
                "OTEL_SERVICE_NAME": "migrations",
                "OTEL_EXPORTER_OTLP_TIMEOUT": "2500",
            ])
        )
        #expect(full.endpoint.absoluteString == "https://traces.example/custom")
        #expect(full.headers == ["a": "3", "b": "two words"])
        #expect(full.resource.map(\.key) == ["service.name", "service.version", "team"])
        #expect(full.resource.map(\.value) == [.string("migrations"), .string("9.9"), .string("db,ops")])
        #expect(full.timeout == .milliseconds(2500))
        #expect(try config(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_SDK_DISABLED": "true"]) == nil)
        #expect(try config(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_TRACES_EXPORTER": "none"]) == nil)
        #expect(throws: OTLPConfiguration.Failure.self) {
            try config(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4317", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"])
        }
        #expect(throws: OTLPConfiguration.Failure.self) {
            try config(["OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4318"])
        }
    }
}
