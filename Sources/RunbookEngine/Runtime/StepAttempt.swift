import RunbookCore

/// Executes one attempt of a step whose `step.started` is journaled: the body under its `abort_if` watch, with its
/// observers' environment and the heartbeat, then its output journaled; returns how it ended.
///
/// Decides nothing: whether the attempt succeeded (its expectations) and whether it is retried are the machine's.
struct StepAttempt {
    let runner: StepRunner
    let alarms: AbortWatch
    let terminal: Terminal
    let clock: any RunClock
    let heartbeatAfter: Duration?
    let observers: [any RunObserver]
    let output: JournalOutput

    /// Runs the attempt that `started` began.
    func run(
        _ step: Step,
        role: StepRole,
        attempt: Int,
        started: JournalEvent?,
        context: EvaluationContext
    ) async throws -> AttemptOutcome {
        let environment =
            started.map { event in
                observers.reduce(into: [String: String]()) { $0.merge($1.stepEnvironment(event)) { first, _ in first } }
            } ?? [:]
        let start = clock.now
        func elapsed() -> Int64 { (clock.now - start).milliseconds }
        do {
            let heartbeat = heartbeatAfter.map {
                StepHeartbeat(step, attempt: attempt, terminal: terminal, quietPeriod: $0)
            }
            let result: StepResult
            do {
                result = try await StepEnvironment.$variables.withValue(environment) {
                    try await alarms.watch(step, role: role, context: context) { [runner] in
                        try await runner.execute(step, body: step.body, context: context)
                    }
                }
                heartbeat?.stop()
            } catch {
                heartbeat?.stop()
                throw error
            }
            try Task.checkCancellation()
            try await output.record(step, result)
            return .returned(result, durationMs: elapsed())
        } catch let alarm as AbortWatch.Triggered {
            if Task.isCancelled { throw CancellationError() }
            return .aborted(
                alarm: alarm.data(step: step.id),
                message: alarm.message,
                detail: alarm.answer.text,
                durationMs: elapsed()
            )
        } catch let failure as StepFailure {
            if Task.isCancelled { throw CancellationError() }
            if let result = failure.result?.result { try await output.record(step, result) }
            return .failed(
                message: failure.message,
                detail: failure.detail,
                result: failure.result?.result,
                durationMs: elapsed()
            )
        }
    }
}
