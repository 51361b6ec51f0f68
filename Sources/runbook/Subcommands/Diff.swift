import ArgumentParser
import RunbookCore
import RunbookEngine

extension RunbookCommand {
    /// `runbook diff RUN_A RUN_B`.
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What was different this time: step outcomes, timings and values between two runs.",
            discussion:
                "Steps are compared by their last attempt. Exit 0 when the comparison was made (with or without "
                + "differences), 2 when a run cannot be read."
        )

        /// Output formats.
        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

        @Argument(help: "Run A: a run id (or unique prefix) or a path to a journal.jsonl.")
        var runA: String

        @Argument(help: "Run B: a run id (or unique prefix) or a path to a journal.jsonl.")
        var runB: String

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        @Option(help: "A duration counts as different when one is at least this many times the other.")
        var timingRatio: Double = 1.5

        @OptionGroup var state: StateOptions

        func validate() throws {
            guard timingRatio >= 1 else { throw ValidationError("--timing-ratio must be at least 1") }
        }

        func run() async throws {
            var events: [[JournalEvent]] = []
            for run in [runA, runB] {
                let journal = try await JournalArgument.resolve(run, state: state)
                let path = journal.location
                guard let result = try await journal.read(), !result.events.isEmpty else {
                    FileHandleOutput.stderr("error: cannot read the journal \(path)\n")
                    throw ExitCodes.invalidInput
                }
                if let problem = result.problem {
                    FileHandleOutput.stderr("warning: \(path): \(problem) (comparing the verified part)\n")
                }
                events.append(result.events)
            }
            let diff = RunDiff(a: events[0], b: events[1], timingRatio: timingRatio)
            switch format {
            case .text: FileHandleOutput.stdout(RunDiffRenderer.text(diff))
            case .json: FileHandleOutput.stdout(RunDiffRenderer.json(diff))
            }
        }
    }
}
