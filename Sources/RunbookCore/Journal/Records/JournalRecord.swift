/// A journal event's type and payload, typed: what every reader switches on and every writer builds.
///
/// `init(type:data:)` reads an event's `data`; `data` writes it back in the order this version's writers use, so
/// a line this version wrote re-encodes to the same bytes. A type this version does not know reads as `.unknown`
/// and keeps its data as it is, so journals of newer versions still read.
public enum JournalRecord: Sendable, Hashable {
    /// `run.started`.
    case runStarted(RunStarted)
    /// `run.resumed`.
    case runResumed(RunResumed)
    /// `run.interrupted`.
    case runInterrupted(RunInterrupted)
    /// `run.finished`.
    case runFinished(RunFinished)
    /// `guard.started`.
    case guardStarted(StepStarted)
    /// `guard.passed`.
    case guardPassed(StepSucceeded)
    /// `guard.failed`.
    case guardFailed(StepFailed)
    /// `step.started`.
    case stepStarted(StepStarted)
    /// `step.output`.
    case stepOutput(StepOutput)
    /// `step.succeeded`.
    case stepSucceeded(StepSucceeded)
    /// `step.failed`.
    case stepFailed(StepFailed)
    /// `step.skipped`.
    case stepSkipped(StepSkipped)
    /// `step.in_doubt`.
    case stepInDoubt(StepInDoubt)
    /// `step.reconciled`.
    case stepReconciled(StepReconciled)
    /// `gate.waiting`.
    case gateWaiting(GateWaiting)
    /// `gate.approved`.
    case gateApproved(GateApproved)
    /// `gate.rejected`.
    case gateRejected(GateRejected)
    /// `gate.timed_out`.
    case gateTimedOut(GateTimedOut)
    /// `rollback.started`.
    case rollbackStarted(RollbackStarted)
    /// `rollback.finished`.
    case rollbackFinished(RollbackFinished)
    /// `transfer.checkpoint`.
    case transferCheckpoint(TransferCheckpoint)
    /// `sync.batch`.
    case syncBatch(SyncBatch)
    /// `journal.repaired`.
    case journalRepaired(JournalRepaired)
    /// `abort.triggered`.
    case abortTriggered(AbortTriggered)
    /// `notify.failed`.
    case notifyFailed(NotifyFailed)
    /// `notify.summary`.
    case notifySummary(NotifySummary)
    /// A type this version does not know, with its data as read.
    case unknown(type: String, data: Value)

    /// Reads an event's type and `data`.
    public init(type: String, data: Value) {
        switch type {
        case JournalEventType.runStarted: self = .runStarted(RunStarted(data: data))
        case JournalEventType.runResumed: self = .runResumed(RunResumed(data: data))
        case JournalEventType.runInterrupted: self = .runInterrupted(RunInterrupted(data: data))
        case JournalEventType.runFinished: self = .runFinished(RunFinished(data: data))
        case JournalEventType.guardStarted: self = .guardStarted(StepStarted(data: data))
        case JournalEventType.guardPassed: self = .guardPassed(StepSucceeded(data: data))
        case JournalEventType.guardFailed: self = .guardFailed(StepFailed(data: data))
        case JournalEventType.stepStarted: self = .stepStarted(StepStarted(data: data))
        case JournalEventType.stepOutput: self = .stepOutput(StepOutput(data: data))
        case JournalEventType.stepSucceeded: self = .stepSucceeded(StepSucceeded(data: data))
        case JournalEventType.stepFailed: self = .stepFailed(StepFailed(data: data))
        case JournalEventType.stepSkipped: self = .stepSkipped(StepSkipped(data: data))
        case JournalEventType.stepInDoubt: self = .stepInDoubt(StepInDoubt(data: data))
        case JournalEventType.stepReconciled: self = .stepReconciled(StepReconciled(data: data))
        case JournalEventType.gateWaiting: self = .gateWaiting(GateWaiting(data: data))
        case JournalEventType.gateApproved: self = .gateApproved(GateApproved(data: data))
        case JournalEventType.gateRejected: self = .gateRejected(GateRejected(data: data))
        case JournalEventType.gateTimedOut: self = .gateTimedOut(GateTimedOut(data: data))
        case JournalEventType.rollbackStarted: self = .rollbackStarted(RollbackStarted(data: data))
        case JournalEventType.rollbackFinished: self = .rollbackFinished(RollbackFinished(data: data))
        case JournalEventType.transferCheckpoint: self = .transferCheckpoint(TransferCheckpoint(data: data))
        case JournalEventType.syncBatch: self = .syncBatch(SyncBatch(data: data))
        case JournalEventType.journalRepaired: self = .journalRepaired(JournalRepaired(data: data))
        case JournalEventType.abortTriggered: self = .abortTriggered(AbortTriggered(data: data))
        case JournalEventType.notifyFailed: self = .notifyFailed(NotifyFailed(data: data))
        case JournalEventType.notifySummary: self = .notifySummary(NotifySummary(data: data))
        default: self = .unknown(type: type, data: data)
        }
    }

    /// Reads an event.
    public init(_ event: JournalEvent) { self.init(type: event.type, data: event.data) }

    /// Whether this is one of a guard's events (`guard.started`, `guard.passed`, `guard.failed`).
    public var isGuard: Bool {
        switch self {
        case .guardStarted, .guardPassed, .guardFailed: true
        default: false
        }
    }

    /// The event type (`JournalEventType`).
    public var type: String {
        switch self {
        case .runStarted: JournalEventType.runStarted
        case .runResumed: JournalEventType.runResumed
        case .runInterrupted: JournalEventType.runInterrupted
        case .runFinished: JournalEventType.runFinished
        case .guardStarted: JournalEventType.guardStarted
        case .guardPassed: JournalEventType.guardPassed
        case .guardFailed: JournalEventType.guardFailed
        case .stepStarted: JournalEventType.stepStarted
        case .stepOutput: JournalEventType.stepOutput
        case .stepSucceeded: JournalEventType.stepSucceeded
        case .stepFailed: JournalEventType.stepFailed
        case .stepSkipped: JournalEventType.stepSkipped
        case .stepInDoubt: JournalEventType.stepInDoubt
        case .stepReconciled: JournalEventType.stepReconciled
        case .gateWaiting: JournalEventType.gateWaiting
        case .gateApproved: JournalEventType.gateApproved
        case .gateRejected: JournalEventType.gateRejected
        case .gateTimedOut: JournalEventType.gateTimedOut
        case .rollbackStarted: JournalEventType.rollbackStarted
        case .rollbackFinished: JournalEventType.rollbackFinished
        case .transferCheckpoint: JournalEventType.transferCheckpoint
        case .syncBatch: JournalEventType.syncBatch
        case .journalRepaired: JournalEventType.journalRepaired
        case .abortTriggered: JournalEventType.abortTriggered
        case .notifyFailed: JournalEventType.notifyFailed
        case .notifySummary: JournalEventType.notifySummary
        case .unknown(let type, _): type
        }
    }

    /// The event's `data`.
    public var data: Value {
        switch self {
        case .runStarted(let p): p.data
        case .runResumed(let p): p.data
        case .runInterrupted(let p): p.data
        case .runFinished(let p): p.data
        case .guardStarted(let p), .stepStarted(let p): p.data
        case .guardPassed(let p), .stepSucceeded(let p): p.data
        case .guardFailed(let p), .stepFailed(let p): p.data
        case .stepOutput(let p): p.data
        case .stepSkipped(let p): p.data
        case .stepInDoubt(let p): p.data
        case .stepReconciled(let p): p.data
        case .gateWaiting(let p): p.data
        case .gateApproved(let p): p.data
        case .gateRejected(let p): p.data
        case .gateTimedOut(let p): p.data
        case .rollbackStarted(let p): p.data
        case .rollbackFinished(let p): p.data
        case .transferCheckpoint(let p): p.data
        case .syncBatch(let p): p.data
        case .journalRepaired(let p): p.data
        case .abortTriggered(let p): p.data
        case .notifyFailed(let p): p.data
        case .notifySummary(let p): p.data
        case .unknown(_, let data): data
        }
    }

    /// The step the event is about, if any.
    public var step: String? {
        switch self {
        case .guardStarted(let p), .stepStarted(let p): p.step
        case .guardPassed(let p), .stepSucceeded(let p): p.step
        case .guardFailed(let p), .stepFailed(let p): p.step
        case .stepOutput(let p): p.step
        case .stepSkipped(let p): p.step
        case .stepInDoubt(let p): p.step
        case .stepReconciled(let p): p.step
        case .gateWaiting(let p): p.step
        case .gateApproved(let p): p.step
        case .gateRejected(let p): p.step
        case .gateTimedOut(let p): p.step
        case .transferCheckpoint(let p): p.step
        case .syncBatch(let p): p.step
        case .runResumed(let p): p.reentry?.step
        case .abortTriggered(let p): p.step
        case .unknown(_, let data): data["step"]?.text
        case .runStarted, .runInterrupted, .runFinished, .rollbackStarted, .rollbackFinished, .journalRepaired,
            .notifyFailed, .notifySummary:
            nil
        }
    }

    /// The attempt a journaled `attempt` stands for: the first when the journal has none.
    static func attempt(_ journaled: Int64?) -> Int { journaled.map { Int(clamping: $0) } ?? 1 }
}

extension JournalEvent {
    /// The event's type and payload, typed.
    public var record: JournalRecord { JournalRecord(self) }

    /// The event's payload when it is `run.started` (nil for any other type).
    public var runStarted: JournalRecord.RunStarted? {
        guard type == JournalEventType.runStarted, case .runStarted(let r) = record else { return nil }
        return r
    }
}
