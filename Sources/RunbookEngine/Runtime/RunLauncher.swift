import Foundation
import RunbookCore

/// Sets runs up and tears them down: lock, journal, pinned runbook copy, secrets; then hands over to `RunDriver`.
///
/// Every failure here is an operator-facing message plus an exit code; nothing has run yet.
public struct RunLauncher: Sendable {
    /// A failure before any step ran.
    public struct Failure: Error, CustomStringConvertible {
        /// The exit status it ends the command with (invalid input, locked, …).
        public var exitCode: RunExit
        /// Message.
        public var description: String

        init(_ exitCode: RunExit, _ description: String) {
            self.exitCode = exitCode
            self.description = description
        }
    }

    let store: any RunStore
    let connectors: Connectors
    let environment: [String: String]
    let toolVersion: String
    var effects: RunEffects

    /// Creates a launcher on a run store (files, PostgreSQL or memory).
    ///
    /// `effects` are the clock and the operator's answers (the real ones unless a test scripts them).
    public init(
        store: any RunStore,
        connectors: Connectors,
        environment: [String: String],
        toolVersion: String,
        effects: RunEffects = .system
    ) {
        self.store = store
        self.connectors = connectors
        self.environment = environment
        self.toolVersion = toolVersion
        self.effects = effects
    }

    /// Runs `body` holding the lock of a runbook id, released on every path; exit 5 when another run holds it.
    func locked<T>(
        _ runbookID: String,
        runID: String,
        _ body: (any RunStoreLock) async throws -> T
    ) async throws -> T {
        let lock = try await self.lock(runbookID, runID: runID)
        return try await lock.whileHeld { try await body(lock) }
    }

    func lock(_ runbookID: String, runID: String) async throws -> any RunStoreLock {
        do {
            return try await store.lock(runbookID: runbookID, runID: runID)
        } catch {
            switch error {
            case .held(let holder):
                throw Failure(.locked, "another run of '\(runbookID)' holds the lock: \(holder)")
            case .io(let message):
                throw Failure(.invalidInput, message)
            }
        }
    }

    /// Maps a store failure to its exit status, other errors to invalid input with `context`.
    static func failure(_ error: any Error, _ context: String) -> Failure {
        if let e = error as? RunStoreError { return Failure(e.exitCode, "\(context)\(e.description)") }
        if let e = error as? Failure { return e }
        return Failure(.invalidInput, "\(context)\(error)")
    }

    /// Reads the runbook's secrets; a source that fails is exit 2 before anything is journaled or run.
    func readSecrets(_ runbook: Runbook, params: [String: Value]) async throws -> SecretStore {
        do {
            return try await SecretStore.load(
                runbook: runbook,
                environment: environment,
                params: params,
                processes: connectors.process
            )
        } catch {
            throw Failure(.invalidInput, "\(error)")
        }
    }

    /// Starts a new run.
    public func start(
        file: String,
        bytes: [UInt8],
        runbook: Runbook,
        bindings: [ParamBinder.Binding],
        from: String?,
        only: String?,
        injections: [FaultInjection] = [],
        options: RunDriver.Options,
        terminal: (Redactor) -> Terminal
    ) async throws -> RunOutcome {
        let params = Dictionary(bindings.compactMap { b in b.value.map { (b.name, $0) } }) { a, _ in a }
        let secrets = try await readSecrets(runbook, params: params)
        let runID = StateDirectory.newRunID(runbook: runbook.id)
        // The generated id has a random suffix: a collision with an existing run is practically impossible.
        return try await locked(runbook.id, runID: runID) { lock in
            if !options.startNew, let unfinished = try await unfinishedRun(of: runbook.id) {
                throw Failure(
                    .invalidInput,
                    "run \(unfinished) of '\(runbook.id)' is unfinished: `runbook resume \(unfinished)` continues it (or `runbook rollback \(unfinished) --scenario …`); pass --new to start another run anyway"
                )
            }
            let digest = SHA256.hex(bytes)
            let journal: any JournalStore
            do {
                journal = try await store.createRun(runID, runbookID: runbook.id, runbook: bytes, lock: lock)
                let started = RunEvents.runStarted(
                    runID: runID,
                    runbook: runbook,
                    digest: digest,
                    file: file,
                    params: bindings,
                    operatorName: Identity.operatorName,
                    host: Identity.host,
                    pid: Identity.pid,
                    toolVersion: toolVersion,
                    from: from,
                    only: only,
                    injections: injections
                )
                try await journal.append(started, redactor: secrets.redactor)
            } catch {
                throw Self.failure(error, "cannot create run \(runID) in \(store.location): ")
            }
            let term = terminal(secrets.redactor)
            term.line("run \(runID) — \(runbook.title ?? runbook.id) (journal: \(store.journalLocation(runID)))")
            if !injections.isEmpty {
                term.line("injecting failures: " + injections.map { "--inject \($0.argument)" }.joined(separator: " "))
            }
            return try await drive(runbook, journal, secrets, term, runID: runID, digest: digest, options: options)
        }
    }

    func drive(
        _ runbook: Runbook,
        _ journal: any JournalStore,
        _ secrets: SecretStore,
        _ terminal: Terminal,
        runID: String,
        digest: String,
        options: RunDriver.Options
    ) async throws -> RunOutcome {
        if effects.marksProcesses { LeftoverProcesses.mark(runID: runID) }
        var effects = self.effects
        if let notifier = NotificationSinks.notifier(
            runbook: runbook,
            extra: effects.notify,
            configured: effects.configuredNotify,
            events: journal.events,
            secrets: secrets,
            environment: environment,
            terminal: terminal
        ) {
            effects.observers.append(notifier)
        }
        let driver = RunDriver(
            runbook: runbook,
            journal: journal,
            connectors: connectors,
            secrets: secrets,
            environment: environment,
            terminal: terminal,
            store: store,
            runID: runID,
            runbookDigest: digest,
            options: options,
            effects: effects
        )
        return try await driver.run()
    }

    /// The run `runbook resume` without a run id continues: the newest run that is unfinished, or that failed and
    /// is the newest run of its runbook (a failed run superseded by a later run of the same runbook is not picked).
    public func resumableRun() async throws -> String? {
        let ids: [String]
        do {
            ids = try await store.runIDs()
        } catch {
            throw Self.failure(error, "")
        }
        var seen: Set<String> = []
        for id in ids.reversed() {
            guard let result = try? await store.readJournal(id), !result.events.isEmpty else { continue }
            let s = RunState(events: result.events)
            let newest = seen.insert(s.runbookID).inserted
            if s.outcome == nil || (newest && s.outcome == .failed) { return id }
        }
        return nil
    }

    /// The newest run of a runbook that has no `run.finished`.
    public func unfinishedRun(of runbookID: String) async throws -> String? {
        let ids: [String]
        do {
            ids = try await store.runIDs()
        } catch {
            throw Self.failure(error, "")
        }
        for id in ids.reversed() where id.hasPrefix(runbookID + "-") {
            let read = try? await store.readJournal(id)
            let s = read.flatMap { $0.events.isEmpty ? nil : RunState(events: $0.events) }
            if let s, s.runbookID == runbookID, !s.runID.isEmpty, s.outcome == nil { return id }
        }
        return nil
    }

    func previousState(_ runID: String) async throws -> RunState {
        let result: JournalReadResult?
        do {
            result = try await store.readJournal(runID)
        } catch {
            throw Self.failure(error, "")
        }
        guard let result, !result.events.isEmpty else {
            throw Failure(.invalidInput, "no readable journal for run \(runID) in \(store.location)")
        }
        return RunState(events: result.events)
    }

    /// Continues a stopped or crashed run.
    public func resume(
        runID: String,
        allowChanged: Bool,
        ignoreLeftoverProcesses: Bool = false,
        options: RunDriver.Options,
        load: (String, [UInt8]) -> Runbook?,
        terminal: (Redactor) -> Terminal,
        manualRollback: String? = nil,
        reentry: Reentry = Reentry()
    ) async throws -> RunOutcome {
        let previous = try await previousState(runID)
        return try await locked(previous.runbookID, runID: runID) { lock in
            if !ignoreLeftoverProcesses { try refuseLeftoverProcesses(of: runID) }
            let pinned = await store.runbookCopy(runID)
            var bytes = pinned ?? []
            var note: String?
            if let current = try? Data(contentsOf: URL(fileURLWithPath: previous.runbookFile)) {
                bytes = [UInt8](current)
            } else if pinned != nil {
                note = "runbook file \(previous.runbookFile) is gone; using the copy pinned to the run"
            }
            guard let runbook = load(previous.runbookFile, bytes) else {
                throw Failure(
                    .invalidInput,
                    "the runbook for run \(runID) no longer validates; fix it or restore the copy pinned to the run in \(store.location)"
                )
            }
            let digest = SHA256.hex(bytes)
            var changed: [String] = []
            if digest != previous.runbookDigest {
                let old = pinned.flatMap { load(previous.runbookFile, $0) }
                changed = RunbookDiff.changedSteps(old: old, new: runbook)
                if !allowChanged {
                    let list =
                        changed.isEmpty
                        ? "(no step changed: only other parts of the file)" : changed.joined(separator: ", ")
                    throw Failure(
                        .invalidInput,
                        "the runbook changed since run \(runID) started (digest \(previous.runbookDigest.prefix(12)) → \(digest.prefix(12))); changed steps: \(list). Pass --allow-changed to resume with the new version."
                    )
                }
            }
            let secrets = try await readSecrets(runbook, params: previous.params)
            let journal: any JournalStore
            do {
                journal = try await store.openJournal(runID, lock: lock)
            } catch {
                throw Self.failure(error, "")
            }
            let term = terminal(secrets.redactor)
            for warning in journal.openWarnings { term.line("warning: \(warning)") }
            if let note { term.line("note: \(note)") }
            if let scenario = manualRollback {
                guard let s = runbook.rollback(scenario) else {
                    throw Failure(
                        .invalidInput,
                        "unknown rollback scenario '\(scenario)'\(Suggestion.hint(for: scenario, in: runbook.rollbacks.map(\.id)))"
                    )
                }
                let started = JournalRecord.RollbackStarted(
                    scenario: s.id,
                    trigger: "operator",
                    error: "started by \(Identity.operatorName)",
                    manual: true,
                    steps: s.steps.map(\.id)
                )
                try await journal.append(.rollbackStarted(started), redactor: secrets.redactor)
                term.line("↺ rollback '\(s.id)' started by \(Identity.operatorName) on run \(runID)")
            } else {
                let decision = RunReentry.decide(previous, runbook: runbook, from: reentry.from, runID: runID)
                switch decision {
                case .alreadySucceeded:
                    let outcome = previous.outcome ?? .succeeded
                    term.line("run \(runID) already finished: \(outcome.rawValue)")
                    return outcome
                case .refused(let message):
                    throw Failure(.invalidInput, message)
                case .continueRun, .failedStep, .fromStep:
                    break
                }
                let resumed = RunEvents.runResumed(
                    operatorName: Identity.operatorName,
                    host: Identity.host,
                    pid: Identity.pid,
                    allowChanged: allowChanged,
                    digest: digest,
                    changedSteps: changed,
                    reentry: decision,
                    reason: reentry.reason
                )
                try await journal.append(resumed, redactor: secrets.redactor)
                term.line(Self.resumeLine(decision, previous, runID: runID))
            }
            return try await drive(runbook, journal, secrets, term, runID: runID, digest: digest, options: options)
        }
    }

    /// An operator's re-entry into a run (`resume --from STEP --reason TEXT`).
    public struct Reentry: Sendable {
        /// The forward step to re-enter at (nil: where the run stopped, or the step that failed it).
        public var from: String?
        /// Why, as the operator gave it (journaled).
        public var reason: String?

        /// Creates a re-entry request.
        public init(from: String? = nil, reason: String? = nil) {
            self.from = from
            self.reason = reason
        }
    }

    static func resumeLine(_ decision: RunReentry, _ previous: RunState, runID: String) -> String {
        switch decision {
        case .failedStep(let step):
            return
                "re-entering failed run \(runID) at '\(step)' (attempt \((previous.attempts[step] ?? 0) + 1)); completed steps do not run again"
        case .fromStep(let step, let reset):
            return "re-entering run \(runID) at '\(step)': \(reset.count) step(s) from there run again"
        default:
            return "resuming run \(runID)"
                + (previous.inFlight.isEmpty ? "" : " (in doubt: \(previous.inFlight.joined(separator: ", ")))")
        }
    }

    /// Refuses (locked, exit 5) when processes the run's stopped runner started are still running here (see `LeftoverProcesses`).
    func refuseLeftoverProcesses(of runID: String) throws {
        let leftovers = LeftoverProcesses.find(runID: runID)
        guard !leftovers.isEmpty else { return }
        let list = leftovers.map { "  \($0)" }.joined(separator: "\n")
        let pids = leftovers.map { String($0.pid) }.joined(separator: " ")
        throw Failure(
            .locked,
            """
            processes of run \(runID) are still running from the runner that stopped (a step it started has not \
            ended); resuming now could run that step a second time beside it:
            \(list)
            Wait for them to end, or stop them (kill -TERM \(pids)), then resume (--ignore-leftover-processes \
            if they are meant to outlive their step).
            """
        )
    }

    /// Records a step as done by hand (`runbook skip`).
    public func skip(runID: String, step: String, reason: String) async throws -> String {
        let previous = try await previousState(runID)
        return try await locked(previous.runbookID, runID: runID) { lock in
            let journal: any JournalStore
            do {
                journal = try await store.openJournal(runID, lock: lock)
            } catch {
                throw Self.failure(error, "")
            }
            if case .succeeded? = previous.status[step] {
                throw Failure(.invalidInput, "step '\(step)' already succeeded in run \(runID); nothing to skip")
            }
            do {
                try await journal.append(
                    RunEvents.stepSkipped(step, reason: reason, by: Identity.operatorName),
                    redactor: Redactor(secrets: [])
                )
                try await journal.seal()
            } catch {
                throw Self.failure(error, "")
            }
            return
                "recorded: step '\(step)' of run \(runID) done by hand (\(reason)); `runbook resume \(runID)` continues after it"
        }
    }
}
