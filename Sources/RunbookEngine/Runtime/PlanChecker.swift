import Foundation
import RunbookCore

/// `plan --check`: runs the guards and read-only steps for real on read-only sessions, never a mutating step,
/// and reports each value and the run/skip decision (dry runs never mutate).
public struct PlanChecker {
    /// One step's verdict.
    public struct Line: Sendable {
        /// Step id.
        public var step: String
        /// `passed`, `failed`, `skip`, `not-run`, `unknown`.
        public var verdict: String
        /// What was seen or why it was not run.
        public var detail: String
    }

    let runbook: Runbook
    let connectors: Connectors
    let environment: [String: String]

    /// Creates a checker.
    public init(runbook: Runbook, connectors: Connectors, environment: [String: String]) {
        self.runbook = runbook
        self.connectors = connectors
        self.environment = environment
    }

    /// Runs the check.
    ///
    /// Throws only when secrets cannot be read.
    public func check(bindings: [ParamBinder.Binding]) async throws -> [Line] {
        let secrets = try await SecretStore.load(
            runbook: runbook,
            environment: environment,
            params: Dictionary(bindings.compactMap { b in b.value.map { (b.name, $0) } }) { a, _ in a },
            processes: connectors.process
        )
        var check = Walk(
            machine: RunStateMachine(runbook: runbook, external: secrets.external(environment: environment)),
            redactor: secrets.redactor
        )
        check.record(
            .runStarted(
                .init(
                    runID: "plan-check",
                    runbook: runbook.id,
                    runbookDigest: "",
                    file: "",
                    params: bindings.map { JournalField($0.name, $0.value ?? .null) },
                    operatorName: "",
                    host: "",
                    pid: 0,
                    toolVersion: nil,
                    from: nil,
                    only: nil
                )
            )
        )
        let runner = StepRunner(runbook: runbook, connectors: connectors, redactor: secrets.redactor, readOnly: true) {
            _,
            _ in
        }
        // Every step settles once (run, skipped or failed), so the walk is bounded by the steps' effects.
        var budget = 8 * (runbook.guards.count + runbook.mainSteps.count) + 8
        walk: while budget > 0 {
            budget -= 1
            switch check.machine.nextEffect() {
            case .finished, .append(.runFinished, _, _):
                break walk
            case .append(let record, _, _):
                check.decided(record)
            case .execute(let step, _, _):
                await check.attempt(step, runner: runner, checker: self)
            case .say, .startAttempt, .sleep, .prompt, .awaitApproval, .probe:
                // Nothing is asked, waited for or probed: the step they belong to is already recorded as left out.
                continue
            }
        }
        await runner.close()
        return check.lines
    }

    /// The walk of a check: the machine decides the order and the skips; a step that would mutate, wait or ask
    /// is not run, and every failure is recorded as a check skip, so the walk goes on to the end without retries
    /// or rollbacks.
    struct Walk {
        var machine: RunStateMachine
        let redactor: Redactor
        var writer = JournalWriterState()
        var lines: [Line] = []
        /// Steps whose outputs a check does not know (not run, failed, or themselves unknown).
        var unknownOutputs: Set<String> = []

        /// Folds a record into the machine, as a run's journal would.
        mutating func record(_ record: JournalRecord) {
            let (event, _) = writer.append(type: record.type, time: Timestamp.now(), data: record.data)
            machine.apply(event)
        }

        /// Reports a step the check leaves out, and lets the walk pass it.
        mutating func leave(_ stepID: String, _ verdict: String, _ detail: String) {
            lines.append(Line(step: stepID, verdict: verdict, detail: detail))
            unknownOutputs.insert(stepID)
            record(RunEvents.stepSkipped(stepID, reason: "check", by: "check"))
        }

        /// The step whose outputs `step` uses although the check does not know them, if any.
        func blocker(of step: Step) -> String? {
            step.templates.flatMap(\.references).lazy.compactMap { ref -> String? in
                ref.path.count >= 2 && ref.path[0] == "steps" && unknownOutputs.contains(ref.path[1])
                    ? ref.path[1] : nil
            }.first
        }

        func unknown(_ blocker: String) -> String {
            "cannot evaluate: uses the outputs of '\(blocker)', which a check does not run"
        }

        /// A record the machine decided: a skip, a failure, a gate's wait, a step's success.
        mutating func decided(_ record: JournalRecord) {
            guard let id = record.step, let step = machine.runbook.step(id) else { return self.record(record) }
            if let blocker = blocker(of: step) { return leave(id, "unknown", unknown(blocker)) }
            switch record {
            case .stepSkipped(let skipped):
                if let when = step.when {
                    let value = (try? when.render(in: machine.evaluationContext).text) ?? skipped.reason
                    lines.append(
                        Line(step: id, verdict: "skip", detail: "would skip: \(Planner.source(when)) is \(value)")
                    )
                }
                self.record(RunEvents.stepSkipped(id, reason: "check", by: "check"))
            case .stepFailed(let failed), .guardFailed(let failed):
                if failed.attempt == 0 { return leave(id, "unknown", failed.error) }
                let detail =
                    failed.error.hasPrefix(Self.expectationFailed)
                    ? String(failed.error.dropFirst(Self.expectationFailed.count)) : failed.error
                leave(id, "failed", redactor.redact(detail))
            case .gateWaiting:
                leave(id, "not-run", "gate: would ask for approval")
            case .stepSucceeded(let done), .guardPassed(let done):
                lines.append(
                    Line(
                        step: id,
                        verdict: "passed",
                        detail: "\(redactor.redact(done.summary)); value \(redactor.redact(done.value.text).prefix(80))"
                    )
                )
                self.record(record)
            default:
                self.record(record)
            }
        }

        static let expectationFailed = "expectation failed: "

        /// An attempt the machine starts: run for real when it only reads, else left out.
        mutating func attempt(_ step: Step, runner: StepRunner, checker: PlanChecker) async {
            if let blocker = blocker(of: step) { return leave(step.id, "unknown", unknown(blocker)) }
            switch step.body {
            case .gate:
                return leave(step.id, "not-run", "gate: would ask for approval")
            case .wait:
                return leave(step.id, "not-run", "wait: not run in a check")
            case .sync:
                // The diff and its verification read both sides (read-only sessions); nothing is written.
                let line = await checker.checkSync(
                    step,
                    runner: runner,
                    context: machine.evaluationContext,
                    redactor: redactor
                )
                return leave(step.id, line.verdict, line.detail)
            default:
                break
            }
            if step.mutates {
                return leave(step.id, "not-run", "mutates (\(step.body.kind)): never run by a check")
            }
            do {
                let result = try await runner.execute(step, body: step.body, context: machine.evaluationContext)
                machine.receive(.attemptFinished(.returned(result, durationMs: 0)))
            } catch let failure as StepFailure {
                leave(step.id, "failed", redactor.redact(failure.message))
            } catch {
                leave(step.id, "failed", redactor.redact("\(error)"))
            }
        }
    }

    /// What a sync would write, computed on read-only sessions.
    func checkSync(_ step: Step, runner: StepRunner, context: EvaluationContext, redactor: Redactor) async -> Line {
        do {
            let result = try await runner.execute(step, body: step.body, context: context)
            return Line(
                step: step.id,
                verdict: "not-run",
                detail: "sync, no writes: \(redactor.redact(result.summary))"
            )
        } catch let failure as StepFailure {
            return Line(step: step.id, verdict: "failed", detail: redactor.redact(failure.message))
        } catch {
            return Line(step: step.id, verdict: "failed", detail: redactor.redact("\(error)"))
        }
    }
}
