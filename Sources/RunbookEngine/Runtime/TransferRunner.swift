import Foundation
import RunbookCore

/// Runs `transfer` steps: the rows of a SQL query, in key order, into `UNWIND $rows` Cypher writes, with a
/// journaled checkpoint (the last key) after every committed batch so a killed transfer resumes after the last
/// committed batch.
///
/// The source is read through one server-side cursor (see ``TransferSource``). The `FETCH` of batch N+1 runs (in a
/// child task, on the source connection) while batch N is written (on the graph connection), so at most two
/// batches are in memory; each batch's rows are converted for the graph connection in that child task too.
/// Checkpoints are journaled in order, each only after its batch's write returned: batch N's while batch N+1 is
/// written (its fsync off the write path), the last one at the end, and on a failure or cancellation the one of
/// the last committed batch before the step stops. A failed write cancels the read in flight; a failed read lets
/// the write in flight finish and journal its checkpoint, then fails the step. Cancellation (Ctrl-C) reaches
/// both. The read transaction is rolled back on every way out.
struct TransferRunner {
    let runner: StepRunner
    /// Journals `transfer.checkpoint` (fsync) after each committed batch.
    let checkpoint: (JournalRecord.TransferCheckpoint) async throws -> Void
    /// Where a previous attempt stopped.
    let resumeFrom: JournalRecord.TransferCheckpoint?
    let progress: TransferProgress

    func run(_ step: Step, _ a: TransferAction, context: EvaluationContext) async throws -> StepResult {
        defer { progress.clear() }
        let source = try makeSource(a, context: context)

        var lastKey: Value? = resumeFrom.flatMap { $0.lastKey == .null ? nil : $0.lastKey }
        var moved = Int(resumeFrom?.rows ?? 0)
        var batches = Int(resumeFrom?.batches ?? 0)
        if let lastKey {
            progress.note("resuming after key \(lastKey.text) (\(moved) rows in \(batches) batches already committed)")
        }
        progress.resumed(rows: moved)
        if let count = a.count {
            progress.total = try await source.count(count.value)
        }

        // The checkpoint of the last committed batch, journaled while the next batch is written (or at the end).
        var pending: JournalRecord.TransferCheckpoint?
        var stall = StallWatchdog(limit: a.stall ?? StepDefaults.transferStall, stepTimeout: step.timeout?.duration)
        do {
            try await source.open(after: lastKey)
            var page = try await source.next(timeout: stall.timeout)
            while let write = page.write {
                try Task.checkCancellation()
                let current = page
                let budget = stall.timeout
                // A short batch is the last one: nothing left to fetch.
                async let next =
                    current.count < source.batch ? TransferSource.Page.empty : source.next(timeout: budget)
                async let written: Void = source.write(write, timeout: budget)
                if let committed = pending {
                    pending = nil
                    try await checkpoint(committed)
                }
                try await written
                moved += current.count
                batches += 1
                lastKey = current.lastKey
                pending = JournalRecord.TransferCheckpoint(
                    step: step.id,
                    lastKey: lastKey ?? .null,
                    rows: Int64(moved),
                    batches: Int64(batches)
                )
                progress.update(rows: moved, batches: batches)
                stall.progressed()
                page = try await next
            }
            if let committed = pending {
                pending = nil
                try await checkpoint(committed)
            }
        } catch {
            // A batch written before a failed read or a cancellation is still journaled.
            if let committed = pending { try? await checkpoint(committed) }
            await source.close()
            throw stall.rethrow(error, batches: batches, rows: moved)
        }
        await source.close()
        return StepResult(
            value: .int(Int64(moved)),
            fields: ["value": .int(Int64(moved)), "rows_moved": .int(Int64(moved)), "batches": .int(Int64(batches))],
            rowCount: moved,
            summary: "\(moved) rows moved in \(batches) batches"
        )
    }

    /// Renders the batch size, key and source parameters, and opens the source connection's executor.
    func makeSource(_ a: TransferAction, context: EvaluationContext) throws -> TransferSource {
        let batchValue = try runner.render { try a.batch.render(in: context) }
        guard let batch = batchValue.numeric.map({ Int($0) }), batch > 0 else {
            throw StepFailure("transfer batch must be a positive number, got \(batchValue.text)")
        }
        let key = a.key.map(\.value)
        guard !key.isEmpty else {
            throw StepFailure(
                "transfer needs `key:` (the keyset columns) so that batches can be checkpointed and resumed"
            )
        }
        var params: [Value] = []
        for t in a.from.sqlParams { params.append(try runner.render { try t.render(in: context) }) }
        var writeParams: [String: Value] = [:]
        for (name, t) in a.to.cypherParams { writeParams[name] = try runner.render { try t.render(in: context) } }
        return TransferSource(
            executor: try runner.pool.executor(for: a.from.on.value, context: context),
            query: a.from.query.value,
            params: params,
            key: key,
            batch: batch,
            readOnly: runner.readOnly,
            redactor: runner.redactor,
            sink: try runner.pool.executor(for: a.to.on.value, context: context),
            write: a.to.query.value,
            writeParams: writeParams
        )
    }
}
