import RunbookCore

/// Runs `compare` steps: two scalar queries and an operator, or the same per sampled key.
struct CompareRunner {
    let runner: StepRunner

    func run(_ a: CompareAction, timeout: Duration?, context: EvaluationContext) async throws -> StepResult {
        if a.op == .sameRows {
            return try await KeyedCompareRunner(runner: runner).run(a, timeout: timeout, context: context)
        }
        guard let sample = a.sample else {
            let left = try await scalar(a.left, key: nil, timeout: timeout, context: context)
            let right = try await scalar(a.right, key: nil, timeout: timeout, context: context)
            let verdict = CompareEvaluator.evaluate(a.op, left: left, right: right)
            let result = StepResult(
                value: .bool(verdict.holds),
                fields: [
                    "left": left, "right": right, "difference": verdict.difference, "value": .bool(verdict.holds),
                ],
                summary: verdict.message
            )
            if !verdict.holds { throw StepFailure("compare failed: \(verdict.message)", result: StepResultBox(result)) }
            return result
        }
        let keyRows = try await rows(sample.keys, size: sample.size, timeout: timeout, context: context)
        var mismatches: [Value] = []
        var lines: [String] = []
        for key in keyRows.prefix(sample.size) {
            let left = try await scalar(a.left, key: key, timeout: timeout, context: context)
            let right = try await scalar(a.right, key: key, timeout: timeout, context: context)
            let verdict = CompareEvaluator.evaluate(a.op, left: left, right: right)
            if !verdict.holds {
                mismatches.append(
                    .map([("key", key), ("left", left), ("right", right), ("difference", verdict.difference)])
                )
                lines.append("key \(key.text): \(verdict.message)")
            }
        }
        let checked = min(keyRows.count, sample.size)
        let summary =
            mismatches.isEmpty
            ? "sample verification passed (\(checked) keys)"
            : "sample verification failed: \(mismatches.count) of \(checked) keys differ"
        let result = StepResult(
            value: .bool(mismatches.isEmpty),
            fields: [
                "value": .bool(mismatches.isEmpty), "mismatches": .list(mismatches), "left": .int(Int64(checked)),
                "right": .int(Int64(checked - mismatches.count)), "difference": .int(Int64(mismatches.count)),
            ],
            rowCount: checked,
            summary: summary
        )
        if !mismatches.isEmpty {
            throw StepFailure(summary, detail: lines.joined(separator: "\n"), result: StepResultBox(result))
        }
        return result
    }

    func query(_ side: QuerySide, key: Value?, size: Int?, context: EvaluationContext) throws -> ResolvedQuery {
        switch side.language {
        case .sql:
            var params: [Value] = []
            for t in side.sqlParams { params.append(try runner.render { try t.render(in: context) }) }
            if let key {
                params = [key] + params
            } else if let size, params.isEmpty, side.query.value.contains("$1") {
                params = [.int(Int64(size))]
            }
            return ResolvedQuery(statements: [side.query.value], parameters: .positional(params))
        case .cypher:
            var params: [String: Value] = [:]
            for (name, t) in side.cypherParams { params[name] = try runner.render { try t.render(in: context) } }
            if let key { params["key"] = key }
            if let size { params["size"] = .int(Int64(size)) }
            return ResolvedQuery(statements: [side.query.value], parameters: .named(params))
        }
    }

    func scalar(_ side: QuerySide, key: Value?, timeout: Duration?, context: EvaluationContext) async throws -> Value {
        let result = try await runner.runQuery(
            side.on.value,
            try query(side, key: key, size: nil, context: context),
            timeout: timeout,
            context: context
        )
        return result.scalar
    }

    func rows(_ side: QuerySide, size: Int, timeout: Duration?, context: EvaluationContext) async throws -> [Value] {
        let result = try await runner.runQuery(
            side.on.value,
            try query(side, key: nil, size: size, context: context),
            timeout: timeout,
            context: context
        )
        return result.rows.compactMap(\.first)
    }
}
