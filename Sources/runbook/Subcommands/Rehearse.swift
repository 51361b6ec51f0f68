import ArgumentParser
import RunbookCore
import RunbookEngine

extension RunbookCommand {
    /// `runbook rehearse FILE`.
    struct Rehearse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rollback scenario for real, once per trigger, each in a new run; print the matrix.",
            discussion: """
                An automatic scenario is rehearsed by failing its trigger step (--inject STEP=fail-until-rollback); \
                a phase trigger fails the phase's last step. A manual scenario runs after the main steps through \
                `rollback --scenario`. Gates are approved as with --yes. Each run stays in the state for replay. \
                Exit 0 when every scenario ran and ended succeeded or rolled_back; 4 when a rollback failed; 1 when \
                a scenario did not run.
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

        @Argument(help: "The runbook file.", completion: .file(extensions: ["yaml", "yml"]))
        var file: String

        @OptionGroup var params: ParamOptions
        @OptionGroup var state: StateOptions

        @Option(help: "Rehearse only this rollback scenario.")
        var scenario: String?

        @Option(help: "text (a table) or json (runbook-rehearsal/1).")
        var format: Format = .text

        @Flag(help: "Only list the rehearsals (scenario and injected step); run nothing.")
        var list = false

        @OptionGroup var notifications: NotifyOptions

        func run() async throws {
            let input = try RunbookInput(file: file, assignments: params.assignments, requireAll: !list)
            let (bytes, runbook, bindings) = (input.bytes, input.runbook, input.bindings)
            if let scenario, runbook.rollback(scenario) == nil {
                FileHandleOutput.stderr(
                    "error: --scenario \(scenario): no such rollback scenario\(Suggestion.hint(for: scenario, in: runbook.rollbacks.map(\.id)))\n"
                )
                throw ExitCodes.invalidInput
            }
            let cases = RehearsalCase.all(in: runbook, only: scenario)
            if cases.isEmpty {
                FileHandleOutput.stderr("error: \(file): nothing to rehearse: the runbook has no rollback scenario\n")
                throw ExitCodes.invalidInput
            }
            if list {
                for c in cases {
                    let how: String
                    switch c.method {
                    case .inject(let step): how = "--inject \(step)=\(FaultInjection.Mode.failUntilRollback.rawValue)"
                    case .manual: how = "run, then rollback --scenario \(c.scenario)"
                    case .unreachable: how = "unreachable: no step can start it"
                    }
                    FileHandleOutput.stdout("\(c.scenario)\t\(how)\n")
                }
                return
            }
            // --yes gives one approval; a gate that needs more waits for `runbook approve` in every rehearsal.
            for step in runbook.mainSteps + runbook.rollbacks.flatMap(\.steps) {
                if case .gate(let gate) = step.body, gate.approvers > 1 {
                    FileHandleOutput.stderr(
                        "note: gate '\(step.id)' needs \(gate.approvers) approvers: each rehearsal waits there for \(gate.approvers - 1) more `runbook approve RUN \(step.id)`\n"
                    )
                }
            }
            let store = try await state.store()
            let sinks = try notifications.sinks()
            if let note = Rehearser.notificationNote(
                runbook: runbook,
                environment: Environment.variables,
                explicit: sinks.count
            ) {
                FileHandleOutput.stderr(note + "\n")
            }
            let rehearser = Rehearser(launcher: Launch.launcher(store, notify: sinks), store: store)
            let file = self.file
            let format = self.format
            let exit = try await Launch.guarded {
                let results = try await rehearser.rehearse(
                    file: file,
                    bytes: bytes,
                    runbook: runbook,
                    bindings: bindings,
                    cases: cases,
                    load: { RunbookFile.load($0, bytes: $1) },
                    terminal: Launch.terminal(quiet: true)
                ) { r in
                    FileHandleOutput.stderr(
                        "rehearsed \(r.rehearsal.scenario) (\(RehearsalRenderer.method(r.rehearsal))): \(r.outcome)"
                            + (r.runID.isEmpty ? "" : ", run \(r.runID)") + "\n"
                    )
                }
                let rendered =
                    format == .json
                    ? RehearsalRenderer.json(runbook: runbook.id, results)
                    : RehearsalRenderer.text(runbook: runbook.id, results)
                FileHandleOutput.stdout(rendered)
                return RehearsalRenderer.exitCode(results)
            }
            try ExitCodes.exitUnlessSuccess(exit)
        }
    }
}
