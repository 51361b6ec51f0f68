import ArgumentParser
import Foundation
import RunbookCore
import RunbookEngine

extension RunbookCommand {
    /// `runbook export RUN -o FILE [--format jsonl|otlp]`.
    struct Export: AsyncParsableCommand {
        /// What `export` writes.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            /// The journal byte for byte.
            case jsonl
            /// The run's trace as an OTLP/JSON `ExportTraceServiceRequest`.
            case otlp
        }

        static let configuration = CommandConfiguration(
            abstract:
                "Write a run's journal as a JSONL file (byte for byte as stored), or its trace as OTLP/JSON (--format otlp).",
            discussion:
                "`runbook replay FILE --verify` checks a JSONL file; `runbook import FILE` stores it as a run. The OTLP trace has the same trace and span ids as the run's live export (OTEL_EXPORTER_OTLP_ENDPOINT): POST it to a collector's /v1/traces."
        )

        @Argument(help: "Run id (or a unique prefix).")
        var run: String

        @Option(name: .shortAndLong, help: "Output file (default: standard output).")
        var output: String?

        @Option(help: "jsonl (the journal) or otlp (the run's trace as OTLP/JSON).")
        var format: Format = .jsonl

        @OptionGroup var state: StateOptions

        func run() async throws {
            let store = try await state.store()
            let runID = try await state.resolveRun(run, in: store)
            let exported: [UInt8]?
            switch format {
            case .jsonl: exported = try await Launch.reporting({ try await store.exportJournal(runID) })
            case .otlp: exported = try await Self.trace(of: runID, in: store)
            }
            guard let bytes = exported else {
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

        /// The run's trace: the spans of its journal, with the phases and targets of its pinned runbook.
        static func trace(of runID: String, in store: any RunStore) async throws -> [UInt8]? {
            guard let journal = try await Launch.reporting({ try await store.readJournal(runID) }),
                !journal.events.isEmpty
            else { return nil }
            let runbook = await store.runbookCopy(runID).flatMap { RunbookLoader.load(bytes: $0).runbook }
            let spans = TraceBuilder.spans(
                of: journal.events,
                runID: runID,
                info: runbook.map(TraceStepInfo.of) ?? [:]
            )
            let resource = OTLPConfiguration.exportResource(Environment.variables, toolVersion: RunbookVersion.string)
            return Array(
                (OTLPTraceJSON.text(spans, resource: resource, scopeVersion: RunbookVersion.string) + "\n").utf8
            )
        }
    }
}
