import RunbookCore

/// `abort_if`: while a forward step of a scope that declares it runs, its query is asked every `every`; the first
/// non-empty answer cancels the step (its process group is torn down as on Ctrl-C) and the step fails with the
/// answer as its reason, final (no retry), so the rollback that covers it starts as for any failed step.
///
/// Guards, gates and rollback steps are never watched (an alarm must not cancel the rollback it calls for).
struct AbortWatch {
    /// The alarm fired during a step.
    struct Triggered: Error, Sendable {
        /// `runbook` or `phase ID`.
        var scope: String
        /// The Prometheus server, as shown (scheme, host and port).
        var prometheus: String
        /// The query as asked.
        var query: String
        /// What it answered.
        var answer: AlarmAnswer

        /// The step's failure message.
        var message: String {
            "aborted by abort_if (\(scope)): `\(query)` returned \(answer.series) series on \(prometheus)"
        }

        /// The `abort.triggered` event's data.
        func data(step: String) -> Value {
            .map([
                ("step", .string(step)), ("scope", .string(scope)), ("prometheus", .string(prometheus)),
                ("query", .string(query)), ("series", .int(Int64(answer.series))), ("answer", .string(answer.text)),
            ])
        }
    }

    /// A condition with its URL and query rendered.
    struct Watched: Sendable {
        var scope: String
        var url: String
        var query: String
        var every: Duration
    }

    /// What finished first: the step or an alarm.
    enum Outcome: Sendable {
        case result(StepResult)
        case alarm(Triggered)
    }

    /// Lets the step's own body run on a child task while the driver's task waits for the group (the body is
    /// never touched by two tasks at once).
    struct Body: @unchecked Sendable {
        let run: () async throws -> StepResult
    }

    let runbook: Runbook
    let source: any AlarmSource
    let clock: any RunClock
    let terminal: Terminal

    /// The conditions watching `step`: the runbook's and its phase's.
    func conditions(for step: Step, role: StepRole) -> [(scope: String, condition: AbortCondition)] {
        guard role == .main else { return [] }
        var list: [(String, AbortCondition)] = []
        if let c = runbook.abortIf { list.append(("runbook", c)) }
        if let phase = runbook.phase(ofStep: step.id), let c = phase.abortIf { list.append(("phase \(phase.id)", c)) }
        return list
    }

    /// Runs `body`, cancelled and failed as `Triggered` when an alarm of the step's scope fires first.
    func watch(
        _ step: Step,
        role: StepRole,
        context: EvaluationContext,
        _ body: @escaping () async throws -> StepResult
    ) async throws -> StepResult {
        var watched: [Watched] = []
        for (scope, c) in conditions(for: step, role: role) {
            do {
                watched.append(
                    Watched(
                        scope: scope,
                        url: try c.prometheus.render(in: context).text,
                        query: try c.query.render(in: context).text,
                        every: c.every.duration
                    )
                )
            } catch {
                terminal.line("warning: abort_if (\(scope)) cannot be rendered (\(error.message)); not watched")
            }
        }
        guard !watched.isEmpty else { return try await body() }
        let box = Body(run: body)
        return try await withThrowingTaskGroup(of: Outcome.self) { group in
            group.addTask { .result(try await box.run()) }
            for w in watched { group.addTask { .alarm(try await poll(w)) } }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            switch first {
            case .result(let result): return result
            case .alarm(let triggered): throw triggered
            }
        }
    }

    /// Asks until the answer is non-empty; a query that fails is reported once and asked again.
    func poll(_ w: Watched) async throws -> Triggered {
        var warned = false
        let shown = Notifier.Target.display(w.url)
        while true {
            do {
                let answer = try await source.query(prometheus: w.url, query: w.query)
                if answer.series > 0 {
                    return Triggered(scope: w.scope, prometheus: shown, query: w.query, answer: answer)
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if !warned {
                    terminal.line(
                        "warning: abort_if (\(w.scope)): cannot ask \(shown) (\(error)); the step goes on, asked again every \(w.every)"
                    )
                    warned = true
                }
            }
            try await clock.sleep(for: w.every)
        }
    }
}
