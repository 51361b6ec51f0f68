import RunbookCore

/// Runs `sync` steps: the source (PostgreSQL, in key order, one cursor) and the target's current rows (Cypher,
/// streamed) are merge-joined; keys only in the source or changed are upserted, keys only in the target deleted,
/// in batches of `batch` candidates.
///
/// Verify, then apply: the diff reads the source as of the cursor's snapshot while both stores keep changing,
/// so before each batch is written its candidate keys are looked up in the source again on another session
/// (outside the snapshot) and only what still differs is written: a key the source no longer has is deleted
/// only if the target had it, a row the target already holds as the source now has it is not written. Those
/// dropped candidates are counted as `transient`. Each applied batch is journaled (`sync.batch`); without a
/// journal (`plan --check`) nothing is written and the counts say what would be.
struct SyncRunner {
    let runner: StepRunner
    /// Journals one applied batch; nil: compute only, write nothing.
    let journal: ((JournalRecord.SyncBatch) async throws -> Void)?

    /// One key that differed in the diff: the target's row when the target had the key.
    struct Candidate {
        var key: [Value]
        var target: [Value]?
    }

    /// Running totals.
    struct Totals {
        var upserted = 0
        var deleted = 0
        var same = 0
        var transient = 0
        var batches = 0
    }

    func run(_ step: Step, _ a: SyncAction, context: EvaluationContext) async throws -> StepResult {
        let key = a.key.map(\.value)
        let timeout = step.timeout?.duration
        let batch = try runner.batchSize(a.batch, context: context)
        let budget = StallBudget(limit: a.stall ?? StepDefaults.syncStall, stepTimeout: timeout)
        let opener = KeyedSideOpener(runner: runner, key: key, batch: batch, timeout: timeout, context: context)
        var totals = Totals()
        let source: KeyedSide
        do {
            source = try await opener.open(
                a.from,
                name: "source",
                cursor: "runbook_sync_source",
                slot: nil,
                budget: budget
            )
        } catch {
            throw budget.rethrow(error, upserted: 0, deleted: 0, batches: 0)
        }
        let target: KeyedSide
        do {
            let read = QuerySide(language: .cypher, on: a.on, query: a.read)
            target = try await opener.open(read, name: "target", cursor: "", slot: "sync.read", budget: budget)
        } catch {
            await source.close()
            throw budget.rethrow(error, upserted: 0, deleted: 0, batches: 0)
        }
        let lookup = try SyncLookup(runner: runner, action: a, timeout: timeout, context: context)
        var pending: [Candidate] = []
        // Verifies the pending candidates against the source now and writes what still differs.
        func flush() async throws {
            try await apply(pending, a, step: step, lookup: lookup, budget: budget, totals: &totals, context: context)
            pending.removeAll(keepingCapacity: true)
        }
        do {
            try await KeyedMergeJoin.run(source, target) { match in
                switch match {
                case .onlyLeft(let k, _):
                    pending.append(Candidate(key: k, target: nil))
                case .onlyRight(let k, let row):
                    pending.append(Candidate(key: k, target: target.layout?.values(of: row) ?? []))
                case .both(let k, let l, let r):
                    if KeyedMergeJoin.sameValues(l, r, source.layout, target.layout) {
                        totals.same += 1
                    } else {
                        pending.append(Candidate(key: k, target: target.layout?.values(of: r) ?? []))
                    }
                }
                if pending.count >= batch { try await flush() }
            }
            if !pending.isEmpty { try await flush() }
        } catch {
            await source.close()
            await target.close()
            throw budget.rethrow(error, upserted: totals.upserted, deleted: totals.deleted, batches: totals.batches)
        }
        await source.close()
        await target.close()
        let verb = journal == nil ? "would be " : ""
        let summary =
            "\(totals.upserted) \(verb)upserted, \(totals.deleted) \(verb)deleted, \(totals.same) same, "
            + "\(totals.transient) transient in \(totals.batches) batches"
        return StepResult(
            value: .int(Int64(totals.upserted + totals.deleted)),
            fields: [
                "value": .int(Int64(totals.upserted + totals.deleted)), "upserted": .int(Int64(totals.upserted)),
                "deleted": .int(Int64(totals.deleted)), "same": .int(Int64(totals.same)),
                "transient": .int(Int64(totals.transient)), "batches": .int(Int64(totals.batches)),
            ],
            rowCount: totals.upserted + totals.deleted,
            summary: summary
        )
    }

    /// Verifies one batch of candidates against the source now, writes what still differs, journals it.
    func apply(
        _ candidates: [Candidate],
        _ a: SyncAction,
        step: Step,
        lookup: SyncLookup,
        budget: StallBudget,
        totals: inout Totals,
        context: EvaluationContext
    ) async throws {
        let current = try await lookup.rows(for: candidates.map(\.key), budget: budget)
        var upserts: [Value] = []
        var deletes: [Value] = []
        var transient = 0
        let key = a.key.map(\.value)
        for candidate in candidates {
            let display = KeyOrder.display(candidate.key)
            if let row = current.rows[display], let layout = current.layout {
                let values = layout.values(of: row)
                if let held = candidate.target, held.count == values.count,
                    zip(values, held).allSatisfy({ KeyOrder.same($0, $1) })
                {
                    transient += 1
                } else {
                    upserts.append(layout.map(of: row))
                }
            } else if candidate.target != nil {
                deletes.append(.map(zip(key, candidate.key).map { (key: $0.0, value: $0.1) }))
            } else {
                transient += 1
            }
        }
        if let journal {
            if !upserts.isEmpty {
                try await write(a.upsert.value, rows: upserts, a, step, timeout: budget.timeout, context)
            }
            if !deletes.isEmpty {
                try await write(a.delete.value, rows: deletes, a, step, timeout: budget.timeout, context)
            }
            totals.batches += 1
            try await journal(
                JournalRecord.SyncBatch(
                    step: step.id,
                    batch: Int64(totals.batches),
                    upserted: Int64(upserts.count),
                    deleted: Int64(deletes.count),
                    transient: Int64(transient),
                    lastKey: candidates.last.map { KeyOrder.display($0.key) } ?? .null
                )
            )
        } else {
            totals.batches += 1
        }
        totals.upserted += upserts.count
        totals.deleted += deletes.count
        totals.transient += transient
        budget.progressed()
    }

    /// One `UNWIND $rows` write on the target.
    func write(
        _ query: String,
        rows: [Value],
        _ a: SyncAction,
        _ step: Step,
        timeout: Duration,
        _ context: EvaluationContext
    )
        async throws
    {
        _ = try await runner.runQuery(
            a.on.value,
            ResolvedQuery(statements: [query], parameters: .named(["rows": .list(rows)])),
            timeout: timeout,
            context: context,
            maximumRows: 0
        )
    }
}
