import ArgumentParser
import Foundation
import RunbookCore
import RunbookEngine

extension RunbookCommand {
    /// `runbook replay RUN|JOURNAL`.
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-render a past run from its journal, and verify the journal was not altered.",
            discussion:
                "--format html writes one self-contained page (timeline, gates, rollbacks, evidence, every step's "
                + "output); --follow watches a live run from another terminal."
        )

        /// Output formats.
        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, html }

        @Argument(help: "A run id (or unique prefix) or a path to a journal.jsonl.")
        var run: String

        @Flag(help: "Check the hash chain and seal; exit 1 if the journal was altered.")
        var verify = false

        @Option(help: "Output format: text, json or html.")
        var format: Format = .text

        @Option(name: [.short, .customLong("output")], help: "Write to this file instead of standard output.")
        var output: String?

        @Flag(help: "Print the events so far, then new ones as the run appends them, until the run ends (text).")
        var follow = false

        @OptionGroup var state: StateOptions

        func validate() throws {
            if follow, format != .text || output != nil || verify {
                throw ValidationError("--follow prints text to standard output; it takes no --format, -o or --verify")
            }
        }

        func run() async throws {
            let journal = try await JournalArgument.resolve(run, state: state)
            if follow { return try await followJournal(journal) }
            let path = journal.location
            guard let result = try await journal.read() else {
                FileHandleOutput.stderr("error: cannot read \(path)\n")
                throw ExitCodes.invalidInput
            }
            switch format {
            case .text: try emit(ReplayRenderer.text(result, verification: true))
            case .json: try emit(ReplayRenderer.json(result))
            case .html: try emit(htmlReport(result, pinned: journal.pinnedRunbook))
            }
            if verify, result.problem != nil {
                FileHandleOutput.stderr(ReplayRenderer.verificationLine(result) + "\n")
                throw ExitCodes.stepFailed
            }
        }
    }
}
