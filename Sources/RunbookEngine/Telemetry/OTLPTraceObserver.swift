import Foundation
import RunbookCore
import Synchronization

/// Exports a run's trace over OTLP/HTTP (JSON) while it runs: a `RunObserver` whose spans go out in batches from a
/// bounded queue on a task of its own.
///
/// The run never waits for the collector: `observe` folds the event into the trace and queues the spans it
/// completed; a full queue drops the oldest spans; a collector that fails is reported once (`report`), not per
/// batch. At `finish` the spans still open (the root of a stopped run) are sent as they stand, within `finishBound`;
/// a resumed run sends them again, with the same ids, when they are complete. `begin` re-sends the spans of the
/// journal so far, so a resumed run's trace is whole even if the earlier process could not export.
public final class OTLPTraceObserver: RunObserver {
    /// Spans kept waiting for the collector; beyond it the oldest are dropped.
    public static let queueLimit = 4096
    /// Spans per request.
    public static let batchSize = 256

    struct State {
        var builder: TraceBuilder?
        var info: [String: TraceStepInfo] = [:]
        var queue: [TraceSpan] = []
        var dropped = 0
        var reported = false
        var finished = false
    }

    let config: OTLPConfiguration
    let report: @Sendable (String) -> Void
    let finishBound: Duration
    /// The state shared with the delivery task.
    final class Shared: Sendable {
        let state = Mutex(State())
    }

    let shared = Shared()
    let wake: AsyncStream<Void>.Continuation
    let delivery: Task<Void, Never>

    /// An exporter to `config`; `report` hears of a collector that cannot be reached (once per run).
    public init(
        config: OTLPConfiguration,
        finishBound: Duration = .seconds(10),
        report: @escaping @Sendable (String) -> Void
    ) {
        self.config = config
        self.report = report
        self.finishBound = finishBound
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.wake = continuation
        let state = shared
        self.delivery = Task { [config, report] in
            for await _ in stream {
                while let batch = Self.take(state) {
                    await Self.deliver(batch, config: config, state: state, report: report)
                }
            }
            while let batch = Self.take(state) {
                await Self.deliver(batch, config: config, state: state, report: report)
            }
        }
    }

    public func prepare(runbook: Runbook) {
        let info = TraceStepInfo.of(runbook)
        shared.state.withLock { $0.info = info }
    }

    public func begin(_ events: [JournalEvent]) {
        let runID = events.first?.data["run_id"]?.text ?? ""
        shared.state.withLock { s in
            var builder = TraceBuilder(runID: runID, info: s.info)
            for event in events { enqueue(&s, builder.apply(event)) }
            s.builder = builder
        }
        wake.yield()
    }

    public func observe(_ event: JournalEvent) {
        shared.state.withLock { s in
            guard var builder = s.builder else { return }
            enqueue(&s, builder.apply(event))
            s.builder = builder
        }
        wake.yield()
    }

    public func stepEnvironment(_ started: JournalEvent) -> [String: String] {
        guard let ids = shared.state.withLock({ $0.builder?.ids }) else { return [:] }
        var env = ["TRACEPARENT": ids.traceparent(spanID: ids.spanID(forEvent: started.seq))]
        if let traceState = config.traceState { env["TRACESTATE"] = traceState }
        return env
    }

    public func finish() async {
        shared.state.withLock { s in
            guard !s.finished else { return }
            s.finished = true
            if let open = s.builder?.openSpans() { enqueue(&s, open) }
        }
        wake.yield()
        wake.finish()
        let delivery = self.delivery
        let bound = finishBound
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await delivery.value
                return true
            }
            group.addTask {
                try? await Task.sleep(for: bound)
                return false
            }
            let delivered = await group.next() ?? true
            group.cancelAll()
            if !delivered { delivery.cancel() }
        }
        let (dropped, reported) = shared.state.withLock { ($0.dropped + $0.queue.count, $0.reported) }
        if dropped > 0, !reported {
            report("OTLP export to \(config.endpoint.absoluteString): \(dropped) spans not delivered")
        }
    }

    func enqueue(_ s: inout State, _ spans: [TraceSpan]) {
        guard !spans.isEmpty else { return }
        s.queue += spans
        let excess = s.queue.count - Self.queueLimit
        if excess > 0 {
            s.queue.removeFirst(excess)
            s.dropped += excess
        }
    }

    static func take(_ state: Shared) -> [TraceSpan]? {
        state.state.withLock { s in
            guard !s.queue.isEmpty else { return nil }
            let batch = Array(s.queue.prefix(batchSize))
            s.queue.removeFirst(batch.count)
            return batch
        }
    }

    /// Sends one batch, with up to three tries (0.5 s and 1 s apart; one after the collector failed once); a batch
    /// that cannot be delivered is dropped and the first such failure reported.
    static func deliver(
        _ batch: [TraceSpan],
        config: OTLPConfiguration,
        state: Shared,
        report: @Sendable (String) -> Void
    ) async {
        let body = Array(
            OTLPTraceJSON.text(batch, resource: config.resource, scopeVersion: config.toolVersion).utf8
        )
        var lastError = ""
        // Once the collector failed a batch, later batches get one try each: a dead collector costs the run's end
        // no more than one timeout per batch.
        let tries = state.state.withLock { $0.reported } ? 1 : 3
        for attempt in 0..<tries {
            if Task.isCancelled { break }
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(500 * attempt)) }
            do {
                try await HTTPExchange.deliver(
                    "POST",
                    to: config.endpoint,
                    body: body,
                    contentType: "application/json",
                    headers: config.headers,
                    within: config.timeout
                )
                return
            } catch {
                lastError = "\(error)"
            }
        }
        let first = state.state.withLock { s in
            s.dropped += batch.count
            defer { s.reported = true }
            return !s.reported
        }
        if first {
            report(
                "OTLP collector unreachable (\(lastError)); spans of this run are missing there: `runbook export RUN --format otlp` writes the whole trace"
            )
        }
    }
}
