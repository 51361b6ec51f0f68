import ArgumentParser
import Foundation
import RunbookCore
import RunbookEngine

extension RunbookCommand {
    /// `runbook import FILE`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store an exported journal (JSONL) as a run in the state store, after verifying its hash chain."
        )

        @Argument(help: "A journal file written by `runbook export` (or a run's journal.jsonl).")
        var file: String

        @OptionGroup var state: StateOptions

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandleOutput.stderr("error: cannot read \(file)\n")
                throw ExitCodes.invalidInput
            }
            let bytes = [UInt8](data)
            let result = JournalReader.read(bytes: bytes)
            if result.problem != nil || result.tornTail != nil {
                let why = result.problem.map { "\($0)" } ?? "its last line is torn"
                FileHandleOutput.stderr("error: \(file) does not verify (\(why)); nothing imported\n")
                throw ExitCodes.invalidInput
            }
            let s = RunState(events: result.events)
            guard !s.runID.isEmpty, !s.runbookID.isEmpty else {
                FileHandleOutput.stderr("error: \(file) does not start with a run.started event; nothing imported\n")
                throw ExitCodes.invalidInput
            }
            let store = try await state.store()
            try await Launch.reporting {
                try await store.importJournal(
                    s.runID,
                    runbookID: s.runbookID,
                    journal: bytes,
                    headHash: result.headHash
                )
            }
            FileHandleOutput.stdout(
                "imported run \(s.runID) (\(result.events.count) events, chain intact) into \(store.location)\n"
            )
        }
    }
}
