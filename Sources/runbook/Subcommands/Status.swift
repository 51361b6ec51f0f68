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
            let store = try await state.store()
            let runID = try await state.resolveRun(run, in: store)
            guard let result = try await Launch.reporting({ try await store.readJournal(runID) }) else {
                FileHandleOutput.stderr("error: cannot read the journal of \(runID)\n")
                throw ExitCodes.invalidInput
            }
            let s = RunState(events: result.events)
            var out = ["run \(s.runID) — \(s.runbookID)", "  started \(s.startedAt) by \(s.operatorName)"]
            let holder = await store.holder(of: s.runbookID) ?? ""
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
            if !s.injections.isEmpty {
                let list = s.injectionList.map { "--inject \($0.argument)" }.joined(separator: " ")
                out.append("  injected failures: \(list) (forced; those actions did not run)")
            }
            for warning in s.warnings { out.append("  ⚠ warning: \(warning.step): \(warning.error.prefix(100))") }
            let pinned = await store.runbookCopy(runID)
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
}
