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
        @OptionGroup var notifications: NotifyOptions
        @OptionGroup var telemetry: TelemetryOptions

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

        @Flag(help: "Exit 1 when the run ends succeeded_with_warnings (an on_failure: warn step failed).")
        var strict = false

        func run() async throws {
            let store = try await state.store()
            let launcher = Launch.launcher(
                store,
                notify: try notifications.sinks(),
                observers: try telemetry.observers()
            )
            let runID: String
            if let run {
                runID = try await state.resolveRun(run, in: store)
            } else {
                guard let id = try await Launch.reporting({ try await launcher.resumableRun() }) else {
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
            try await Launch.perform(strict: strict) {
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
}
