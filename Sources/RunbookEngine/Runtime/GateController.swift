import Foundation
import RunbookCore

/// Gets approval for a gate: typed confirmation on a TTY, `--yes`, or `runbook approve` from another terminal.
struct GateController {
    /// What happened at the gate.
    enum Decision {
        /// Approved by someone (the event is already journaled by the caller).
        case approved(approver: GateApprover, confirmation: String?)
        /// Declined.
        case rejected(by: String, reason: String)
        /// Nobody approved in time.
        case timedOut
    }

    let runID: String
    /// Approvals handed over by `runbook approve`.
    let approvals: ApprovalInbox
    let terminal: Terminal
    let yes: Bool
    let interactive: Bool
    /// Timeouts and polls.
    let clock: any RunClock
    /// The operator's typed answers.
    let prompter: any Prompter

    /// The confirmation a gate expects, rendered.
    static func expectedConfirmation(_ gate: GateAction, context: EvaluationContext) -> String? {
        gate.confirm.flatMap { try? $0.render(in: context).text }
    }

    /// Waits for the next approval (one approver) or a rejection, up to `deadline`.
    func nextDecision(
        step: Step,
        gate: GateAction,
        prompt: String,
        confirm: String?,
        alreadyApproved: [String],
        deadline: Duration?,
        situation: [String] = []
    ) async throws -> Decision {
        let me = Identity.operatorName
        if yes, !alreadyApproved.contains(me) {
            return .approved(approver: GateApprover(name: me, via: .yesFlag), confirmation: confirm)
        }
        if interactive, !alreadyApproved.contains(me) {
            return try await ask(step: step, prompt: prompt, confirm: confirm, me: me, situation: situation)
        }
        terminal.line(
            "⏸ gate '\(step.id)' waiting for approval (\(alreadyApproved.count)/\(gate.approvers)): \(prompt)"
        )
        for line in situation { terminal.line("    \(line)") }
        terminal.line(
            "    approve from another terminal: runbook approve \(runID) \(step.id)"
        )
        return try await pollApprovals(
            step: step,
            confirm: confirm,
            alreadyApproved: alreadyApproved,
            deadline: deadline
        )
    }

    func ask(step: Step, prompt: String, confirm: String?, me: String, situation: [String]) async throws -> Decision {
        terminal.line("")
        terminal.line("⏸ GATE \(step.id): \(prompt)")
        for line in situation { terminal.line("    \(line)") }
        if let description = step.description { terminal.line("    \(description)") }
        while true {
            if let confirm {
                terminal.line("    Type '\(confirm)' to approve, or 'no' to stop:")
            } else {
                terminal.line("    Approve? [yes/no]:")
            }
            guard let answer = try await prompter.readLine() else {
                return .rejected(by: me, reason: "no answer (end of input)")
            }
            let text = answer.trimmingSpaces()
            if text == "no" || text == "n" { return .rejected(by: me, reason: "declined at the prompt") }
            if let confirm {
                if text == confirm { return .approved(approver: GateApprover(name: me), confirmation: text) }
                terminal.line("    That does not match '\(confirm)'.")
            } else if text == "yes" || text == "y" {
                return .approved(approver: GateApprover(name: me), confirmation: nil)
            }
        }
    }

    /// Polls the approvals handed over by `runbook approve` (the store's drop-box).
    func pollApprovals(
        step: Step,
        confirm: String?,
        alreadyApproved: [String],
        deadline: Duration?
    ) async throws -> Decision {
        while true {
            while let value = try approvals.next() {
                guard value["gate"]?.text == step.id else { continue }
                let who = value["approver"]?.text ?? "unknown"
                if value["reject"] == .bool(true) {
                    return .rejected(by: who, reason: value["reason"]?.text ?? "rejected via runbook approve --reject")
                }
                let typed = value["confirmation"].flatMap { $0 == .null ? nil : $0.text }
                if let confirm, typed != confirm {
                    terminal.line("    ignored an approval from \(who): confirmation does not match")
                    continue
                }
                if alreadyApproved.contains(who) {
                    terminal.line("    ignored a second approval from \(who): approvers must be distinct")
                    continue
                }
                return .approved(approver: GateApprover(name: who), confirmation: typed)
            }
            if let deadline, clock.now >= deadline { return .timedOut }
            try await clock.sleep(for: .milliseconds(300))
        }
    }
}

/// Reads a line from stdin without blocking the cooperative pool, and gives up on cancellation.
enum LineReader {
    static func readLine() async throws -> String? {
        let once = ResumeOnce()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String?, any Error>) in
                once.set(continuation)
                Thread.detachNewThread {
                    once.resume(.success(Swift.readLine(strippingNewline: true)))
                }
            }
        } onCancel: {
            once.resume(.failure(CancellationError()))
        }
    }
}

/// Resumes a continuation at most once, from whichever side comes first.
final class ResumeOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<String?, any Error>?
    private var early: Result<String?, any Error>?

    func set(_ c: CheckedContinuation<String?, any Error>) {
        lock.lock()
        if let early {
            lock.unlock()
            c.resume(with: early)
            return
        }
        continuation = c
        lock.unlock()
    }

    func resume(_ result: Result<String?, any Error>) {
        lock.lock()
        if let c = continuation {
            continuation = nil
            early = result
            lock.unlock()
            c.resume(with: result)
            return
        }
        if early == nil { early = result }
        lock.unlock()
    }
}
