import Foundation
import RunbookCore

/// Runs `transfer` steps: keyset-paged SQL reads into `UNWIND $rows` Cypher writes, with a journaled checkpoint
/// after every committed batch so a killed transfer resumes after the last committed batch.
///
/// Pages are read and written in turn (not yet overlapped); memory holds one batch.
struct TransferRunner {
    let runner: StepRunner
    /// Journals `transfer.checkpoint` (fsync) after each committed batch.
    let checkpoint: (Value) throws -> Void
    /// Where a previous attempt stopped: `last_key`, `rows`, `batches`.
    let resumeFrom: Value?
    let progress: (String) -> Void

    func run(_ step: Step, _ a: TransferAction, context: EvaluationContext) async throws -> StepResult {
        let batchValue = try runner.render { try a.batch.render(in: context) }
        guard let batch = batchValue.numeric.map({ Int($0) }), batch > 0 else {
            throw StepFailure("transfer batch must be a positive number, got \(batchValue.text)")
        }
        guard let key = a.key?.value else {
            throw StepFailure(
                "transfer needs `key:` (the keyset column) so that batches can be checkpointed and resumed"
            )
        }
        var baseParams: [Value] = []
        for t in a.from.sqlParams { baseParams.append(try runner.render { try t.render(in: context) }) }
        var cypherParams: [String: Value] = [:]
        for (name, t) in a.to.cypherParams { cypherParams[name] = try runner.render { try t.render(in: context) } }

        var lastKey: Value? = resumeFrom?["last_key"].flatMap { $0 == .null ? nil : $0 }
        var moved = Int(resumeFrom?["rows"]?.numeric ?? 0)
        var batches = Int(resumeFrom?["batches"]?.numeric ?? 0)
        if let lastKey {
            progress("resuming after key \(lastKey.text) (\(moved) rows in \(batches) batches already committed)")
        }
        let started = ContinuousClock.now
        var lastReport = started

        var page = try await fetch(a, key: key, after: lastKey, batch: batch, params: baseParams, context: context)
        while !page.rows.isEmpty {
            let rows = page.rows
            let nextAfter = page.lastKey
            var params = cypherParams
            params["rows"] = .list(rows)
            let query = ResolvedQuery(statements: [a.to.query.value], parameters: .named(params))
            _ = try await runner.runQuery(a.to.on.value, query, timeout: step.timeout?.duration, context: context)
            moved += rows.count
            batches += 1
            lastKey = nextAfter
            try checkpoint(
                .map([
                    ("step", .string(step.id)), ("last_key", nextAfter ?? .null), ("rows", .int(Int64(moved))),
                    ("batches", .int(Int64(batches))),
                ])
            )
            if ContinuousClock.now - lastReport > .seconds(3) {
                lastReport = ContinuousClock.now
                let seconds = Double((ContinuousClock.now - started).components.seconds) + 0.001
                progress("\(moved) rows in \(batches) batches (\(Int(Double(moved) / seconds)) rows/s)")
            }
            page = try await fetch(a, key: key, after: nextAfter, batch: batch, params: baseParams, context: context)
            try Task.checkCancellation()
        }
        return StepResult(
            value: .int(Int64(moved)),
            fields: ["value": .int(Int64(moved)), "rows_moved": .int(Int64(moved)), "batches": .int(Int64(batches))],
            rowCount: moved,
            summary: "\(moved) rows moved in \(batches) batches"
        )
    }

    /// One keyset page: the source query wrapped so that it continues after `after`, ordered by the key.
    func fetch(
        _ a: TransferAction,
        key: String,
        after: Value?,
        batch: Int,
        params: [Value],
        context: EvaluationContext
    ) async throws -> (rows: [Value], lastKey: Value?) {
        let quoted = "\"" + key.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        var all = params
        var sql = "SELECT * FROM (\(a.from.query.value)) AS runbook_transfer_source"
        if let after {
            all.append(after)
            sql += " WHERE \(quoted) > $\(all.count)"
        }
        sql += " ORDER BY \(quoted) LIMIT \(batch)"
        let result = try await runner.runQuery(
            a.from.on.value,
            ResolvedQuery(statements: [sql], parameters: .positional(all)),
            timeout: nil,
            context: context,
            maximumRows: batch
        )
        guard let keyIndex = result.columns.firstIndex(of: key) else {
            throw StepFailure(
                "transfer key '\(key)' is not a column of the source query (columns: \(result.columns.joined(separator: ", ")))"
            )
        }
        let rows: [Value] = result.rows.map { row in
            let pairs: [(key: String, value: Value)] = zip(result.columns, row).map { (key: $0, value: $1) }
            return Value.map(pairs)
        }
        return (rows, result.rows.last.map { $0[keyIndex] })
    }
}
