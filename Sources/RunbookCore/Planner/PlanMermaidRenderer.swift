/// Renders a plan as a Mermaid flowchart: phases as subgraphs, gates as hexagons, rollback branches dashed.
public enum PlanMermaidRenderer {
    /// The flowchart source.
    public static func render(_ plan: Plan) -> String {
        let ids = NodeIDs(plan)
        var out = ["flowchart TD"]
        var previous: String?
        func link(_ node: String) {
            if let previous { out.append("    \(previous) --> \(node)") }
            previous = node
        }
        out.append("    start([\"\(label(plan.runbook))\"])")
        previous = "start"
        if !plan.guards.isEmpty {
            out.append("    subgraph guards[\"Guards\"]")
            for g in plan.guards { out.append("        \(node(g, ids))") }
            out.append("    end")
            for g in plan.guards { link(ids.step(g.id)) }
        }
        for phase in plan.phases {
            out.append("    subgraph \(ids.phase(phase.id))[\"\(label(phase.title ?? phase.id))\"]")
            for s in phase.steps { out.append("        \(node(s, ids))") }
            out.append("    end")
            for s in phase.steps { link(ids.step(s.id)) }
        }
        link("done")
        out.append("    done([done])")
        for r in plan.rollbacks {
            out.append("    subgraph \(ids.rollback(r.id))[\"\(label("Rollback: " + (r.title ?? r.id)))\"]")
            for s in r.steps { out.append("        \(node(s, ids))") }
            out.append("    end")
            let steps = r.steps.map { ids.step($0.id) }
            for (a, b) in zip(steps, steps.dropFirst()) { out.append("    \(a) --> \(b)") }
            let entry = steps.first ?? ids.rollback(r.id)
            for s in plan.guards + plan.mainSteps where s.coveredBy.contains(r.id) {
                out.append("    \(ids.step(s.id)) -. fails .-> \(entry)")
            }
            if r.manual { out.append("    \(ids.manual(r.id))>manual] -.-> \(entry)") }
            if r.after.hasPrefix("resume:"), let last = steps.last {
                let target = String(r.after.dropFirst("resume:".count).prefix { $0 != " " })
                out.append("    \(last) -. resume .-> \(ids.step(target))")
            }
        }
        out.append("    classDef mutating fill:#fde2e1,stroke:#c0392b")
        out.append("    classDef gate fill:#fff3cd,stroke:#b8860b")
        out.append("    classDef readonly fill:#e8f4ea,stroke:#2e7d32")
        let all = plan.guards + plan.mainSteps + plan.rollbacks.flatMap(\.steps)
        let gates = all.filter { $0.kind == "gate" }.map { ids.step($0.id) }
        let mutating = all.filter { $0.kind != "gate" && $0.mutates }.map { ids.step($0.id) }
        let readonly = all.filter { $0.kind != "gate" && !$0.mutates }.map { ids.step($0.id) }
        if !gates.isEmpty { out.append("    class \(gates.joined(separator: ",")) gate") }
        if !mutating.isEmpty { out.append("    class \(mutating.joined(separator: ",")) mutating") }
        if !readonly.isEmpty { out.append("    class \(readonly.joined(separator: ",")) readonly") }
        return out.joined(separator: "\n") + "\n"
    }

    static func node(_ s: Plan.Step, _ ids: NodeIDs) -> String {
        let text = label("\(s.id) (\(s.kind))")
        return s.kind == "gate" ? "\(ids.step(s.id)){{\"\(text)\"}}" : "\(ids.step(s.id))[\"\(text)\"]"
    }

    /// Label text inside `"…"`: quotes and angle brackets as Mermaid entity codes.
    static func label(_ s: String) -> String {
        s.replacingAll("#", with: "#35;").replacingAll("\"", with: "#quot;").replacingAll("<", with: "#lt;")
            .replacingAll(">", with: "#gt;")
    }
}
