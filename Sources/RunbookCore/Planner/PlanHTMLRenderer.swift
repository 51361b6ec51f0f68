/// Renders a plan as one self-contained HTML page: the flow drawn as inline SVG, then every step.
///
/// Uses the same page shell as the run report (`HTMLPage`): no external resources, every string escaped.
public enum PlanHTMLRenderer {
    /// The page.
    public static func render(_ plan: Plan, toolVersion: String) -> String {
        var body: [String] = []
        body.append(
            "<header class=\"o-plan\"><div class=\"badge\">plan</div><h1>\(HTML.escape(plan.runbook))</h1>"
                + "<p class=\"sub\">\(HTML.escape(plan.title ?? ""))</p></header>"
        )
        body.append(
            "<nav><a href=\"#summary\">Summary</a> <a href=\"#flow\">Flow</a> <a href=\"#steps\">Steps</a>"
                + " <a href=\"#rollbacks\">Rollbacks</a></nav>"
        )
        body.append(summary(plan))
        body.append(
            "<section id=\"flow\"><h2>Flow</h2>" + PlanFlowSVG(plan: plan).render()
                + "<p class=\"legend\"><span class=\"key k-succeeded\"></span>read-only"
                + "<span class=\"key k-failed\"></span>mutates<span class=\"key k-gate\"></span>gate"
                + " · dashed red: a failure starts the rollback · dotted blue: the rollback resumes the run there"
                + " · click a step for its details</p></section>"
        )
        var steps = ["<section id=\"steps\"><h2>Steps</h2>"]
        if !plan.guards.isEmpty {
            steps.append("<h3 class=\"group\">Guards</h3>")
            steps += plan.guards.map(details)
        }
        for phase in plan.phases {
            steps.append("<h3 class=\"group\">\(HTML.escape(phase.id + (phase.title.map { ": " + $0 } ?? "")))</h3>")
            steps += phase.steps.map(details)
        }
        steps.append("</section>")
        body.append(steps.joined(separator: "\n"))
        var rollbacks = ["<section id=\"rollbacks\"><h2>Rollbacks</h2>"]
        if plan.rollbacks.isEmpty { rollbacks.append("<p class=\"muted\">No rollback scenarios.</p>") }
        for r in plan.rollbacks {
            rollbacks.append("<div class=\"card rollback\"><h3>↺ <code>\(HTML.escape(r.id))</code>")
            rollbacks.append((r.title.map { " — " + HTML.escape($0) } ?? "") + "</h3>")
            let how =
                r.manual
                ? "manual only (<code>runbook rollback RUN --scenario \(HTML.escape(r.id))</code>)"
                : "triggered by " + r.triggers.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", ")
            rollbacks.append("<p>\(how); afterwards: <code>\(HTML.escape(r.after))</code></p>")
            rollbacks += r.steps.map(details)
            rollbacks.append("</div>")
        }
        rollbacks.append("</section>")
        body.append(rollbacks.joined(separator: "\n"))
        body.append(
            "<footer>Rendered by runbook \(HTML.escape(toolVersion)). Self-contained: no network access.</footer>"
        )
        return HTMLPage.document(
            title: "Plan — \(HTML.escape(plan.runbook))",
            body: body.joined(separator: "\n")
        )
    }

    static func summary(_ plan: Plan) -> String {
        var out = ["<section id=\"summary\"><h2>Summary</h2>"]
        let mutating = plan.mainSteps.filter(\.mutates).count
        let gates = plan.mainSteps.filter { $0.kind == "gate" }.count
        var estimate = "\(plan.stepEstimateTotal) from step estimates"
        if plan.unestimatedSteps > 0 { estimate += " (\(plan.unestimatedSteps) steps without an estimate)" }
        if let declared = plan.declaredEstimate { estimate += "; runbook says \(declared)" }
        var rows = [
            [
                "Steps",
                "\(plan.mainSteps.count) (\(mutating) mutating, \(gates) gates), \(plan.guards.count) guards,"
                    + " \(plan.rollbacks.count) rollback scenarios",
            ],
            ["Estimate", estimate],
        ]
        if let k = plan.kubernetes { rows.append(["Kubernetes", k]) }
        out.append(
            "<table class=\"meta\"><tbody>"
                + rows.map { "<tr><td><b>\(HTML.escape($0[0]))</b></td><td>\(HTML.escape($0[1]))</td></tr>" }.joined()
                + "</tbody></table>"
        )
        for w in plan.warnings { out.append("<div class=\"verify warn\">⚠ \(HTML.escape(w))</div>") }
        if !plan.params.isEmpty {
            out.append(
                "<h3>Parameters</h3><table><thead><tr><th>Name</th><th>Value</th><th>Source</th></tr></thead><tbody>"
            )
            for p in plan.params {
                let value =
                    p.value.map { "<code>\(HTML.escape($0.text))</code>" } ?? "<span class=\"muted\">not set</span>"
                out.append(
                    "<tr><td><code>\(HTML.escape(p.name))</code></td><td>\(value)</td>"
                        + "<td class=\"muted\">\(HTML.escape(p.source.rawValue))</td></tr>"
                )
            }
            out.append("</tbody></table>")
        }
        out.append("</section>")
        return out.joined(separator: "\n")
    }

    static func details(_ s: Plan.Step) -> String {
        let mode = s.kind == "gate" ? "gate" : (s.mutates ? "mutates" : "read-only")
        var head = "<code>\(HTML.escape(s.id))</code> <span class=\"kind\(s.mutates ? " mut" : "")\">"
        head += HTML.escape(s.kind) + " · " + mode + "</span> <span class=\"muted\">→ \(HTML.escape(s.target))"
        if let e = s.estimate { head += " · ~\(HTML.escape(e.description))" }
        head += "</span>"
        if let t = s.title { head += " — " + HTML.escape(t) }
        let status = s.kind == "gate" ? "gate" : (s.mutates ? "mut" : "ro")
        var out = [
            "<details class=\"step pl-\(status)\" id=\"step-\(HTML.identifier(s.id))\"><summary>\(head)</summary>"
                + "<div class=\"body\">"
        ]
        if let d = s.description?.trimmingSpaces(), !d.isEmpty { out.append("<p class=\"note\">\(HTML.escape(d))</p>") }
        if let c = s.condition { out.append("<p>when <code>\(HTML.escape(c))</code></p>") }
        if !s.command.isEmpty {
            out.append("<div class=\"label\">\(s.kind == "sql" || s.kind == "cypher" ? "Query" : "Command")</div>")
            out.append("<pre class=\"cmd\">\(HTML.escape(s.command.joined(separator: "\n")))</pre>")
        }
        var facts: [String] = s.expectations.map { "expect " + $0 }
        if !s.captures.isEmpty { facts.append("capture " + s.captures.joined(separator: ", ")) }
        if let confirm = s.gateConfirm { facts.append("operator types: \(confirm)") }
        if let a = s.gateApprovers, a > 1 { facts.append("\(a) approvers") }
        if !s.coveredBy.isEmpty { facts.append("rollback on failure: " + s.coveredBy.joined(separator: ", ")) }
        if s.onFailure != "abort" && !s.onFailure.hasPrefix("rollback:") { facts.append("on failure: \(s.onFailure)") }
        if let r = s.retryAttempts { facts.append("retry ×\(r)") }
        if let t = s.timeout { facts.append("timeout \(t)") }
        if s.hasReconcile { facts.append("reconcile probe") }
        if s.mutates && !s.idempotent { facts.append("not idempotent") }
        if !facts.isEmpty {
            out.append("<ul>" + facts.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>")
        }
        out.append("</div></details>")
        return out.joined()
    }
}
