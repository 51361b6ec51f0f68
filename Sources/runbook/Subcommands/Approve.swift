import ArgumentParser
import Foundation
import RunbookCore
import RunbookEngine

extension RunbookCommand {
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
            let store = try await state.store()
            let runID = try await state.resolveRun(run, in: store)
            guard let s = await StateOptions.runState(store, runID) else {
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
                try await store.submitApproval(runID, data)
            } catch {
                FileHandleOutput.stderr("error: cannot record the approval: \(error)\n")
                throw ExitCodes.invalidInput
            }
            FileHandleOutput.stdout(
                "\(reject ? "rejection" : "approval") of gate '\(target)' by \(me) handed to run \(runID); the run journals it when it picks it up\n"
            )
        }
    }
}
