import Foundation
import RunbookCore

/// Waits at a gate for approvals handed over by `runbook approve` (the store's drop-box), polling on the run's clock.
///
/// Whether the gate asks at the prompt, approves with `--yes` or waits here is `RunStateMachine`'s decision.
struct GateController {
    /// Approvals handed over by `runbook approve`.
    let approvals: ApprovalInbox
    let terminal: Terminal
    /// Timeouts and polls.
    let clock: any RunClock

    /// Polls until an approval of `step` by someone not in `alreadyApproved` (with the expected confirmation), a
    /// rejection, or `deadline`.
    func pollApprovals(
        step: Step,
        confirm: String?,
        alreadyApproved: [String],
        deadline: Duration?
    ) async throws -> GateDecision {
        while true {
            while let value = try await approvals.next() {
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
                return .approved(GateApprover(name: who), confirmation: typed)
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
