import ArgumentParser
import Foundation
import RunbookCore
import RunbookEngine

extension RunbookCommand {
    /// `runbook status [RUN]`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show where a run stands: step by step, in-doubt steps, waiting gates."
        )

        @Argument(help: "Run id (or a unique prefix). Default: the newest run.")
        var run: String?

        @OptionGroup var state: StateOptions

        func run() async throws {
            let store = try state.store()
            let runID = try state.resolveRun(run, in: store)
            guard let result = try StateOptions.guarded({ try store.readJournal(runID) }) else {
                FileHandleOutput.stderr("error: cannot read the journal of \(runID)\n")
                throw ExitCodes.invalidInput
            }
            let s = RunState(events: result.events)
            var out = ["run \(s.runID) — \(s.runbookID)", "  started \(s.startedAt) by \(s.operatorName)"]
            let holder = store.holder(of: s.runbookID) ?? ""
            let live = holder.contains(runID)
            let where_: String
            if let outcome = s.outcome {
                where_ = "finished: \(outcome.rawValue)" + Self.reentryHint(s, runID: runID)
            } else if live {
                where_ = "running now (\(holder))"
            } else {
                where_ =
                    s.interrupted
                    ? "stopped — resumable with `runbook resume \(runID)`"
                    : "not running (crashed?) — resumable with `runbook resume \(runID)`"
            }
            out.append("  state: \(where_)")
            let pinned = store.runbookCopy(runID)
            if let bytes = pinned, let runbook = RunbookLoader.load(bytes: bytes).runbook {
                for (title, steps) in [("guards", runbook.guards)] + runbook.phases.map({ ($0.id, $0.steps) })
                    + runbook.rollbacks.map({ ("rollback \($0.id)", $0.steps) })
                {
                    let interesting = steps.filter { s.status[$0.id] != nil }
                    if interesting.isEmpty && title.hasPrefix("rollback") { continue }
                    out.append("  \(title):")
                    for step in steps {
                        out.append(
                            "    \(Self.mark(s.status[step.id], live: live)) \(step.id)\(Self.detail(s, step.id))"
                        )
                    }
                }
            } else {
                for (id, st) in s.status.sorted(by: { $0.key < $1.key }) {
                    out.append("    \(Self.mark(st, live: live)) \(id)")
                }
            }
            if !s.inFlight.isEmpty, !live {
                out.append(
                    "  in doubt: \(s.inFlight.joined(separator: ", ")) (resolved on resume by reconcile probe, idempotence, or your confirmation)"
                )
            }
            for (gate, approvals) in s.approvals where s.status[gate] == .waitingGate {
                out.append(
                    "  gate \(gate) has \(approvals.count) approval(s): \(approvals.map(\.approver).joined(separator: ", "))"
                )
            }
            out.append(
                "  journal: \(store.journalLocation(runID)) (\(result.events.count) events, \(result.problem == nil ? "chain intact" : "BROKEN at line \(result.problem?.line ?? 0)"))"
            )
            FileHandleOutput.stdout(out.joined(separator: "\n") + "\n")
        }

        /// How a finished run can be re-entered (`runbook resume`), or why it cannot.
        static func reentryHint(_ s: RunState, runID: String) -> String {
            switch s.outcome {
            case .failed?:
                guard let step = s.unhandledFailure else {
                    return " — re-enter with `runbook resume \(runID) --from STEP`"
                }
                return
                    " at '\(step)' — resumable after fixing the cause: `runbook resume \(runID)` runs '\(step)' again and continues (completed steps do not run again)"
            case .rolledBack?:
                return " — `runbook resume \(runID) --from STEP` re-enters it at a step you choose"
            case .rollbackFailed?:
                return
                    " — a human is needed; after repairing, `runbook rollback \(runID) --scenario \(s.finishedRollback?.scenario ?? "ID")` runs the scenario again"
            default:
                return ""
            }
        }

        static func mark(_ status: RunState.StepStatus?, live: Bool) -> String {
            switch status {
            case nil: return "·"
            case .running?: return live ? "▶" : "?"
            case .succeeded?: return "✔"
            case .failed(_, let final, _)?: return final ? "✘" : "↻"
            case .skipped?: return "↷"
            case .waitingGate?: return "⏸"
            }
        }

        static func detail(_ s: RunState, _ id: String) -> String {
            switch s.status[id] {
            case .failed(let error, _, _)?: return " — \(error.prefix(100))"
            case .skipped(let reason)?: return " — skipped: \(reason.prefix(80))"
            case .waitingGate?: return " — waiting for approval"
            case .running?: return " — in flight"
            default: return ""
            }
        }
    }

    /// `runbook runs`.
    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List runs in the state directory.")

        @OptionGroup var state: StateOptions

        func run() async throws {
            let store = try state.store()
            var lines: [String] = []
            for id in try StateOptions.guarded({ try store.runIDs() }) {
                guard let s = StateOptions.runState(store, id) else {
                    lines.append("\(id)  (unreadable journal)")
                    continue
                }
                let status = s.outcome?.rawValue ?? (s.interrupted ? "stopped" : "unfinished")
                let done = s.status.values.filter { $0 == .succeeded }.count
                let holder =
                    s.outcome == nil ? store.holder(of: s.runbookID).flatMap { $0.contains(id) ? $0 : nil } : nil
                lines.append(
                    "\(id)  \(status)  started \(s.startedAt) by \(s.operatorName)  \(done) steps done"
                        + (holder.map { "  [held: \($0)]" } ?? "")
                )
            }
            FileHandleOutput.stdout(
                lines.isEmpty ? "no runs in \(store.location)\n" : lines.joined(separator: "\n") + "\n"
            )
        }
    }

    /// `runbook approve RUN [GATE]`.
    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve (or reject) a waiting gate from another terminal.",
            discussion:
                "The approval records who (user@host), when, and what was typed; a gate with approvers: N needs N distinct people."
        )

        @Argument(help: "Run id (or a unique prefix).")
        var run: String

        @Argument(help: "The gate step id (default: the gate that is waiting).")
        var gate: String?

        @Option(help: "The confirmation text the gate asks for.")
        var confirm: String?

        @Flag(help: "Reject instead of approving.")
        var reject = false

        @Option(help: "Why (recorded with a rejection).")
        var reason: String?

        @OptionGroup var state: StateOptions

        func run() async throws {
            let store = try state.store()
            let runID = try state.resolveRun(run, in: store)
            guard let s = StateOptions.runState(store, runID) else {
                FileHandleOutput.stderr("error: cannot read the journal of \(runID)\n")
                throw ExitCodes.invalidInput
            }
            let waiting = s.status.filter { $0.value == .waitingGate }.map(\.key).sorted()
            guard let target = gate ?? waiting.first else {
                FileHandleOutput.stderr("error: run \(runID) has no gate waiting for approval\n")
                throw ExitCodes.invalidInput
            }
            guard waiting.contains(target) else {
                FileHandleOutput.stderr(
                    "error: gate '\(target)' of run \(runID) is not waiting (waiting: \(waiting.isEmpty ? "none" : waiting.joined(separator: ", ")))\n"
                )
                throw ExitCodes.invalidInput
            }
            let me = Identity.operatorName
            let data: Value = .map([
                ("gate", .string(target)), ("approver", .string(me)),
                ("confirmation", confirm.map(Value.string) ?? .null),
                ("reject", .bool(reject)), ("reason", reason.map(Value.string) ?? .null),
                ("time", .string(Timestamp.now())),
            ])
            do {
                try store.submitApproval(runID, data)
            } catch {
                FileHandleOutput.stderr("error: cannot record the approval: \(error)\n")
                throw ExitCodes.invalidInput
            }
            FileHandleOutput.stdout(
                "\(reject ? "rejection" : "approval") of gate '\(target)' by \(me) handed to run \(runID); the run journals it when it picks it up\n"
            )
        }
    }

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
            let journal = try JournalArgument.resolve(run, state: state)
            if follow { return try await followJournal(journal) }
            let path = journal.location
            guard let result = try journal.read() else {
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
