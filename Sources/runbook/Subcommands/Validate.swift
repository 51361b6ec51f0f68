import ArgumentParser
import RunbookCore

extension RunbookCommand {
    /// The `runbook validate FILE...` subcommand.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check runbooks for errors without running anything.",
            discussion: "Errors print as FILE:LINE:COL: error: message. Exit 2 if any file has an error."
        )

        @Argument(help: "Runbook files to check.", completion: .file(extensions: ["yaml", "yml"]))
        var files: [String]

        @Flag(name: .shortAndLong, help: "Print nothing for valid files.")
        var quiet = false

        func run() async throws {
            var failed = false
            for file in files {
                if let runbook = RunbookFile.load(file) {
                    if !quiet {
                        let steps = runbook.mainSteps.count
                        FileHandleOutput.stdout(
                            "\(file): ok (\(runbook.id): \(runbook.phases.count) phases, \(steps) steps, \(runbook.rollbacks.count) rollbacks)\n"
                        )
                    }
                } else {
                    failed = true
                }
            }
            if failed { throw ExitCodes.invalidInput }
        }
    }
}
