import Foundation
import RunbookCore
import Synchronization

/// Exports a run's trace over OTLP/HTTP (JSON) while it runs: a `RunObserver` whose spans go out in batches from a
/// `DeliveryQueue` (bounded, on a task of its own).
///
/// The run never waits for the collector: `observe` folds the event into the trace and queues the spans it
/// completed; a full queue drops the oldest spans; a collector that fails is reported once (`report`), not per
/// batch. At `finish` the spans still open (the root of a stopped run) are sent as they stand; no attempt starts
/// after `finishGrace` (one in flight is bounded by the configured timeout). A resumed run sends them again, with
/// the same ids, when they are complete. `begin` re-sends the spans of the journal so far, so a resumed run's trace
/// is whole even if the earlier process could not export.
public final class OTLPTraceObserver: RunObserver {
    /// Spans kept waiting for the collector; beyond it the oldest are dropped.
    public static let queueLimit = 4096
    /// Spans per request.
    public static let batchSize = 256

    struct State {
        var builder: TraceBuilder?
        var info: [String: TraceStepInfo] = [:]
        var finished = false
    }

    let config: OTLPConfiguration
    let report: @Sendable (String) -> Void
    let state = Mutex(State())
    let queue: DeliveryQueue<TraceSpan>

    /// An exporter to `config`; `report` hears of a collector that cannot be reached (once per run).
    ///
    /// A batch is tried three times (0.5 s and 1 s apart; once while the collector is down).
    public init(
        config: OTLPConfiguration,
        finishGrace: Duration = .seconds(10),
        report: @escaping @Sendable (String) -> Void
    ) {
        self.config = config
        self.report = report
        self.queue = DeliveryQueue(
            policy: .init(
                capacity: Self.queueLimit,
                batchSize: Self.batchSize,
                dropOldest: true,
                backoff: .milliseconds(500),
                finishGrace: finishGrace
            ),
            send: { batch in await Self.send(batch, config: config) },
            firstFailure: { _, error in
                report(
                    "OTLP collector unreachable (\(error)); spans of this run are missing there: `runbook export RUN --format otlp` writes the whole trace"
                )
            }
        )
    }

    public func prepare(runbook: Runbook) {
        let info = TraceStepInfo.of(runbook)
        state.withLock { $0.info = info }
    }

    public func begin(_ events: [JournalEvent]) {
        let runID = events.first?.data["run_id"]?.text ?? ""
        let spans = state.withLock { s in
            var builder = TraceBuilder(runID: runID, info: s.info)
            let spans = events.flatMap { builder.apply($0) }
            s.builder = builder
            return spans
        }
        queue.enqueue(spans)
    }

    public func observe(_ event: JournalEvent) {
        let spans = state.withLock { s -> [TraceSpan] in
            guard var builder = s.builder else { return [] }
            let spans = builder.apply(event)
            s.builder = builder
            return spans
        }
        queue.enqueue(spans)
    }

    public func stepEnvironment(_ started: JournalEvent) -> [String: String] {
        guard let ids = state.withLock({ $0.builder?.ids }) else { return [:] }
        var env = ["TRACEPARENT": ids.traceparent(spanID: ids.spanID(forEvent: started.seq))]
        if let traceState = config.traceState { env["TRACESTATE"] = traceState }
        return env
    }

    public func finish() async {
        let open = state.withLock { s -> [TraceSpan] in
            guard !s.finished else { return [] }
            s.finished = true
            return s.builder?.openSpans() ?? []
        }
        queue.enqueue(open)
        let counts = await queue.finish()
        // A failed batch was reported when it failed; spans dropped or left in the queue are reported here.
        let lost = counts.dropped + counts.undelivered
        if lost > 0, counts.failed == 0 {
            report("OTLP export to \(config.endpoint.absoluteString): \(lost) spans not delivered")
        }
    }

    /// Posts one batch; nil when the collector took it, else what went wrong.
    static func send(_ batch: [TraceSpan], config: OTLPConfiguration) async -> String? {
        let json = Array(OTLPTraceJSON.text(batch, resource: config.resource, scopeVersion: config.toolVersion).utf8)
        var headers = config.headers
        do {
            var body = json
            if config.gzip {
                body = try Gzip.compress(json)
                headers["Content-Encoding"] = "gzip"
            }
            try await HTTPExchange.deliver(
                "POST",
                to: config.endpoint,
                body: body,
                contentType: "application/json",
                headers: headers,
                within: config.timeout
            )
            return nil
        } catch {
            return "\(error)"
        }
    }
}
