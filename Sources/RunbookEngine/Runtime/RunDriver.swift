import Foundation
import RunbookCore

/// Drives a run: asks the state machine for the next action, journals it (fsync) before it proceeds, performs it,
/// journals the result.
///
/// The only place where a run's actions are executed.
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
    let options: Options
    var askBeforeSteps: Bool
    let gates: GateController
    let redactor: Redactor
    let runbookDigest: String
    let effects: RunEffects
    var drainingRecords = false
    let alarms: AbortWatch

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
        self.options = options
        self.askBeforeSteps = options.stepByStep
        self.alarms = AbortWatch(runbook: runbook, source: effects.alarms, clock: effects.clock, terminal: terminal)
        self.redactor = secrets.redactor
        self.runbookDigest = runbookDigest
        self.machine = RunStateMachine(
            runbook: runbook,
            state: RunState(events: journal.events),
            external: secrets.external(environment: environment)
        )
        self.runner = StepRunner(runbook: runbook, connectors: connectors, redactor: secrets.redactor) {
            [terminal] id, chunk in
            terminal.output(id, chunk)
        }
        runner.clock = effects.clock
        self.gates = GateController(
            runID: runID,
            approvals: ApprovalInbox { [journal] in
                try journal.ensureWritable()
                return (try? store.takeApprovals(runID)) ?? []
            },
            terminal: terminal,
            yes: options.yes,
            interactive: options.interactive,
            clock: effects.clock,
            prompter: effects.prompter
        )
    }

    /// Wires transfer steps to the journal: a checkpoint event after every committed batch.
    func installTransfer() {
        runner.transfer = { [unowned self] step, action, context in
            let transfer = TransferRunner(
                runner: runner,
                checkpoint: { checkpoint in try self.append(.transferCheckpoint(checkpoint)) },
                resumeFrom: machine.state.checkpoints[step.id],
                progress: TransferProgress(
                    stepID: step.id,
                    output: .init(isTTY: terminal.isTTY, live: terminal.live, line: terminal.line)
                )
            )
            return try await transfer.run(step, action, context: context)
        }
        runner.syncBatch = { [unowned self] batch in try self.append(.syncBatch(batch)) }
    }

    /// The folded state (for status after the run).
    public var state: RunState { machine.state }

    /// Appends an event given as type and data (read as its record, so it is written exactly as the record writes).
    @discardableResult
    func append(_ type: String, _ data: Value) throws -> JournalEvent {
        try append(JournalRecord(type: type, data: data))
    }

    @discardableResult
    func append(_ record: JournalRecord) throws -> JournalEvent {
        let event: JournalEvent
        do {
            event = try journal.append(record.type, redactor.redact(record.data))
        } catch var error as RunStoreError where error.exitCode == 3 {
            error.description += Self.unrecorded(record.type, step: record.step)
            throw error
        }
        machine.apply(event)
        for observer in effects.observers { observer.observe(event) }
        try journalObserverRecords()
        return event
    }

    /// Journals what the observers asked to record (and prints their lines); the driver stays the only writer.
    func journalObserverRecords() throws {
        guard !drainingRecords else { return }
        drainingRecords = true
        defer { drainingRecords = false }
        for observer in effects.observers {
            for record in observer.records() {
                try append(record.type, record.data)
                if let line = record.line { terminal.line(line) }
            }
        }
    }

    /// What a journal write that failed leaves undecided, for the message of the stopped run.
    static func unrecorded(_ type: String, step: String?) -> String {
        guard let step, !step.isEmpty else { return " (not recorded: \(type))" }
        switch type {
        case JournalEventType.stepStarted, JournalEventType.guardStarted:
            return " (step '\(step)' did not start: its \(type) was not recorded)"
        case JournalEventType.stepSucceeded, JournalEventType.stepFailed, JournalEventType.guardPassed,
            JournalEventType.guardFailed, JournalEventType.stepOutput:
            return
                " (step '\(step)' ran but its outcome could not be recorded: on resume it is in doubt, and its reconcile probe decides, or, when it is not idempotent, `--rerun-in-doubt` or `runbook skip`)"
        default:
            return " (not recorded: \(type) of step '\(step)')"
        }
    }

    /// Runs until the run finishes or stops.
    ///
    /// Returns the outcome; `stopped` means resumable.
    public func run() async throws -> RunOutcome {
        installTransfer()
        defer { try? journal.seal() }
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
            throw error
        }
        await finishObservers()
        return outcome
    }

    /// Lets every observer deliver what it queued (each bounds its own wait).
    func finishObservers() async {
        for observer in effects.observers { await observer.finish() }
        try? journalObserverRecords()
    }

    func drive() async throws -> RunOutcome {
        do {
            let outcome = try await loop()
            await runner.close()
            return outcome
        } catch is CancellationError {
            await runner.close()
            let running = machine.state.inFlight
            try append(.runInterrupted(.init(reason: "interrupted (SIGINT/SIGTERM)", inFlight: running)))
            terminal.line(
                "■ interrupted\(running.isEmpty ? "" : " during \(running.joined(separator: ", "))"); resume with: runbook resume \(machine.state.runID)"
            )
            return .stopped
        }
    }

    func loop() async throws -> RunOutcome {
        while true {
            try Task.checkCancellation()
            let action = machine.next()
            switch action {
            case .finished(let outcome):
                return outcome
            case .finishRun(let outcome, let message):
                let warnings = machine.state.warnings
                try append(RunEvents.runFinished(outcome, message: message, warnings: warnings))
                terminal.line((outcome == .succeeded ? "■ done: " : "■ \(outcome.rawValue): ") + message)
                for warning in warnings { terminal.line("  ⚠ \(warning.step): \(warning.error)") }
                return outcome
            case .skipStep(let step, _, let reason):
                try append(RunEvents.stepSkipped(step.id, reason: reason, by: "runbook"))
                terminal.stepSkipped(step.id, reason: reason)
            case .failStep(let step, let role, let message):
                try append(
                    RunEvents.stepFailed(
                        step,
                        role: role,
                        attempt: 0,
                        durationMs: 0,
                        error: message,
                        detail: nil,
                        retryInMs: nil,
                        result: nil
                    )
                )
                terminal.stepFailed(step, message: message, detail: nil, retryIn: nil)
            case .runStep(let step, let role, let attempt):
                if askBeforeSteps, role != .guard {
                    switch try await confirmStep(step) {
                    case .run: break
                    case .skipped: continue
                    case .quit: return .stopped
                    }
                }
                try await runStep(step, role: role, attempt: attempt)
            case .retryStep(let step, let role, let attempt, let delay):
                try await effects.clock.sleep(for: delay.duration)
                try await runStep(step, role: role, attempt: attempt)
            case .resolveInDoubt(let step, let role, let attempt):
                if let stop = try await resolveInDoubt(step, role: role, attempt: attempt) { return stop }
            case .awaitGate(let step, let gate):
                if let stop = try await awaitGate(step, gate) { return stop }
            case .startRollback(let scenario, let trigger):
                let error: String
                if case .failed(let e, _, _)? = machine.state.status[trigger] { error = e } else { error = "" }
                try append(
                    .rollbackStarted(
                        .init(
                            scenario: scenario.id,
                            trigger: trigger,
                            error: error,
                            manual: false,
                            steps: scenario.steps.map(\.id)
                        )
                    )
                )
                terminal.line(
                    "↺ rollback '\(scenario.id)'" + (scenario.title.map { " — \($0)" } ?? "")
                        + " (triggered by '\(trigger)')"
                )
            case .finishRollback(let scenario, let succeeded, let resumeFrom, let reset):
                let resume = resumeFrom.map { JournalRecord.RollbackFinished.Resume(from: $0, reset: reset) }
                try append(.rollbackFinished(.init(scenario: scenario.id, succeeded: succeeded, resume: resume)))
                terminal.line(
                    "↺ rollback '\(scenario.id)' \(succeeded ? "completed" : "FAILED")"
                        + (resumeFrom.map { "; resuming at '\($0)'" } ?? "")
                )
            }
        }
    }

    func phaseID(_ step: Step) -> String? { machine.phaseID(of: step.id) }

    /// Runs one attempt of a step and journals its result.
    func runStep(_ step: Step, role: StepRole, attempt: Int) async throws {
        // No evaluation context is held across an append: it shares the state's storage, and the state would
        // copy every step's status to change one.
        let command = runner.describe(step.body, context: machine.evaluationContext)
        let started = try append(
            RunEvents.stepStarted(step, role: role, attempt: attempt, command: command, phase: phaseID(step))
        )
        let stepEnvironment = effects.observers.reduce(into: [String: String]()) {
            $0.merge($1.stepEnvironment(started)) { first, _ in first }
        }
        terminal.stepStarted(step, role: role, attempt: attempt, command: command)
        if let injection = machine.state.injection(for: step.id) {
            try fail(
                step,
                role: role,
                attempt: attempt,
                durationMs: 0,
                message: injection.errorMessage(timeout: step.timeout),
                detail: nil,
                result: nil,
                injected: injection.mode
            )
            return
        }
        let clock = effects.clock
        let start = clock.now
        func elapsed() -> Int64 { (clock.now - start).milliseconds }
        do {
            let heartbeat = effects.heartbeatAfter.map {
                StepHeartbeat(step, attempt: attempt, terminal: terminal, quietPeriod: $0)
            }
            let result: StepResult
            do {
                let context = machine.evaluationContext
                result = try await StepEnvironment.$variables.withValue(stepEnvironment) {
                    try await alarms.watch(step, role: role, context: context) { [runner] in
                        try await runner.execute(step, body: step.body, context: context)
                    }
                }
                heartbeat?.stop()
            } catch {
                heartbeat?.stop()
                throw error
            }
            try Task.checkCancellation()
            try journalOutput(step, result)
            let failures =
                step.expect.map { ExpectEvaluator.failures(of: $0, in: result, context: machine.evaluationContext) }
                ?? []
            if failures.isEmpty {
                let outputs = redactor.redact(
                    .map(
                        result.outputs(of: step.body, capturing: step.capture).sorted { $0.key < $1.key }.map {
                            ($0.key, $0.value)
                        }
                    )
                )
                var outputMap: [String: Value] = [:]
                if case .map(let pairs) = outputs { for (k, v) in pairs { outputMap[k] = v } }
                try append(
                    RunEvents.stepSucceeded(
                        step,
                        role: role,
                        attempt: attempt,
                        durationMs: elapsed(),
                        result: result,
                        outputs: outputMap
                    )
                )
                terminal.stepSucceeded(step, summary: redactor.redact(result.summary), durationMs: elapsed())
                return
            }
            try fail(
                step,
                role: role,
                attempt: attempt,
                durationMs: elapsed(),
                message: "expectation failed: " + failures.joined(separator: "; "),
                detail: nil,
                result: result
            )
        } catch let alarm as AbortWatch.Triggered {
            if Task.isCancelled { throw CancellationError() }
            try append(JournalEventType.abortTriggered, alarm.data(step: step.id))
            try fail(
                step,
                role: role,
                attempt: attempt,
                durationMs: elapsed(),
                message: alarm.message,
                detail: alarm.answer.text,
                result: nil,
                final: true
            )
        } catch let failure as StepFailure {
            if Task.isCancelled { throw CancellationError() }
            if let result = failure.result?.result { try journalOutput(step, result) }
            try fail(
                step,
                role: role,
                attempt: attempt,
                durationMs: elapsed(),
                message: failure.message,
                detail: failure.detail,
                result: failure.result?.result
            )
        }
    }

    func fail(
        _ step: Step,
        role: StepRole,
        attempt: Int,
        durationMs: Int64,
        message: String,
        detail: String?,
        result: StepResult?,
        injected: FaultInjection.Mode? = nil,
        final: Bool = false
    ) throws {
        let retryIn = final ? nil : machine.retryDelay(for: step, afterAttempt: attempt)
        try append(
            RunEvents.stepFailed(
                step,
                role: role,
                attempt: attempt,
                durationMs: durationMs,
                error: message,
                detail: detail,
                retryInMs: retryIn?.milliseconds,
                result: result,
                injected: injected
            )
        )
        terminal.stepFailed(step, message: message, detail: detail, retryIn: retryIn)
    }

    /// Journals a process step's output (redacted, in chunks) without fsync; the result event that follows syncs it.
    ///
    /// A chunk that cannot be written stops the run (never dropped silently): the step's outcome is then in doubt.
    func journalOutput(_ step: Step, _ result: StepResult) throws {
        for stream in ["stdout", "stderr"] {
            guard case .string(let text)? = result.fields[stream], !text.isEmpty else { continue }
            let redacted = redactor.redact(text)
            var chunks: [Substring] = []
            var rest = Substring(redacted)
            while !rest.isEmpty {
                chunks.append(rest.prefix(16_384))
                rest = rest.dropFirst(16_384)
            }
            for (i, chunk) in chunks.enumerated() {
                do {
                    let output = JournalRecord.StepOutput(
                        step: step.id,
                        stream: stream,
                        chunk: Int64(i),
                        text: String(chunk)
                    )
                    try journal.appendUnsynced(JournalEventType.stepOutput, output.data)
                } catch var error as RunStoreError where error.exitCode == 3 {
                    error.description += Self.unrecorded(JournalEventType.stepOutput, step: step.id)
                    throw error
                }
            }
        }
    }

    // MARK: - In-doubt steps

    /// Resolves a step that was in flight when the run stopped.
    ///
    /// Returns an outcome when the run must stop.
    func resolveInDoubt(_ step: Step, role: StepRole, attempt: Int) async throws -> RunOutcome? {
        try append(.stepInDoubt(.init(step: step.id, attempt: attempt)))
        switch machine.inDoubtPolicy(for: step, rerunAllowed: options.rerunInDoubt, canAsk: options.interactive) {
        case .probe:
            try await reconcile(step, role: role, attempt: attempt)
            return nil
        case .rerunIdempotent:
            terminal.line("? \(step.id) was in flight and is idempotent: running it again")
            try await runStep(step, role: role, attempt: attempt + 1)
            return nil
        case .rerunAllowed:
            terminal.line("? \(step.id) was in flight and is not idempotent: re-running it (--rerun-in-doubt)")
            try await runStep(step, role: role, attempt: attempt + 1)
            return nil
        case .ask:
            terminal.line("? \(step.id) was in flight when the run stopped and is NOT idempotent. Re-run it? [yes/no]")
            if let answer = try await effects.prompter.readLine(), answer.trimmingSpaces() == "yes" {
                try await runStep(step, role: role, attempt: attempt + 1)
                return nil
            }
        case .stop:
            break
        }
        try append(
            .runInterrupted(.init(reason: "step '\(step.id)' is in doubt and not idempotent", inFlight: [step.id]))
        )
        let runID = machine.state.runID
        terminal.error(
            "step '\(step.id)' was in flight when the run stopped and is not idempotent, so it was not run again: check whether its effect happened, then either `runbook resume \(runID) --rerun-in-doubt` to run it again or `runbook skip \(runID) \(step.id) --reason \"…\"` to record it as done"
        )
        return .stopped
    }

    /// Runs an in-doubt step's reconcile probe, journals what it found, and runs the step when its effect is absent.
    func reconcile(_ step: Step, role: StepRole, attempt: Int) async throws {
        guard let probe = step.reconcile else { return }
        let context = machine.evaluationContext
        do {
            let result = try await runner.execute(step, body: probe.body, context: context)
            let failures = probe.expect.map { ExpectEvaluator.failures(of: $0, in: result, context: context) } ?? []
            let present = failures.isEmpty
            try append(
                .stepReconciled(.init(step: step.id, present: present, detail: failures.joined(separator: "; ")))
            )
            terminal.line(
                "? \(step.id) was in flight; reconcile probe says its effect is \(present ? "in place: marked done" : "absent: running it")"
            )
            if !present { try await runStep(step, role: role, attempt: attempt + 1) }
        } catch let failure as StepFailure {
            try append(.stepReconciled(.init(step: step.id, present: false, detail: failure.message)))
            terminal.line(
                "? \(step.id) was in flight; its reconcile probe did not succeed (\(failure.message)): running it"
            )
            try await runStep(step, role: role, attempt: attempt + 1)
        }
    }

    // MARK: - Gates

    func awaitGate(_ step: Step, _ gate: GateAction) async throws -> RunOutcome? {
        let context = machine.evaluationContext
        let prompt = redactor.redact((try? gate.prompt.render(in: context).text) ?? Planner.source(gate.prompt))
        let confirm = GateController.expectedConfirmation(gate, context: context)
        if machine.state.status[step.id] != .waitingGate {
            try append(
                .gateWaiting(
                    .init(
                        step: step.id,
                        prompt: prompt,
                        confirm: confirm,
                        approvers: Int64(gate.approvers),
                        timeoutMs: gate.timeout?.milliseconds
                    )
                )
            )
            try journal.seal()
        }
        let deadline = gate.timeout.map { effects.clock.now + $0.duration }
        while true {
            let approved = machine.approvers(of: step.id)
            let decision = try await gates.nextDecision(
                step: step,
                gate: gate,
                prompt: prompt,
                confirm: confirm,
                alreadyApproved: approved,
                deadline: deadline,
                situation: situation(at: step)
            )
            switch decision {
            case .approved(let approver, let typed):
                let (count, complete) = machine.approvalCompletes(gate, stepID: step.id)
                try append(
                    .gateApproved(
                        .init(
                            step: step.id,
                            approver: approver,
                            confirmation: typed,
                            runbookDigest: runbookDigest,
                            paramsDigest: paramsDigest(),
                            count: Int64(count),
                            required: Int64(gate.approvers),
                            complete: complete
                        )
                    )
                )
                terminal.line("✔ gate '\(step.id)' approved by \(approver.journalText) (\(count)/\(gate.approvers))")
                if complete { return nil }
            case .rejected(let by, let reason):
                try append(.gateRejected(.init(step: step.id, by: by, reason: reason)))
                try append(.runInterrupted(.init(reason: "gate '\(step.id)' declined by \(by)")))
                terminal.line(
                    "■ stopped: gate '\(step.id)' declined by \(by) (\(reason)); resume with: runbook resume \(machine.state.runID)"
                )
                return .stopped
            case .timedOut:
                try append(.gateTimedOut(.init(step: step.id, afterMs: gate.timeout?.milliseconds ?? 0)))
                try append(.runInterrupted(.init(reason: "gate '\(step.id)' timed out")))
                terminal.line(
                    "■ stopped: gate '\(step.id)' timed out after \(gate.timeout?.description ?? "?"); resume with: runbook resume \(machine.state.runID)"
                )
                return .stopped
            }
        }
    }

    /// What just happened, what comes next, and which rollback applies — shown at a gate.
    func situation(at gate: Step) -> [String] {
        var lines: [String] = []
        let steps = runbook.mainSteps
        if let index = steps.firstIndex(where: { $0.id == gate.id }) {
            if let done = steps[..<index].last(where: { machine.state.status[$0.id] == .succeeded }) {
                let value = machine.state.outputs[done.id]?["value"]?.text ?? ""
                lines.append("just done: \(done.id)\(value.isEmpty ? "" : " → \(value.prefix(80))")")
            }
            if index + 1 < steps.count {
                let next = steps[index + 1]
                lines.append(
                    "next: \(next.id) [\(next.body.kind)\(next.mutates ? ", mutates" : "")]"
                        + (next.title.map { " — \($0)" } ?? "")
                )
            }
        }
        if let scenario = machine.scenario(for: gate.id) {
            lines.append(
                "if a later step of this phase fails: rollback '\(scenario.id)'"
                    + (scenario.title.map { " — \($0)" } ?? "")
            )
        }
        return lines
    }

    func paramsDigest() -> String { NotificationMessage.RunFacts.paramsDigest(machine.state.params) }

    // MARK: - Step by step

    /// The operator's answer at a `--step` prompt.
    enum StepAnswer { case run, skipped, quit }

    /// `run --step`: asks before each step.
    func confirmStep(_ step: Step) async throws -> StepAnswer {
        let command = runner.describe(step.body, context: machine.evaluationContext)
        terminal.line("next: \(step.id) [\(step.body.kind)\(step.mutates ? ", MUTATES" : "")]")
        for c in command { terminal.line("    \(c)") }
        terminal.line("    [r]un, [s]kip, [c]ontinue without asking, [q]uit?")
        let answer = (try await effects.prompter.readLine())?.trimmingSpaces().lowercased() ?? "q"
        switch answer {
        case "r", "run", "":
            return .run
        case "s", "skip":
            terminal.line("    reason for skipping:")
            let reason = (try await effects.prompter.readLine())?.trimmingSpaces() ?? ""
            let why = reason.isEmpty ? "skipped at the --step prompt" : reason
            try append(RunEvents.stepSkipped(step.id, reason: why, by: Identity.operatorName))
            return .skipped
        case "c", "continue":
            askBeforeSteps = false
            return .run
        default:
            try append(.runInterrupted(.init(reason: "quit at the --step prompt")))
            return .quit
        }
    }
}
