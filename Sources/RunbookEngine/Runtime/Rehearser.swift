import Foundation
import RunbookCore

/// `runbook rehearse`: runs the runbook once per `RehearsalCase`, each as a new run in the store (kept for
/// `replay`), with `--yes` semantics at gates, and reads each run's journal for the matrix.
///
/// An automatic scenario is rehearsed by `--inject STEP=fail-until-rollback` on its trigger step; a manual one by a
/// plain run of the main steps followed by `rollback --scenario` on that run.
///
/// Its failures are injected, so they page nobody: the runbook's `notify:` sinks and `RUNBOOK_NOTIFY` are not
/// used, only the launcher's explicit sinks (`rehearse --notify`).
public struct Rehearser: Sendable {
    let launcher: RunLauncher
    let store: any RunStore

    /// Creates a rehearser that starts its runs through `launcher` in `store`.
    public init(launcher: RunLauncher, store: any RunStore) {
        var launcher = launcher
        launcher.effects.configuredNotify = false
        self.launcher = launcher
        self.store = store
    }

    /// What the terminal says once about notifications before rehearsing `runbook` (nil when it has no sinks to
    /// leave out): the runbook's `notify:` and `RUNBOOK_NOTIFY` in `environment` are not used, `explicit` sinks
    /// (`--notify`) are.
    public static func notificationNote(runbook: Runbook, environment: [String: String], explicit: Int) -> String? {
        var left: [String] = []
        if !runbook.notify.isEmpty {
            left.append("the runbook's notify: sink\(runbook.notify.count == 1 ? "" : "s") (\(runbook.notify.count))")
        }
        let fromEnvironment = NotificationSinks.fromEnvironment(environment)
        if !fromEnvironment.sinks.isEmpty || !fromEnvironment.invalid.isEmpty {
            left.append(NotificationSinks.variable)
        }
        guard !left.isEmpty else { return nil }
        let rest =
            explicit > 0
            ? "only the \(explicit) --notify sink\(explicit == 1 ? "" : "s") given to rehearse get\(explicit == 1 ? "s" : "") notifications"
            : "give --notify URL to rehearse to send them somewhere"
        return
            "note: rehearsal: \(left.joined(separator: " and ")) not notified (the injected failures must not page anyone); \(rest)"
    }

    /// Performs the rehearsals in order; `report` is called after each one.
    ///
    /// A failure before a run could start (lock held, secrets missing) ends the rehearsal with that failure.
    public func rehearse(
        file: String,
        bytes: [UInt8],
        runbook: Runbook,
        bindings: [ParamBinder.Binding],
        cases: [RehearsalCase],
        load: (String, [UInt8]) -> Runbook?,
        terminal: (Redactor) -> Terminal,
        report: (RehearsalResult) -> Void
    ) async throws -> [RehearsalResult] {
        var options = RunDriver.Options()
        options.yes = true
        options.startNew = true
        var results: [RehearsalResult] = []
        for rehearsal in cases {
            try Task.checkCancellation()
            if rehearsal.method == .unreachable {
                let result = RehearsalResult(unreachable: rehearsal)
                report(result)
                results.append(result)
                continue
            }
            let clock = ContinuousClock()
            let start = clock.now
            let before = Set(try await runIDs())
            let injections = rehearsal.step.map { [FaultInjection(step: $0, mode: .failUntilRollback)] } ?? []
            var outcome = try await launcher.start(
                file: file,
                bytes: bytes,
                runbook: runbook,
                bindings: bindings,
                from: nil,
                only: nil,
                injections: injections,
                options: options,
                terminal: terminal
            )
            // The run this rehearsal created: new in the store, and of this runbook (the lock kept any other run
            // of it from starting meanwhile).
            var created: String?
            for id in try await runIDs() where !before.contains(id) {
                let read = try? await store.readJournal(id)
                if read.map({ RunState(events: $0.events).runbookID }) == runbook.id {
                    created = id
                    break
                }
            }
            guard let runID = created else {
                throw RunLauncher.Failure(
                    .invalidInput,
                    "the rehearsal of '\(rehearsal.scenario)' left no run in \(store.location)"
                )
            }
            if rehearsal.method == .manual, outcome.exitCode == .success {
                outcome = try await launcher.resume(
                    runID: runID,
                    allowChanged: true,
                    options: options,
                    load: load,
                    terminal: terminal,
                    manualRollback: rehearsal.scenario
                )
            }
            let events = (try? await store.readJournal(runID))?.events ?? []
            let elapsed = clock.now - start
            let result = RehearsalResult(
                rehearsal: rehearsal,
                events: events,
                exitCode: outcome.exitCode,
                durationMs: elapsed.components.seconds * 1000
                    + elapsed.components.attoseconds / 1_000_000_000_000_000
            )
            report(result)
            results.append(result)
        }
        return results
    }

    func runIDs() async throws -> [String] {
        do {
            return try await store.runIDs()
        } catch {
            throw RunLauncher.failure(error, "")
        }
    }
}
