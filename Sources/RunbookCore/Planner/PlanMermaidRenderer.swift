/// Renders a plan as a Mermaid flowchart: phases as subgraphs, gates as hexagons, rollback branches dashed.
public enum PlanMermaidRenderer {
    /// The flowchart source.
    public static func render(_ plan: Plan) -> String {
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
            for g in plan.guards { out.append("        \(node(g))") }
            out.append("    end")
            for g in plan.guards { link(nodeID(g.id)) }
        }
        for phase in plan.phases {
            out.append("    subgraph \(nodeID("phase-" + phase.id))[\"\(label(phase.title ?? phase.id))\"]")
            for s in phase.steps { out.append("        \(node(s))") }
            out.append("    end")
            for s in phase.steps { link(nodeID(s.id)) }
        }
        link("done")
        out.append("    done([done])")
        for r in plan.rollbacks {
            out.append("    subgraph \(nodeID("rollback-" + r.id))[\"\(label("Rollback: " + (r.title ?? r.id)))\"]")
            for s in r.steps { out.append("        \(node(s))") }
            out.append("    end")
            let ids = r.steps.map { nodeID($0.id) }
            for (a, b) in zip(ids, ids.dropFirst()) { out.append("    \(a) --> \(b)") }
            let entry = ids.first ?? nodeID("rollback-" + r.id)
            var sources: [String] = []
            for s in plan.mainSteps + plan.guards where s.coveredBy.contains(r.id) { sources.append(nodeID(s.id)) }
            for source in sources { out.append("    \(source) -. fails .-> \(entry)") }
            if r.manual { out.append("    manual_\(nodeID(r.id))>manual] -.-> \(entry)") }
            if r.after.hasPrefix("resume:"), let last = ids.last {
                let target = String(r.after.dropFirst("resume:".count).prefix { $0 != " " })
                out.append("    \(last) -. resume .-> \(nodeID(target))")
            }
        }
        out.append("    classDef mutating fill:#fde2e1,stroke:#c0392b")
        out.append("    classDef gate fill:#fff3cd,stroke:#b8860b")
        out.append("    classDef readonly fill:#e8f4ea,stroke:#2e7d32")
        let all = plan.guards + plan.mainSteps + plan.rollbacks.flatMap(\.steps)
        let gates = all.filter { $0.kind == "gate" }.map { nodeID($0.id) }
        let mutating = all.filter { $0.kind != "gate" && $0.mutates }.map { nodeID($0.id) }
        let readonly = all.filter { $0.kind != "gate" && !$0.mutates }.map { nodeID($0.id) }
        if !gates.isEmpty { out.append("    class \(gates.joined(separator: ",")) gate") }
        if !mutating.isEmpty { out.append("    class \(mutating.joined(separator: ",")) mutating") }
        if !readonly.isEmpty { out.append("    class \(readonly.joined(separator: ",")) readonly") }
        return out.joined(separator: "\n") + "\n"
    }

    static func node(_ s: Plan.Step) -> String {
        let text = label("\(s.id) (\(s.kind))")
        return s.kind == "gate" ? "\(nodeID(s.id)){{\"\(text)\"}}" : "\(nodeID(s.id))[\"\(text)\"]"
    }

    /// Mermaid node ids: letters, digits and underscores.
    static func nodeID(_ id: String) -> String {
        "n_"
            + String(
                String.UnicodeScalarView(
                    id.unicodeScalars.map {
                        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? $0 : "_"
                    }
                )
            )
    }

    static func label(_ s: String) -> String {
        s.replacingAll("\"", with: "#quot;")
    }
}
