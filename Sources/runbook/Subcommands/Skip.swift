import ArgumentParser
import RunbookCore
import RunbookEngine

#if canImport(Glibc)
import Glibc
#endif

extension RunbookCommand {
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
            let store = try await state.store()
            let runID = try await state.resolveRun(run, in: store)
            if let pinned = await store.runbookCopy(runID),
                let runbook = RunbookLoader.load(bytes: pinned).runbook, runbook.step(step) == nil
            {
                let ids = (runbook.guards + runbook.mainSteps + runbook.rollbacks.flatMap(\.steps)).map(\.id)
                FileHandleOutput.stderr(
                    "error: run \(runID) has no step '\(step)'\(Suggestion.hint(for: step, in: ids))\n"
                )
                throw ExitCodes.invalidInput
            }
            do {
                let message = try await Launch.launcher(store)
                    .skip(runID: runID, step: step, reason: reason)
                FileHandleOutput.stdout(message + "\n")
            } catch let failure as RunLauncher.Failure {
                FileHandleOutput.stderr("error: \(failure.description)\n")
                throw ExitCodes.code(failure.exitCode)
            }
        }
    }
}
