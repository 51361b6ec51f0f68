import Foundation
import RunbookCore
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Posts a run's notable events to its notification sinks (`notify:`, `--notify`, `RUNBOOK_NOTIFY`) without ever
/// delaying or failing the run.
///
/// `observe` only queues: each sink has a bounded queue (events beyond it are dropped and counted) and a delivery
/// task of its own, so a slow sink holds up neither the run nor the other sinks. A delivery attempt is bounded by
/// the sink's timeout; a failed one is retried with exponential backoff (a sink already found down gets one attempt
/// per event). The first failure of a sink becomes one `notify.failed` record (terminal line and journal), later
/// ones are only counted. `finish` lets the queues drain for a grace period (no new attempt starts after it) and
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

    struct Counts {
        var queued = 0
        var delivered = 0
        var failed = 0
        var dropped = 0
        var undelivered = 0
        var down = false
        var reported = false
    }

    struct State {
        var facts: NotificationMessage.RunFacts?
        var queues: [AsyncStream<NotificationMessage>.Continuation] = []
        var tasks: [Task<Void, Never>] = []
        var counts: [Counts]
        var records: [ObserverRecord] = []
        var deadline: Duration?
    }

    let targets: [Target]
    let transport: any NotificationTransport
    let clock: any RunClock
    let policy: Policy
    let state: Mutex<State>

    /// A notifier for `targets`; `clock` times the backoff and the finish grace.
    public init(
        targets: [Target],
        transport: any NotificationTransport = HTTPNotificationTransport(),
        clock: any RunClock = SystemRunClock(),
        policy: Policy = Policy()
    ) {
        self.targets = targets
        self.transport = transport
        self.clock = clock
        self.policy = policy
        self.state = Mutex(State(counts: Array(repeating: Counts(), count: targets.count)))
    }

    public func begin(_ events: [JournalEvent]) {
        state.withLock { $0.facts = NotificationMessage.RunFacts(events: events) }
        startDelivery()
    }

    public func observe(_ event: JournalEvent) {
        if state.withLock({ $0.queues.isEmpty }) { startDelivery() }
        let (message, queues) = state.withLock {
            s -> (NotificationMessage?, [AsyncStream<NotificationMessage>.Continuation]) in
            var facts = s.facts ?? NotificationMessage.RunFacts(events: [])
            facts.note(event)
            s.facts = facts
            return (NotificationMessage.make(event, facts: facts), s.queues)
        }
        guard let message, state.withLock({ $0.deadline == nil }) else { return }
        for (i, target) in targets.enumerated() where target.events?.contains(message.event) ?? true {
            let dropped: Bool
            switch queues[i].yield(message) {
            case .dropped: dropped = true
            default: dropped = false
            }
            state.withLock {
                $0.counts[i].queued += 1
                if dropped { $0.counts[i].dropped += 1 }
            }
        }
    }

    public func finish() async {
        let (queues, tasks) = state.withLock { s in
            s.deadline = clock.now + policy.finishGrace
            return (s.queues, s.tasks)
        }
        for queue in queues { queue.finish() }
        for task in tasks { await task.value }
        state.withLock { s in
            for (i, target) in targets.enumerated() where s.counts[i].queued > 0 {
                let c = s.counts[i]
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
        state.withLock { s in
            defer { s.records.removeAll() }
            return s.records
        }
    }

    /// Starts one delivery task per sink (once).
    func startDelivery() {
        state.withLock { s in
            guard s.queues.isEmpty, s.deadline == nil else { return }
            for i in targets.indices {
                let (stream, continuation) = AsyncStream<NotificationMessage>.makeStream(
                    bufferingPolicy: .bufferingOldest(policy.queueCapacity)
                )
                s.queues.append(continuation)
                s.tasks.append(Task { [self] in await deliverAll(stream, to: i) })
            }
        }
    }

    func deliverAll(_ stream: AsyncStream<NotificationMessage>, to i: Int) async {
        for await message in stream {
            if pastDeadline(in: .zero) {
                state.withLock { $0.counts[i].undelivered += 1 }
                continue
            }
            let error = await deliver(message, to: i)
            state.withLock { s in
                guard let error else {
                    s.counts[i].delivered += 1
                    s.counts[i].down = false
                    return
                }
                s.counts[i].failed += 1
                s.counts[i].down = true
                guard !s.counts[i].reported else { return }
                s.counts[i].reported = true
                let target = targets[i]
                s.records.append(
                    ObserverRecord(
                        type: JournalEventType.notifyFailed,
                        data: .map([
                            ("sink", .int(Int64(i))), ("kind", .string(target.kind.rawValue)),
                            ("url", .string(target.display)), ("error", .string(error)),
                            ("event", .string(message.event.rawValue)),
                        ]),
                        line:
                            "⚠ notify: \(target.kind.rawValue) sink \(target.display) cannot be reached (\(error)); the run goes on, and further failures of this sink are only counted"
                    )
                )
            }
        }
    }

    /// Whether the finish grace would be over after waiting `delay` more.
    func pastDeadline(in delay: Duration) -> Bool {
        guard let deadline = state.withLock({ $0.deadline }) else { return false }
        return clock.now + delay > deadline
    }

    /// Posts one message, retrying; nil when delivered, else the last error.
    func deliver(_ message: NotificationMessage, to i: Int) async -> String? {
        let target = targets[i]
        let body = Array(JSONWriter.string(target.kind == .slack ? message.slack : message.webhook).utf8)
        let attempts = state.withLock { $0.counts[i].down } ? 1 : max(policy.attempts, 1)
        var lastError = ""
        var delay = policy.backoff
        for attempt in 1...attempts {
            do {
                let status = try await transport.post(target.url, body: body, timeout: target.timeout)
                if (200..<300).contains(status) { return nil }
                lastError = "HTTP \(status)"
            } catch is CancellationError {
                return "cancelled"
            } catch {
                lastError = Self.describe(error)
            }
            guard attempt < attempts, !pastDeadline(in: delay) else { break }
            do { try await clock.sleep(for: delay) } catch { break }
            delay *= 2
        }
        return lastError
    }

    static func describe(_ error: any Error) -> String {
        if let failure = error as? HTTPExchange.Failure { return failure.description }
        if let urlError = error as? URLError { return String(urlError.localizedDescription.prefix(300)) }
        return String("\(error)".prefix(300))
    }
}
