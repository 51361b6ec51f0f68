import ArgumentParser
import Foundation
import RunbookCore
import RunbookEngine

extension RunbookCommand {
    /// `runbook export RUN -o FILE`.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a run's journal as a JSONL file (byte for byte as stored), e.g. for an incident ticket.",
            discussion: "`runbook replay FILE --verify` checks the file; `runbook import FILE` stores it as a run."
        )

        @Argument(help: "Run id (or a unique prefix).")
        var run: String

        @Option(name: .shortAndLong, help: "Output file (default: standard output).")
        var output: String?

        @OptionGroup var state: StateOptions

        func run() async throws {
            let store = try state.store()
            let runID = try state.resolveRun(run, in: store)
            guard let bytes = try StateOptions.guarded({ try store.exportJournal(runID) }) else {
                FileHandleOutput.stderr("error: cannot read the journal of \(runID)\n")
                throw ExitCodes.invalidInput
            }
            guard let output else {
                FileHandleOutput.stdout(String(decoding: bytes, as: UTF8.self))
                return
            }
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                FileHandleOutput.stderr("error: cannot write \(output): \(error.localizedDescription)\n")
                throw ExitCodes.invalidInput
            }
            FileHandleOutput.stdout("exported run \(runID) (\(bytes.count) bytes) to \(output)\n")
        }
    }
}
