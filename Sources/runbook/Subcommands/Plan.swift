import ArgumentParser
import RunbookCore
import RunbookEngine

extension RunbookCommand {
    /// The `runbook plan FILE [-p k=v] [--format text|json|mermaid|html]` subcommand.
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what a run would do, without touching anything."
        )

        /// Output formats.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, mermaid, html
        }

        @Argument(help: "The runbook file.", completion: .file(extensions: ["yaml", "yml"]))
        var file: String

        @OptionGroup var params: ParamOptions

        @Option(help: "Output format: text, json, mermaid or html (one self-contained page with the flow drawn).")
        var format: Format = .text

        @Flag(help: "Also run the guards and read-only steps for real (read-only sessions; nothing mutating runs).")
        var check = false

        func run() async throws {
            guard let runbook = RunbookFile.load(file, printWarnings: format == .text) else {
                throw ExitCodes.invalidInput
            }
            let bindings: [ParamBinder.Binding]
            switch ParamBinder.bind(runbook, assignments: params.assignments, requireAll: false) {
            case .success(let b): bindings = b
            case .failure(let e):
                for m in e.messages { FileHandleOutput.stderr("error: \(m)\n") }
                throw ExitCodes.invalidInput
            }
            let plan = Planner(runbook: runbook, bindings: bindings).plan()
            switch format {
            case .text: FileHandleOutput.stdout(PlanTextRenderer.render(plan))
            case .json: FileHandleOutput.stdout(PlanJSONRenderer.render(plan))
            case .mermaid: FileHandleOutput.stdout(PlanMermaidRenderer.render(plan))
            case .html: FileHandleOutput.stdout(PlanHTMLRenderer.render(plan, toolVersion: RunbookVersion.string))
            }
            if check { try await runCheck(runbook, bindings: bindings) }
        }

        func runCheck(_ runbook: RunbookCore.Runbook, bindings: [ParamBinder.Binding]) async throws {
            let checker = PlanChecker(
                runbook: runbook,
                connectors: ConnectorWiring.connectors(),
                environment: Environment.variables
            )
            let lines: [PlanChecker.Line]
            do {
                lines = try await checker.check(bindings: bindings)
            } catch {
                FileHandleOutput.stderr("error: \(error)\n")
                throw ExitCodes.invalidInput
            }
            var out = ["", "Check (read-only sessions; mutating steps are not run):"]
            for line in lines {
                let mark =
                    ["passed": "✔", "failed": "✘", "skip": "↷", "not-run": "–", "unknown": "?"][line.verdict] ?? "·"
                out.append("  \(mark) \(line.step): \(line.detail)")
            }
            let failed = lines.filter { $0.verdict == "failed" }.count
            out.append(
                "Check: \(lines.filter { $0.verdict == "passed" }.count) passed, \(failed) failed, \(lines.filter { $0.verdict == "not-run" || $0.verdict == "unknown" }.count) not evaluated"
            )
            FileHandleOutput.stderr(out.joined(separator: "\n") + "\n")
            if failed > 0 { throw ExitCodes.stepFailed }
        }
    }
}
