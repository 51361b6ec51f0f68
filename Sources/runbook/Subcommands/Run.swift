import ArgumentParser
import RunbookCore
import RunbookEngine

#if canImport(Glibc)
import Glibc
#endif

extension RunbookCommand {
    /// `runbook run FILE`.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a runbook: guards, then every phase; failures branch into rollback scenarios.",
            discussion:
                "Every event is journaled (fsync) under the state directory before the action it records proceeds; `runbook resume` continues after a crash or Ctrl-C."
        )

        @Argument(help: "The runbook file.", completion: .file(extensions: ["yaml", "yml"]))
        var file: String

        @OptionGroup var params: ParamOptions
        @OptionGroup var state: StateOptions
        @OptionGroup var notifications: NotifyOptions
        @OptionGroup var telemetry: TelemetryOptions

        @Flag(help: "Approve gates without asking.")
        var yes = false

        @Flag(help: "Ask before every step: run it, skip it (journaled), continue without asking, or quit.")
        var step = false

        @Flag(help: "Start a new run even if an earlier run of this runbook is unfinished.")
        var new = false

        @Option(help: "Start at this step (earlier forward steps are recorded as skipped).")
        var from: String?

        @Option(help: "Run only this phase (guards still run).")
        var only: String?

        @Option(
            help: ArgumentHelp(
                "Make a step fail without running its action (repeatable): STEP=fail (first attempt), STEP=timeout, STEP=fail-always, STEP=fail-until-rollback.",
                valueName: "STEP=MODE"
            )
        )
        var inject: [String] = []

        @Flag(help: "Exit 1 when the run ends succeeded_with_warnings (an on_failure: warn step failed).")
        var strict = false

        func run() async throws {
            let input = try RunbookInput(file: file, assignments: params.assignments)
            let (bytes, runbook, bindings) = (input.bytes, input.runbook, input.bindings)
            if let from, !runbook.mainSteps.contains(where: { $0.id == from }) {
                FileHandleOutput.stderr(
                    "error: --from \(from): no such step\(Suggestion.hint(for: from, in: runbook.mainSteps.map(\.id)))\n"
                )
                throw ExitCodes.invalidInput
            }
            if let only, !runbook.phases.contains(where: { $0.id == only }) {
                FileHandleOutput.stderr(
                    "error: --only \(only): no such phase\(Suggestion.hint(for: only, in: runbook.phases.map(\.id)))\n"
                )
                throw ExitCodes.invalidInput
            }
            var injections: [FaultInjection] = []
            for argument in inject {
                switch FaultInjection.parse(argument, in: runbook) {
                case .success(let injection): injections.append(injection)
                case .failure(let error):
                    FileHandleOutput.stderr("error: \(error.description)\n")
                    throw ExitCodes.invalidInput
                }
            }
            var options = Launch.options(yes: yes)
            options.stepByStep = step
            options.startNew = new
            let launcher = Launch.launcher(
                try await state.store(),
                notify: try notifications.sinks(),
                observers: try telemetry.observers()
            )
            let file = self.file
            let from = self.from
            let only = self.only
            let fixed = options
            let injected = injections
            try await Launch.perform(strict: strict) {
                try await launcher.start(
                    file: file,
                    bytes: bytes,
                    runbook: runbook,
                    bindings: bindings,
                    from: from,
                    only: only,
                    injections: injected,
                    options: fixed,
                    terminal: Launch.terminal()
                )
            }
        }
    }
}
