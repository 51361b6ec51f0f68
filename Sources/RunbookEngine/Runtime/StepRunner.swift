import Foundation
import RunbookCore

/// Renders a step's templates with run-time values and executes it through the connectors.
final class StepRunner {
    let runbook: Runbook
    let connectors: Connectors
    let pool: ConnectionPool
    let redactor: Redactor
    let readOnly: Bool
    let output: @Sendable (String, OutputChunk) -> Void
    /// The time `wait` steps see.
    var clock: any RunClock = SystemRunClock()
    /// Runs transfer steps (set by the driver, which owns the journal their checkpoints go to).
    var transfer: ((Step, TransferAction, EvaluationContext) async throws -> StepResult)?
    /// Journals each applied batch of a sync step (set by the driver; nil in `plan --check`, which never writes).
    var syncBatch: ((JournalRecord.SyncBatch) async throws -> Void)?

    init(
        runbook: Runbook,
        connectors: Connectors,
        redactor: Redactor,
        readOnly: Bool = false,
        output: @escaping @Sendable (String, OutputChunk) -> Void
    ) {
        self.runbook = runbook
        self.connectors = connectors
        self.pool = ConnectionPool(runbook: runbook, connectors: connectors)
        self.redactor = redactor
        self.readOnly = readOnly
        self.output = output
    }

    /// The command or query as executed, for the journal (secrets redacted).
    func describe(_ body: StepBody, context: EvaluationContext) -> [String] {
        let lines = PlanCommandRenderer(
            display: { (try? $0.render(in: context).text) ?? Planner.source($0) },
            shellDisplay: { (try? ShellTemplate.display($0, in: context)) ?? Planner.source($0) }
        ).command(of: body)
        var all = lines
        if case .kubectl = body, let k = runbook.kubernetes {
            let context_ = k.context.flatMap { try? $0.render(in: context).text }
            let namespace = k.namespace.flatMap { try? $0.render(in: context).text }
            all = lines.map { line in
                var prefix = "kubectl"
                if let c = context_ { prefix += " --context \(ShellQuote.word(c))" }
                if let n = namespace { prefix += " --namespace \(ShellQuote.word(n))" }
                return line.hasPrefix("kubectl") ? prefix + line.dropFirst("kubectl".count) : line
            }
        }
        return all.map { redactor.redact($0) }
    }

    /// Executes the body once and returns its result (expectations are checked by the caller).
    func execute(_ step: Step, body: StepBody, context: EvaluationContext) async throws -> StepResult {
        let timeout = (step.timeout ?? StepDefaults.builtInTimeout(for: body))?.duration
        switch body {
        case .shell(let a):
            let script = try render { try ShellTemplate.render(a.run, in: context) }
            var env: [String: String] = [:]
            for (name, value) in a.env { env[name] = try render { try value.render(in: context).text } }
            let cwd = try a.cwd.map { t in try render { try t.render(in: context).text } }
            return try await runProcess(step, .shell(script: script, environment: env, cwd: cwd), timeout: timeout)
        case .kubectl(let a):
            var args: [String] = []
            for t in a.args { args.append(try render { try t.render(in: context).text }) }
            let k = runbook.kubernetes
            let kubeContext = try k?.context.map { t in try render { try t.render(in: context).text } }
            let namespace = try k?.namespace.map { t in try render { try t.render(in: context).text } }
            return try await runProcess(
                step,
                .kubectl(arguments: args, context: kubeContext, namespace: namespace),
                timeout: timeout
            )
        case .sql(let a):
            var params: [Value] = []
            for t in a.params { params.append(try render { try t.render(in: context) }) }
            let query = ResolvedQuery(
                statements: a.statements.map(\.value),
                parameters: .positional(params),
                transaction: a.transaction
            )
            return try await queryStep(step, a.on.value, query, timeout: timeout, context: context)
        case .cypher(let a):
            var params: [String: Value] = [:]
            for (name, t) in a.params { params[name] = try render { try t.render(in: context) } }
            let query = ResolvedQuery(
                statements: a.statements.map(\.value),
                parameters: .named(params),
                transaction: a.transaction
            )
            // A routed connection sends reads to followers: `mode`, else what `mutates` says.
            let reads = a.mode.map { $0 == .read } ?? !step.mutates
            return try await queryStep(step, a.on.value, query, timeout: timeout, context: context, reads: reads)
        case .compare(let a):
            return try await CompareRunner(runner: self).run(a, timeout: timeout, context: context)
        case .wait(.duration(let d)):
            try await clock.sleep(for: d.duration)
            return StepResult(value: .int(1), fields: ["attempts": .int(1)], summary: "waited \(d)")
        case .wait(.until(let target, let every, let limit)):
            return try await poll(target.value, every: every, timeout: limit, context: context)
        case .gate:
            throw StepFailure("internal: gates are handled by the gate controller")
        case .transfer(let a):
            guard let transfer else { throw StepFailure("transfer steps need a journal for their checkpoints") }
            return try await transfer(step, a, context)
        case .http(let a):
            return try await HTTPRunner(runner: self).run(step, a, context: context)
        case .sync(let a):
            return try await SyncRunner(runner: self, journal: readOnly ? nil : syncBatch).run(
                step,
                a,
                context: context
            )
        }
    }

    func render<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ExpressionError {
            throw StepFailure("cannot render a value: \(error.message) (at \(error.location))")
        }
    }

    func runQuery(
        _ connection: String,
        _ query: ResolvedQuery,
        timeout: Duration?,
        context: EvaluationContext,
        maximumRows: Int = 10_000
    ) async throws -> QueryResult {
        do {
            return try await executeQuery(
                connection,
                query,
                timeout: timeout,
                context: context,
                maximumRows: maximumRows
            )
        } catch let error as ExecutorError {
            throw stepFailure(error)
        }
    }

    /// A `sql`/`cypher` step's query; with `expect: { error_code: … }` a server error becomes the result
    /// (`error_code`, `error_message`, `gql_status`) for the expectation to check.
    func queryStep(
        _ step: Step,
        _ connection: String,
        _ query: ResolvedQuery,
        timeout: Duration?,
        context: EvaluationContext,
        reads: Bool = false
    ) async throws -> StepResult {
        do {
            return StepResult(
                query: try await executeQuery(connection, query, timeout: timeout, context: context, reads: reads)
            )
        } catch let error as ExecutorError {
            guard error.code == .server, let code = error.serverCode, step.expect?.checksErrorCode == true else {
                throw stepFailure(error)
            }
            return StepResult(serverError: code, message: redactor.redact(error.message), gqlStatus: error.gqlStatus)
        }
    }

    private func executeQuery(
        _ connection: String,
        _ query: ResolvedQuery,
        timeout: Duration?,
        context: EvaluationContext,
        maximumRows: Int = 10_000,
        reads: Bool = false
    ) async throws -> QueryResult {
        let executor = try pool.executor(for: connection, context: context)
        let options = ExecutionOptions(readOnly: readOnly || reads, timeout: timeout, maximumRows: maximumRows)
        return try await executor.execute(query, options: options)
    }

    /// The step failure for a connector error: the message with the server's codes; the codes again, one per
    /// line, at the head of the detail (the journal's `detail`).
    private func stepFailure(_ error: ExecutorError) -> StepFailure {
        var lines: [String] = []
        if let code = error.serverCode { lines.append("server code: \(code)") }
        if let gql = error.gqlStatus { lines.append("GQL status: \(gql)") }
        if let detail = error.detail { lines.append(redactor.redact(detail)) }
        var failure = StepFailure(
            redactor.redact(error.message) + error.codeSuffix,
            detail: lines.isEmpty ? nil : lines.joined(separator: "\n")
        )
        failure.timedOut = error.code == .timeout
        return failure
    }

    func runProcess(_ step: Step, _ process: ResolvedProcess, timeout: Duration?) async throws -> StepResult {
        let id = step.id
        let output = self.output
        let outcome: ProcessOutcome
        do {
            outcome = try await connectors.process.run(process, timeout: timeout) { chunk in output(id, chunk) }
        } catch let error as ExecutorError {
            throw StepFailure(redactor.redact(error.message), detail: error.detail.map { redactor.redact($0) })
        }
        let result = StepResult(process: outcome)
        if outcome.timedOut {
            var failure = StepFailure(
                "timed out after \(step.timeout?.description ?? "?")",
                detail: tail(outcome.stderr),
                result: StepResultBox(result)
            )
            failure.timedOut = true
            throw failure
        }
        let checksExitCode =
            step.expect?.checks.contains { if case .exitCode = $0.predicate { return true } else { return false } }
            ?? false
        if outcome.exitCode != 0, !checksExitCode {
            throw StepFailure(
                "exit code \(outcome.exitCode)",
                detail: tail(outcome.stderr.isEmpty ? outcome.stdout : outcome.stderr),
                result: StepResultBox(result)
            )
        }
        return result
    }

    func tail(_ text: String) -> String? {
        let trimmed = redactor.redact(text).trimmingSpaces()
        guard !trimmed.isEmpty else { return nil }
        let lines = trimmed.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.suffix(20).joined(separator: "\n")
    }

    /// `wait: until`: runs the target step's body and expectation every `every` until it holds.
    func poll(
        _ target: String,
        every: DurationSpec,
        timeout: DurationSpec,
        context: EvaluationContext
    ) async throws -> StepResult {
        guard let step = runbook.step(target) else { throw StepFailure("wait: unknown step '\(target)'") }
        let deadline = clock.now + timeout.duration
        var attempts = 0
        var last = "never ran"
        while true {
            attempts += 1
            do {
                let result = try await execute(step, body: step.body, context: context)
                let failures = step.expect.map { ExpectEvaluator.failures(of: $0, in: result, context: context) } ?? []
                if failures.isEmpty {
                    return StepResult(
                        value: .int(Int64(attempts)),
                        fields: ["attempts": .int(Int64(attempts))],
                        summary: "'\(target)' held after \(attempts) attempt(s)"
                    )
                }
                last = failures.joined(separator: "; ")
            } catch let failure as StepFailure {
                last = failure.message
            }
            if clock.now + every.duration > deadline {
                throw StepFailure("'\(target)' did not hold within \(timeout) (\(attempts) attempts); last: \(last)")
            }
            try await clock.sleep(for: every.duration)
        }
    }

    func close() async { await pool.closeAll() }
}
