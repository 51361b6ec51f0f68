import ArgumentParser
import RunbookCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct RunbookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbook",
        abstract: "Execute operations guides written as YAML.",
        discussion: """
            Exit codes: 0 done; 1 a step failed; 2 invalid input or usage; 3 stopped and resumable;
            4 a rollback itself failed; 5 another run holds the lock.
            """,
        version: RunbookVersion.string,
        subcommands: [
            Validate.self, Plan.self, Run.self, Resume.self, Status.self, Runs.self, Approve.self, Rollback.self,
            Skip.self, Replay.self, Diff.self, Schema.self, Export.self, Import.self, Rehearse.self,
        ]
    )

    /// Runs the command, mapping argument errors to exit code 2 (`ExitCodes.invalidInput`) instead of
    /// ArgumentParser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = fullMessage(for: error)
                FileHandleOutput.stderr(message.hasSuffix("\n") ? message : message + "\n")
                Glibc.exit(ExitCodes.invalidInput.rawValue)
            }
            exit(withError: error)
        }
    }
}
