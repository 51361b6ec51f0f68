import Foundation
import RunbookCore

/// Drives a run: performs the effects `RunStateMachine` decides — journal appends (fsync before anything follows),
/// attempts, probes, prompts, sleeps, gate waits — and reports what each found back to it.
///
/// The only place where a run's effects are performed; every decision is the machine's.
public final class RunDriver {
    /// Behaviour switches from the command line.
    public struct Options: Sendable {
        /// Approve gates without asking (`--yes`).
        public var yes = false
        /// Run a step again that was in flight when the run stopped and is not idempotent (`--rerun-in-doubt`).
        public var rerunInDoubt = false
        /// Ask at gates on the terminal.
        public var interactive = false
        /// Ask before every step (`run --step`).
        public var stepByStep = false
        /// Start a new run even if an earlier one is unfinished (`run --new`).
        public var startNew = false

        /// Default options.
        public init() {}
    }

    let runbook: Runbook
    var machine: RunStateMachine
    let journal: any JournalStore
    let runner: StepRunner
    let terminal: Terminal
    let gates: GateController
    let redactor: Redactor
    let effects: RunEffects
    let attempts: StepAttempt
    var drainingRecords = false
    /// The `step.started` of the attempt that executes next (its observers' step environment).
    var started: JournalEvent?
    /// When each gate waiting for `runbook approve` times out, counted from when this process started waiting.
    var gateDeadlines: [String: Duration] = [:]

    /// Creates a driver for a run whose journal is open (and already holds `run.started`).
    public init(
        runbook: Runbook,
        journal: any JournalStore,
        connectors: Connectors,
        secrets: SecretStore,
        environment: [String: String],
        terminal: Terminal,
        store: any RunStore,
        runID: String,
        runbookDigest: String,
        options: Options,
        effects: RunEffects = .system
    ) {
        self.runbook = runbook
        self.effects = effects
        self.journal = journal
        self.terminal = terminal
        self.redactor = secrets.redactor
        var policy = RunPolicy()
        policy.yes = options.yes
        policy.rerunInDoubt = options.rerunInDoubt
        policy.interactive = options.interactive
        policy.stepByStep = options.stepByStep
        policy.operatorName = Identity.operatorName
        policy.runbookDigest = runbookDigest
        self.machine = RunStateMachine(
            runbook: runbook,
            state: RunState(events: journal.events),
            external: secrets.external(environment: environment)
        )
        machine.policy = policy
        let runner = StepRunner(runbook: runbook, connectors: connectors, redactor: secrets.redactor) {
            [terminal] id, chunk in
            terminal.output(id, chunk)
        }
        runner.clock = effects.clock
        self.runner = runner
        self.gates = GateController(
            approvals: ApprovalInbox { [journal] in
                try journal.ensureWritable()
                return (try? await store.takeApprovals(runID)) ?? []
            },
            terminal: terminal,
            clock: effects.clock
        )
        self.attempts = StepAttempt(
            runner: runner,
            alarms: AbortWatch(runbook: runbook, source: effects.alarms, clock: effects.clock, terminal: terminal),
            terminal: terminal,
            clock: effects.clock,
            heartbeatAfter: effects.heartbeatAfter,
            observers: effects.observers,
            output: JournalOutput(journal: journal, redactor: secrets.redactor)
        )
    }

    /// Wires transfer steps to the journal: a checkpoint event after every committed batch.
    func installTransfer() {
        runner.transfer = { [unowned self] step, action, context in
            let transfer = TransferRunner(
                runner: runner,
                checkpoint: { checkpoint in try await self.append(.transferCheckpoint(checkpoint)) },
                resumeFrom: machine.state.checkpoints[step.id],
                progress: TransferProgress(
                    stepID: step.id,
                    output: .init(isTTY: terminal.isTTY, live: terminal.live, line: terminal.line)
                )
            )
            return try await transfer.run(step, action, context: context)
        }
        runner.syncBatch = { [unowned self] batch in try await self.append(.syncBatch(batch)) }
    }

    /// The folded state (for status after the run).
    public var state: RunState { machine.state }

    /// Runs until the run finishes or stops.
    ///
    /// Returns the outcome; `stopped` means resumable.
    public func run() async throws -> RunOutcome {
        installTransfer()
        let events = journal.events
        for observer in effects.observers {
            observer.prepare(runbook: runbook)
            observer.begin(events)
        }
        let outcome: RunOutcome
        do {
            outcome = try await drive()
        } catch {
            await finishObservers()
            try? await journal.seal()
            throw error
        }
        await finishObservers()
        try? await journal.seal()
        return outcome
    }

    func drive() async throws -> RunOutcome {
        do {
            var outcome: RunOutcome?
            while outcome == nil {
                try Task.checkCancellation()
                outcome = try await perform(machine.nextEffect())
            }
            await runner.close()
            return outcome ?? .stopped
        } catch is CancellationError {
            await runner.close()
            let (record, line) = machine.interruption
            try await append(record)
            terminal.line(line)
            return .stopped
        }
    }

    /// Performs one effect and reports what it found; returns the outcome when the run returns.
    func perform(_ effect: RunEffect) async throws -> RunOutcome? {
        switch effect {
        case .finished(let outcome):
            return outcome
        case .append(let record, let notices, let seal):
            try await append(record)
            show(notices)
            if seal { try await journal.seal() }
        case .say(let notices):
            show(notices)
        case .startAttempt(let step, let role, let attempt):
            let command = runner.describe(step.body, context: machine.evaluationContext)
            let phase = machine.phaseID(of: step.id)
            started = try await append(
                RunEvents.stepStarted(step, role: role, attempt: attempt, command: command, phase: phase)
            )
            terminal.stepStarted(step, role: role, attempt: attempt, command: command)
        case .execute(let step, let role, let attempt):
            let outcome = try await attempts.run(
                step,
                role: role,
                attempt: attempt,
                started: started,
                context: machine.evaluationContext
            )
            machine.receive(.attemptFinished(outcome))
        case .probe(let step):
            machine.receive(.probed(try await probe(step)))
        case .prompt(let notices):
            show(notices)
            machine.receive(.answered(try await effects.prompter.readLine()))
        case .sleep(let delay):
            try await effects.clock.sleep(for: delay.duration)
        case .awaitApproval(let step, let gate, let confirm, let approved):
            let deadline = gate.timeout.map { gateDeadlines[step.id] ?? (effects.clock.now + $0.duration) }
            gateDeadlines[step.id] = deadline
            let decision = try await gates.pollApprovals(
                step: step,
                confirm: confirm,
                alreadyApproved: approved,
                deadline: deadline
            )
            machine.receive(.gate(decision))
        }
        return nil
    }

    /// Runs an in-doubt step's reconcile probe.
    func probe(_ step: Step) async throws -> ProbeOutcome {
        guard let probe = step.reconcile else { return .failed(message: "the step has no reconcile probe") }
        do {
            return .returned(try await runner.execute(step, body: probe.body, context: machine.evaluationContext))
        } catch let failure as StepFailure {
            return .failed(message: failure.message)
        }
    }

    /// Shows what the machine said.
    func show(_ notices: [RunNotice]) {
        for notice in notices {
            switch notice {
            case .line(let text): terminal.line(text)
            case .error(let text): terminal.error(text)
            case .command(let step):
                for line in runner.describe(step.body, context: machine.evaluationContext) {
                    terminal.line("    \(line)")
                }
            case .stepSkipped(let step, let reason): terminal.stepSkipped(step, reason: reason)
            case .stepFailed(let step, let message, let detail, let retryIn):
                terminal.stepFailed(step, message: message, detail: detail, retryIn: retryIn)
            case .stepSucceeded(let step, let summary, let durationMs):
                terminal.stepSucceeded(step, summary: summary, durationMs: durationMs)
            }
        }
    }
}
