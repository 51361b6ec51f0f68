/// Renders a plan as stable JSON (format `runbook-plan/1`, documented in the README).
public enum PlanJSONRenderer {
    /// The format identifier written as `"format"`.
    public static let format = "runbook-plan/1"

    /// The plan as pretty-printed JSON.
    public static func render(_ plan: Plan) -> String {
        JSONWriter.pretty(value(plan)) + "\n"
    }

    /// The plan as a `Value` tree.
    public static func value(_ plan: Plan) -> Value {
        var estimate: [(key: String, value: Value)] = [
            ("steps_total_seconds", .double(plan.stepEstimateTotal.seconds)),
            ("unestimated_steps", .int(Int64(plan.unestimatedSteps))),
        ]
        estimate.append(("declared_seconds", plan.declaredEstimate.map { .double($0.seconds) } ?? .null))
        return .map([
            ("format", .string(format)),
            ("runbook", .string(plan.runbook)),
            ("title", plan.title.map(Value.string) ?? .null),
            (
                "params",
                .list(
                    plan.params.map {
                        .map([
                            ("name", .string($0.name)), ("value", $0.value ?? .null),
                            ("source", .string($0.source.rawValue)),
                        ])
                    }
                )
            ),
            ("kubernetes", plan.kubernetes.map(Value.string) ?? .null),
            ("guards", .list(plan.guards.map(step))),
            (
                "phases",
                .list(
                    plan.phases.map {
                        .map([
                            ("id", .string($0.id)), ("title", $0.title.map(Value.string) ?? .null),
                            ("steps", .list($0.steps.map(step))),
                        ])
                    }
                )
            ),
            ("rollbacks", .list(plan.rollbacks.map(rollback))),
            ("estimate", .map(estimate)),
            ("warnings", .list(plan.warnings.map(Value.string))),
        ])
    }

    static func rollback(_ r: Plan.Rollback) -> Value {
        .map([
            ("id", .string(r.id)),
            ("title", r.title.map(Value.string) ?? .null),
            ("manual", .bool(r.manual)),
            ("triggers", .list(r.triggers.map(Value.string))),
            ("after", .string(r.after)),
            ("steps", .list(r.steps.map(step))),
        ])
    }

    static func step(_ s: Plan.Step) -> Value {
        .map([
            ("id", .string(s.id)),
            ("title", s.title.map(Value.string) ?? .null),
            ("kind", .string(s.kind)),
            ("target", .string(s.target)),
            ("mutates", .bool(s.mutates)),
            ("idempotent", .bool(s.idempotent)),
            ("command", .list(s.command.map(Value.string))),
            ("when", s.condition.map(Value.string) ?? .null),
            ("covered_by", .list(s.coveredBy.map(Value.string))),
            ("on_failure", .string(s.onFailure)),
            ("estimate_seconds", s.estimate.map { .double($0.seconds) } ?? .null),
            ("timeout_seconds", s.timeout.map { .double($0.seconds) } ?? .null),
            ("retry_attempts", s.retryAttempts.map { .int(Int64($0)) } ?? .null),
            ("reconcile", .bool(s.hasReconcile)),
            (
                "gate",
                s.kind == "gate"
                    ? .map([
                        ("confirm", s.gateConfirm.map(Value.string) ?? .null),
                        ("approvers", .int(Int64(s.gateApprovers ?? 1))),
                    ]) : .null
            ),
            ("description", s.description.map(Value.string) ?? .null),
            ("expect", .list(s.expectations.map(Value.string))),
            ("capture", .list(s.captures.map(Value.string))),
        ])
    }
}
