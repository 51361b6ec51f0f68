import Foundation
import RunbookCore
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Posts a run's notable events to its notification sinks (`notify:`, `--notify`, `RUNBOOK_NOTIFY`) without ever
/// delaying or failing the run.
///
/// `observe` only queues: each sink has a `DeliveryQueue` of its own (bounded; events beyond it are dropped and
/// counted), so a slow sink holds up neither the run nor the other sinks. A delivery attempt is bounded by the
/// sink's timeout; a failed one is retried with exponential backoff (a sink already found down gets one attempt per
/// event). The first failure of a sink becomes one `notify.failed` record (terminal line and journal), later ones
/// are only counted. `finish` lets the queues drain for a grace period (no new attempt starts after it) and
/// records a `notify.summary` per sink. The driver journals the records: the notifier never writes the journal.
public final class Notifier: RunObserver {
    /// Retry, queue and shutdown bounds.
    public struct Policy: Sendable {
        /// Attempts per event (the first included) while the sink is up.
        public var attempts = 3
        /// The delay before the second attempt; doubled before each further one.
        public var backoff: Duration = .seconds(1)
        /// Events queued per sink before new ones are dropped.
        public var queueCapacity = 256
        /// How long `finish` lets queued events go out before it stops starting attempts.
        public var finishGrace: Duration = .seconds(5)

        /// The default bounds.
        public init() {}
    }

    /// A sink with its URL rendered.
    public struct Target: Sendable {
        /// Webhook or Slack.
        public var kind: NotifySink.Kind
        /// The URL posted to (may hold a secret: never shown).
        public var url: String
        /// The URL as shown and journaled: scheme, host and port only.
        public var display: String
        /// Events it wants (nil: all).
        public var events: [NotifyEvent]?
        /// One attempt's bound.
        public var timeout: Duration

        /// Creates a target.
        public init(kind: NotifySink.Kind, url: String, events: [NotifyEvent]? = nil, timeout: Duration = .seconds(10))
        {
            self.kind = kind
            self.url = url
            self.display = Self.display(url)
            self.events = events
            self.timeout = timeout
        }

        /// `https://hooks.example.com/…`: a webhook URL's path and query often are its credential.
        static func display(_ url: String) -> String {
            guard let schemeEnd = url.range(of: "://") else { return "…" }
            let rest = url[schemeEnd.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            let host = authority.split(separator: "@").last.map(String.init) ?? ""
            return url[..<schemeEnd.upperBound] + host + (authority.count < rest.count ? "/…" : "")
        }
    }

    struct State {
        var facts: NotificationMessage.RunFacts?
        var records: [ObserverRecord] = []
    }

    let targets: [Target]
    let transport: any NotificationTransport
    let policy: Policy
    /// The state, shared with the queues' failure reports.
    final class Shared: Sendable {
        let state = Mutex(State())
    }

    let shared = Shared()
    /// One delivery queue per target, in the order of `targets`.
    let queues: [DeliveryQueue<NotificationMessage>]

    /// A notifier for `targets`; `clock` times the backoff and the finish grace.
    public init(
        targets: [Target],
        transport: any NotificationTransport = HTTPNotificationTransport(),
        clock: any RunClock = SystemRunClock(),
        policy: Policy = Policy()
    ) {
        self.targets = targets
        self.transport = transport
        self.policy = policy
        let queuePolicy = DeliveryQueue<NotificationMessage>.Policy(
            capacity: policy.queueCapacity,
            attempts: policy.attempts,
            backoff: policy.backoff,
            finishGrace: policy.finishGrace
        )
        let shared = self.shared
        self.queues = targets.enumerated().map { i, target in
            DeliveryQueue(
                policy: queuePolicy,
                clock: clock,
                send: { batch in await Self.post(batch, to: target, through: transport) },
                firstFailure: { batch, error in
                    shared.state.withLock { $0.records.append(Self.failedRecord(sink: i, target, error, batch.first)) }
                }
            )
        }
    }

    public func begin(_ events: [JournalEvent]) {
        shared.state.withLock { $0.facts = NotificationMessage.RunFacts(events: events) }
    }

    public func observe(_ event: JournalEvent) {
        let message = shared.state.withLock { s -> NotificationMessage? in
            var facts = s.facts ?? NotificationMessage.RunFacts(events: [])
            facts.note(event)
            s.facts = facts
            return NotificationMessage.make(event, facts: facts)
        }
        guard let message else { return }
        for (i, target) in targets.enumerated() where target.events?.contains(message.event) ?? true {
            queues[i].enqueue([message])
        }
    }

    public func finish() async {
        // Every queue's grace starts now, together: a slow sink does not lengthen the others'.
        let counts = await withTaskGroup(of: (Int, DeliveryQueue<NotificationMessage>.Counts).self) { group in
            for (i, queue) in queues.enumerated() { group.addTask { (i, await queue.finish()) } }
            var all: [Int: DeliveryQueue<NotificationMessage>.Counts] = [:]
            for await (i, c) in group { all[i] = c }
            return all
        }
        shared.state.withLock { s in
            for (i, target) in targets.enumerated() {
                guard let c = counts[i], c.queued > 0 else { continue }
                s.records.append(
                    ObserverRecord(
                        type: JournalEventType.notifySummary,
                        data: .map([
                            ("sink", .int(Int64(i))), ("kind", .string(target.kind.rawValue)),
                            ("url", .string(target.display)), ("delivered", .int(Int64(c.delivered))),
                            ("failed", .int(Int64(c.failed))), ("dropped", .int(Int64(c.dropped))),
                            ("undelivered", .int(Int64(c.undelivered))),
                        ])
                    )
                )
            }
        }
    }

    public func records() -> [ObserverRecord] {
        shared.state.withLock { s in
            defer { s.records.removeAll() }
            return s.records
        }
    }

    /// The `notify.failed` record of a sink's first failure (terminal line and journal).
    static func failedRecord(
        sink i: Int,
        _ target: Target,
        _ error: String,
        _ message: NotificationMessage?
    )
        -> ObserverRecord
    {
        ObserverRecord(
            type: JournalEventType.notifyFailed,
            data: .map([
                ("sink", .int(Int64(i))), ("kind", .string(target.kind.rawValue)),
                ("url", .string(target.display)), ("error", .string(error)),
                ("event", .string(message?.event.rawValue ?? "")),
            ]),
            line:
                "⚠ notify: \(target.kind.rawValue) sink \(target.display) cannot be reached (\(error)); the run goes on, and further failures of this sink are only counted"
        )
    }

    /// Posts one message (a batch holds one); nil when delivered, else what went wrong.
    static func post(
        _ batch: [NotificationMessage],
        to target: Target,
        through transport: any NotificationTransport
    ) async -> String? {
        guard let message = batch.first else { return nil }
        let body = Array(JSONWriter.string(target.kind == .slack ? message.slack : message.webhook).utf8)
        do {
            let status = try await transport.post(target.url, body: body, timeout: target.timeout)
            return (200..<300).contains(status) ? nil : "HTTP \(status)"
        } catch is CancellationError {
            return "cancelled"
        } catch {
            return describe(error)
        }
    }

    static func describe(_ error: any Error) -> String {
        if let failure = error as? HTTPExchange.Failure { return failure.description }
        if let urlError = error as? URLError { return String(urlError.localizedDescription.prefix(300)) }
        return String("\(error)".prefix(300))
    }
}
