import ArgumentParser
import RunbookCore

extension RunbookCommand {
    /// The `runbook schema` subcommand.
    struct Schema: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the JSON Schema of the runbook format (for yaml-language-server and editors)."
        )

        func run() async throws {
            FileHandleOutput.stdout(RunbookSchema.json + "\n")
        }
    }
}
