import ArgumentParser
import Foundation
import RunbookCore
import RunbookEngine

extension RunbookCommand.Replay {
    /// The HTML report of a journal, with the pinned runbook's readable secrets redacted once more.
    func htmlReport(_ result: JournalReadResult, pinned bytes: [UInt8]?) -> String {
        let pinned = bytes.flatMap { RunbookLoader.load(bytes: $0).runbook }
        return HTMLReportRenderer(
            result: result,
            redactor: ReplaySecrets.redactor(pinned, environment: Environment.variables),
            phases: ReplaySecrets.phases(pinned),
            toolVersion: RunbookVersion.string
        ).render()
    }

    /// Writes `text` to `-o FILE`, or to standard output.
    func emit(_ text: String) throws {
        guard let output else { return FileHandleOutput.stdout(text) }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            FileHandleOutput.stderr("error: cannot write \(output): \(error.localizedDescription)\n")
            throw ExitCodes.invalidInput
        }
    }

    /// `--follow`: prints the journal as it grows until the run ends.
    func followJournal(_ journal: JournalArgument) async throws {
        let follower = JournalFollower(
            source: journal.followSource,
            interval: journal.followSource.isFile ? .milliseconds(200) : .milliseconds(500)
        )
        let found = try await Launch.reporting { try await follower.run() }
        guard found else {
            FileHandleOutput.stderr("error: cannot read \(journal.location)\n")
            throw ExitCodes.invalidInput
        }
    }
}
