import RunbookCore

/// Approvals handed over by `runbook approve`, taken from the run store and handed out one at a time.
///
/// The store returns each approval once; those not yet looked at wait here for the next poll.
final class ApprovalInbox {
    private let take: () async throws -> [Value]
    private var pending: [Value] = []

    /// Creates an inbox over a store's `takeApprovals`.
    init(take: @escaping () async throws -> [Value]) {
        self.take = take
    }

    /// The next approval, if any arrived; throws when the run may no longer proceed (its lease was lost).
    func next() async throws -> Value? {
        if pending.isEmpty { pending = try await take() }
        return pending.isEmpty ? nil : pending.removeFirst()
    }
}
