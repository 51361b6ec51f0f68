import ArgumentParser
import RunbookCore

extension RunbookCommand {
    /// The `runbook plan FILE [-p k=v] [--format text|json|mermaid]` subcommand.
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what a run would do, without touching anything."
        )

        /// Output formats.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, mermaid
        }

        @Argument(help: "The runbook file.", completion: .file(extensions: ["yaml", "yml"]))
        var file: String

        @OptionGroup var params: ParamOptions

        @Option(help: "Output format: text, json or mermaid.")
        var format: Format = .text

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
            }
        }
    }
}
