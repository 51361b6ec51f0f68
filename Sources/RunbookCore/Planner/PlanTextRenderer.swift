/// Renders a plan as text for the terminal.
public enum PlanTextRenderer {
    /// The plan as lines of text.
    public static func render(_ plan: Plan) -> String {
        var out: [String] = []
        out.append("Plan: \(plan.runbook)" + (plan.title.map { " — \($0)" } ?? ""))
        if !plan.params.isEmpty {
            out.append("Parameters:")
            for p in plan.params {
                let value = p.value.map { $0.text } ?? "<not set>"
                out.append("  \(p.name) = \(value)  (\(p.source.rawValue))")
            }
        }
        if let k = plan.kubernetes { out.append("Kubernetes: \(k)") }
        if !plan.guards.isEmpty {
            out.append("")
            out.append("Guards (checked before any step):")
            for step in plan.guards { out += lines(step, number: nil) }
        }
        var n = 0
        for phase in plan.phases {
            out.append("")
            out.append("Phase \(phase.id)" + (phase.title.map { ": \($0)" } ?? ""))
            for step in phase.steps {
                n += 1
                out += lines(step, number: n)
            }
        }
        if !plan.rollbacks.isEmpty {
            out.append("")
            out.append("Rollback scenarios:")
            for r in plan.rollbacks {
                let how =
                    r.manual
                    ? "manual only (runbook rollback RUN --scenario \(r.id))"
                    : "triggered by: \(r.triggers.joined(separator: ", "))"
                out.append("  \(r.id)" + (r.title.map { " — \($0)" } ?? ""))
                out.append("    \(how); afterwards: \(r.after)")
                for step in r.steps { out += lines(step, number: nil).map { "  " + $0 } }
            }
        }
        out.append("")
        let mutating = plan.mainSteps.filter(\.mutates).count
        let gates = plan.mainSteps.filter { $0.kind == "gate" }.count
        out.append(
            "Summary: \(plan.mainSteps.count) steps (\(mutating) mutating, \(gates) gates), \(plan.guards.count) guards, \(plan.rollbacks.count) rollback scenarios"
        )
        var estimate = "Estimate: \(plan.stepEstimateTotal) from step estimates"
        if plan.unestimatedSteps > 0 { estimate += " (\(plan.unestimatedSteps) steps without an estimate)" }
        if let declared = plan.declaredEstimate { estimate += "; runbook says \(declared)" }
        out.append(estimate)
        for w in plan.warnings { out.append("warning: \(w)") }
        return out.joined(separator: "\n") + "\n"
    }

    static func lines(_ step: Plan.Step, number: Int?) -> [String] {
        var out: [String] = []
        let prefix = number.map { String($0).leftPadded(to: 3) + ". " } ?? "   - "
        let mode = step.kind == "gate" ? "GATE" : (step.mutates ? "MUTATES" : "read-only")
        var head = "\(prefix)\(step.id) [\(step.kind), \(mode)] → \(step.target)"
        if let e = step.estimate { head += "  ~\(e)" }
        out.append(head)
        let indent = "        "
        if let t = step.title { out.append(indent + t) }
        if let d = step.description {
            for line in d.split(separator: "\n") { out.append(indent + "note: " + line) }
        }
        if let c = step.condition { out.append(indent + "when \(c)") }
        for line in step.command {
            var subs = line.split(separator: "\n", omittingEmptySubsequences: false)
            if subs.count > 1, subs.last?.isEmpty == true { subs.removeLast() }  // a block scalar's final newline
            for sub in subs { out.append(indent + "│ " + sub) }
        }
        var facts: [String] = []
        if !step.coveredBy.isEmpty { facts.append("rollback: \(step.coveredBy.joined(separator: ", "))") }
        if step.onFailure != "abort" && !step.onFailure.hasPrefix("rollback:") {
            facts.append("on failure: \(step.onFailure)")
        }
        if let r = step.retryAttempts { facts.append("retry ×\(r)") }
        if let t = step.timeout { facts.append("timeout \(t)") }
        if step.hasReconcile { facts.append("reconcile probe") }
        if step.mutates && !step.idempotent { facts.append("not idempotent") }
        if let a = step.gateApprovers, a > 1 { facts.append("\(a) approvers") }
        if !facts.isEmpty { out.append(indent + facts.joined(separator: " · ")) }
        return out
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
