import RunbookCore
import RunbookEngine

extension PostgresRunStore {
    public func exportJournal(_ runID: String) async throws -> [UInt8]? {
        try await journalBytes(runID)?.bytes
    }

    /// Stores an exported journal as a new run in one transaction (events at generation 0: written by no lease), on
    /// the PostgreSQL thread pool; a lost connection is not retried (the transaction may or may not have committed).
    public func importJournal(_ runID: String, runbookID: String, journal: [UInt8], headHash: String) async throws {
        let lines = journal.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            .map { String(decoding: $0, as: UTF8.self) }
        do {
            let location = location
            try await link.onPool { c in
                try c.exec("BEGIN")
                do {
                    let exists = try c.exec("SELECT 1 FROM runbook_runs WHERE run_id = $1", [.text(runID)])
                    if !exists.rows.isEmpty {
                        throw RunStoreError(exitCode: .invalidInput, "run \(runID) already exists in \(location)")
                    }
                    try c.exec(
                        "INSERT INTO runbook_runs (run_id, runbook_id, sealed_seq, sealed_hash) VALUES ($1, $2, $3::int, $4)",
                        [.text(runID), .text(runbookID), .text(String(lines.count - 1)), .text(headHash)]
                    )
                    for (seq, line) in lines.enumerated() {
                        let type = (try? JournalEvent(decoding: line).type) ?? ""
                        try c.exec(
                            "INSERT INTO runbook_events (run_id, seq, generation, type, line) VALUES ($1, $2::int, 0, $3, $4)",
                            [.text(runID), .text(String(seq)), .text(type), .text(line)]
                        )
                    }
                    try c.exec("COMMIT")
                } catch {
                    _ = try? c.exec("ROLLBACK")
                    throw error
                }
            }
        } catch let error as PGError {
            throw RunStoreError(
                exitCode: .invalidInput,
                "cannot import run \(runID) into \(location): \(error.message)"
            )
        }
    }
}
