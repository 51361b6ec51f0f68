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
            abstract: "Continue the last unfinished run (or the named one) exactly where it stopped.",
            discussion:
                "Completed steps never run again. A step in flight when the run died is in doubt: its reconcile probe decides, else it runs again if idempotent, else you must confirm (--yes)."
        )

        @Argument(help: "Run id (or a unique prefix). Default: the newest unfinished run.")
        var run: String?

        @OptionGroup var state: StateOptions

        @Flag(help: "Approve gates and confirm re-running in-doubt, non-idempotent steps.")
        var yes = false

        @Flag(help: "Resume even though the runbook file changed since the run started.")
        var allowChanged = false

        @Flag(
            help:
                "Resume even though processes of the run's stopped runner still run here (e.g. a daemon a step detached on purpose)."
        )
        var ignoreLeftoverProcesses = false

        @Flag(help: "Exit 1 when the run ends succeeded_with_warnings (an on_failure: warn step failed).")
        var strict = false

        func run() async throws {
            let store = try state.store()
            let runID: String
            if let run {
                runID = try state.resolveRun(run, in: store)
            } else {
                guard
                    let id = try StateOptions.guarded({ try store.runIDs() }).reversed().first(where: {
                        StateOptions.runState(store, $0)?.outcome == nil
                    })
                else {
                    FileHandleOutput.stderr("error: no unfinished run in \(store.location)\n")
                    throw ExitCodes.invalidInput
                }
                runID = id
            }
            let options = Launch.options(yes: yes)
            let launcher = Launch.launcher(store)
            let allowChanged = self.allowChanged
            let ignoreLeftovers = ignoreLeftoverProcesses
            let fixed = options
            try await Launch.perform(strict: strict) {
                try await launcher.resume(
                    runID: runID,
                    allowChanged: allowChanged,
                    ignoreLeftoverProcesses: ignoreLeftovers,
                    options: fixed,
                    load: { RunbookFile.load($0, bytes: $1) },
                    terminal: Launch.terminal()
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
                throw ExitCode(failure.exitCode)
            }
        }
    }
}
