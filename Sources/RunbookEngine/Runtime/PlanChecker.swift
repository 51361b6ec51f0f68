import Foundation
import RunbookCore

/// `plan --check`: runs the guards and read-only steps for real on read-only sessions, never a mutating step,
/// and reports each value and the run/skip decision (DESIGN.md §4, "Dry runs never mutate").
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
        var writer = JournalWriterState()
        var machine = RunStateMachine(runbook: runbook, external: secrets.external(environment: environment))
        func record(_ record: JournalRecord) {
            let (event, _) = writer.append(type: record.type, time: Timestamp.now(), data: record.data)
            machine.apply(event)
        }
        record(
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
        var lines: [Line] = []
        var unknownOutputs: Set<String> = []
        for step in runbook.guards + runbook.mainSteps {
            let context = machine.evaluationContext
            let dependsOnUnknown = step.templates.flatMap(\.references).compactMap { ref -> String? in
                ref.path.count >= 2 && ref.path[0] == "steps" && unknownOutputs.contains(ref.path[1])
                    ? ref.path[1] : nil
            }
            if let blocker = dependsOnUnknown.first {
                lines.append(
                    Line(
                        step: step.id,
                        verdict: "unknown",
                        detail: "cannot evaluate: uses the outputs of '\(blocker)', which a check does not run"
                    )
                )
                unknownOutputs.insert(step.id)
                continue
            }
            if let when = step.when {
                do {
                    let value = try when.render(in: context)
                    if !value.isTruthy {
                        lines.append(
                            Line(
                                step: step.id,
                                verdict: "skip",
                                detail: "would skip: \(Planner.source(when)) is \(value.text)"
                            )
                        )
                        record(RunEvents.stepSkipped(step.id, reason: "check", by: "check"))
                        continue
                    }
                } catch {
                    lines.append(
                        Line(step: step.id, verdict: "unknown", detail: "cannot evaluate when: \(error.message)")
                    )
                    unknownOutputs.insert(step.id)
                    continue
                }
            }
            switch step.body {
            case .gate:
                lines.append(Line(step: step.id, verdict: "not-run", detail: "gate: would ask for approval"))
                unknownOutputs.insert(step.id)
                continue
            case .wait:
                lines.append(Line(step: step.id, verdict: "not-run", detail: "wait: not run in a check"))
                unknownOutputs.insert(step.id)
                continue
            case .sync:
                // The diff and its verification read both sides (read-only sessions); nothing is written.
                lines.append(await checkSync(step, runner: runner, context: context, redactor: secrets.redactor))
                unknownOutputs.insert(step.id)
                continue
            default:
                break
            }
            if step.mutates {
                lines.append(
                    Line(step: step.id, verdict: "not-run", detail: "mutates (\(step.body.kind)): never run by a check")
                )
                unknownOutputs.insert(step.id)
                continue
            }
            do {
                let result = try await runner.execute(step, body: step.body, context: context)
                let failures = step.expect.map { ExpectEvaluator.failures(of: $0, in: result, context: context) } ?? []
                let summary = secrets.redactor.redact(result.summary)
                if failures.isEmpty {
                    lines.append(
                        Line(
                            step: step.id,
                            verdict: "passed",
                            detail: "\(summary); value \(secrets.redactor.redact(result.value.text).prefix(80))"
                        )
                    )
                    let outputs = result.outputs(of: step.body, capturing: step.capture)
                    record(
                        .stepSucceeded(
                            .init(
                                step: step.id,
                                attempt: 1,
                                durationMs: 0,
                                value: result.value,
                                summary: result.summary,
                                outputs: outputs
                            )
                        )
                    )
                } else {
                    lines.append(
                        Line(
                            step: step.id,
                            verdict: "failed",
                            detail: secrets.redactor.redact(failures.joined(separator: "; "))
                        )
                    )
                    unknownOutputs.insert(step.id)
                }
            } catch let failure as StepFailure {
                lines.append(Line(step: step.id, verdict: "failed", detail: secrets.redactor.redact(failure.message)))
                unknownOutputs.insert(step.id)
            }
        }
        await runner.close()
        return lines
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
