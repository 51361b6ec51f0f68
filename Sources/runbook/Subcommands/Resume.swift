import ArgumentParser
import RunbookCore
import RunbookEngine

#if canImport(Glibc)
import Glibc
#endif

extension RunbookCommand {
    /// `runbook resume [RUN]`.
    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Continue a stopped, crashed or failed run (the newest one, or the named one) where it stopped.",
            discussion:
                "Completed steps never run again. A failed run re-enters at the step that failed it (fix the cause first); --from STEP re-enters at an earlier step, which runs again with every later step. A step in flight when the run died is in doubt: its reconcile probe decides, else it runs again if idempotent, else only with --rerun-in-doubt (or record it with `runbook skip`)."
        )

        @Argument(help: "Run id (or a unique prefix). Default: the newest unfinished run, or the newest failed one.")
        var run: String?

        @OptionGroup var state: StateOptions

        @Flag(help: "Approve gates without asking.")
        var yes = false

        @Flag(help: "Run again a step that was in flight when the run stopped and is not idempotent.")
        var rerunInDoubt = false

        @Option(help: "Re-enter the run at this forward step: it and every later forward step run again.")
        var from: String?

        @Option(help: "Why the run is resumed (journaled in run.resumed).")
        var reason: String?

        @Flag(help: "Resume even though the runbook file changed since the run started.")
        var allowChanged = false

        @Flag(
            help:
                "Resume even though processes of the run's stopped runner still run here (e.g. a daemon a step detached on purpose)."
        )
        var ignoreLeftoverProcesses = false

        func run() async throws {
            let store = try state.store()
            let launcher = Launch.launcher(store)
            let runID: String
            if let run {
                runID = try state.resolveRun(run, in: store)
            } else {
                guard let id = try Launch.guarded({ try launcher.resumableRun() }) else {
                    FileHandleOutput.stderr("error: no unfinished or failed run to resume in \(store.location)\n")
                    throw ExitCodes.invalidInput
                }
                runID = id
            }
            var options = Launch.options(yes: yes)
            options.rerunInDoubt = rerunInDoubt
            let allowChanged = self.allowChanged
            let ignoreLeftovers = ignoreLeftoverProcesses
            let reentry = RunLauncher.Reentry(from: from, reason: reason)
            let fixed = options
            try await Launch.perform {
                try await launcher.resume(
                    runID: runID,
                    allowChanged: allowChanged,
                    ignoreLeftoverProcesses: ignoreLeftovers,
                    options: fixed,
                    load: { RunbookFile.load($0, bytes: $1) },
                    terminal: Launch.terminal(),
                    reentry: reentry
                )
            }
        }
    }

    /// `runbook rollback RUN --scenario ID`.
    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a rollback scenario on demand (journaled in the run)."
        )

        @Argument(help: "Run id (or a unique prefix).")
        var run: String

        @Option(help: "The rollback scenario id.")
        var scenario: String

        @OptionGroup var state: StateOptions

        @Flag(help: "Approve gates inside the scenario without asking.")
        var yes = false

        func run() async throws {
            let store = try state.store()
            let runID = try state.resolveRun(run, in: store)
            let options = Launch.options(yes: yes)
            let launcher = Launch.launcher(store)
            let scenario = self.scenario
            let fixed = options
            try await Launch.perform {
                try await launcher.resume(
                    runID: runID,
                    allowChanged: true,
                    options: fixed,
                    load: { RunbookFile.load($0, bytes: $1) },
                    terminal: Launch.terminal(),
                    manualRollback: scenario
                )
            }
        }
    }

    /// `runbook skip RUN STEP --reason TEXT`.
    struct Skip: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a step as done by hand (an audited journal event, never a silent edit)."
        )

        @Argument(help: "Run id (or a unique prefix).")
        var run: String

        @Argument(help: "The step id.")
        var step: String

        @Option(help: "Why the step is recorded as done (required).")
        var reason: String

        @OptionGroup var state: StateOptions

        func validate() throws {
            if reason.trimmingSpaces().isEmpty { throw ValidationError("--reason must not be empty") }
        }

        func run() async throws {
            let store = try state.store()
            let runID = try state.resolveRun(run, in: store)
            if let pinned = store.runbookCopy(runID),
                let runbook = RunbookLoader.load(bytes: pinned).runbook, runbook.step(step) == nil
            {
                let ids = (runbook.guards + runbook.mainSteps + runbook.rollbacks.flatMap(\.steps)).map(\.id)
                FileHandleOutput.stderr(
                    "error: run \(runID) has no step '\(step)'\(Suggestion.hint(for: step, in: ids))\n"
                )
                throw ExitCodes.invalidInput
            }
            do {
                let message = try Launch.launcher(store)
                    .skip(runID: runID, step: step, reason: reason)
                FileHandleOutput.stdout(message + "\n")
            } catch let failure as RunLauncher.Failure {
                FileHandleOutput.stderr("error: \(failure.description)\n")
                throw ExitCodes.code(failure.exitCode)
            }
        }
    }
}
