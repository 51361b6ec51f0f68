import RunbookCore

/// Something outside the run that hears of every event the run journals: notification sinks, trace and metrics
/// exporters.
///
/// The driver calls `observe` on the run's task right after the event is durable in the journal (so an observer
/// never reports what the journal does not hold); it must return at once — an observer queues the event and delivers
/// it on a task of its own, and a slow or failing destination never delays or fails the run. The events are redacted
/// as the journal holds them.
public protocol RunObserver: Sendable {
    /// The journal as it stands when the driver starts (a resumed run's earlier events included), once, before any
    /// `observe`.
    func begin(_ events: [JournalEvent])
    /// One event just appended to the journal.
    func observe(_ event: JournalEvent)
    /// The run returned (finished or stopped): deliver what is queued, within the observer's own bound.
    func finish() async
    /// Events to journal, taken out of the observer (the driver drains them at its next append and after `finish`).
    func records() -> [ObserverRecord]
    /// The runbook the run executes (the version it is driven with), once, before `begin`.
    func prepare(runbook: Runbook)
    /// Variables for the processes of the step attempt that `started` (its `step.started`) begins, e.g. the W3C
    /// `TRACEPARENT` of the attempt's span; returns at once.
    func stepEnvironment(_ started: JournalEvent) -> [String: String]
}

extension RunObserver {
    /// Nothing to do with the journal so far.
    public func begin(_ events: [JournalEvent]) {}
    /// Nothing queued.
    public func finish() async {}
    /// Nothing to journal.
    public func records() -> [ObserverRecord] { [] }
    /// Nothing to learn from the runbook.
    public func prepare(runbook: Runbook) {}
    /// No variables.
    public func stepEnvironment(_ started: JournalEvent) -> [String: String] { [:] }
}
