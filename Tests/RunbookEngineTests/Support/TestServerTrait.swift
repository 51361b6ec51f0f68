import Foundation
import Testing

extension Trait where Self == ConditionTrait {
    /// Runs a suite only when the test PostgreSQL and Bolt servers are set (`RUNBOOK_PG_URL`, `RUNBOOK_NEO4J_URL`).
    static var needsPostgresAndBolt: Self {
        .enabled(
            if: ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] != nil
                && ProcessInfo.processInfo.environment["RUNBOOK_NEO4J_URL"] != nil
        )
    }
}
