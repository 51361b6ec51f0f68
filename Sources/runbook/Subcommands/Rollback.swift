import ArgumentParser
import RunbookCore
import RunbookEngine

#if canImport(Glibc)
import Glibc
#endif

extension RunbookCommand {
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
        @OptionGroup var notifications: NotifyOptions
        @OptionGroup var telemetry: TelemetryOptions

        @Flag(help: "Approve gates inside the scenario without asking.")
        var yes = false

        func run() async throws {
            let store = try await state.store()
            let runID = try await state.resolveRun(run, in: store)
            let options = Launch.options(yes: yes)
            let launcher = Launch.launcher(
                store,
                notify: try notifications.sinks(),
                observers: try telemetry.observers()
            )
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
}
