import RunbookCore

/// Runs `compare` with `op: same_rows`, a keyed diff of two streamed, key-ordered sides.
///
/// Both sides are merge-joined; rows only on the left, only on the right, changed and the same are counted, with
/// example keys. Holds when nothing differs; a failed diff still carries its outputs.
struct KeyedCompareRunner {
    let runner: StepRunner

    func run(_ a: CompareAction, timeout: Duration?, context: EvaluationContext) async throws -> StepResult {
        let key = a.key.map(\.value)
        let batch = try runner.batchSize(a.batch, context: context)
        let opener = KeyedSideOpener(runner: runner, key: key, batch: batch, timeout: timeout, context: context)
        let left = try await opener.open(a.left, name: "left", cursor: "runbook_diff_left", slot: nil)
        let sameConnection = a.left.on.value == a.right.on.value
        let right: KeyedSide
        do {
            right = try await opener.open(
                a.right,
                name: "right",
                cursor: "runbook_diff_right",
                slot: sameConnection ? "same_rows.right" : nil
            )
        } catch {
            await left.close()
            throw error
        }
        var tally = KeyedDiffTally(examples: a.examples)
        do {
            try await KeyedMergeJoin.run(left, right) { match in
                switch match {
                case .onlyLeft(let k, _): tally.record(.onlyLeft, key: k)
                case .onlyRight(let k, _): tally.record(.onlyRight, key: k)
                case .both(let k, let l, let r):
                    let same = KeyedMergeJoin.sameValues(l, r, left.layout, right.layout)
                    tally.record(same ? nil : .changed, key: k)
                }
            }
        } catch {
            await left.close()
            await right.close()
            throw error
        }
        await left.close()
        await right.close()
        let result = StepResult(
            value: .bool(tally.holds),
            fields: tally.fields,
            rowCount: tally.leftRows,
            summary: "same_rows: " + tally.summary
        )
        if !tally.holds {
            throw StepFailure(
                "compare failed: same_rows: \(tally.summary)",
                detail: runner.redactor.redact(tally.detail),
                result: StepResultBox(result)
            )
        }
        return result
    }
}
