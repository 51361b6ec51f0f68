/// Lays a plan out top to bottom and draws it as inline SVG.
///
/// The main column holds the start, the guards box, one box per phase with its steps stacked
/// inside, and the end. Rollback scenarios are boxes in a second column, each placed level with the
/// first step that triggers it; dashed red edges run from every covered step to its scenario, and a
/// dotted blue edge from a scenario that resumes back to the step it resumes at.
struct PlanFlowSVG {
    let plan: Plan

    let nodeWidth = 300.0
    let nodeHeight = 38.0
    let gap = 14.0
    let boxPadding = 12.0
    let titleHeight = 24.0
    let mainX = 30.0
    let rollbackX = 560.0

    /// Where a step's node was placed.
    struct Node {
        var step: Plan.Step
        var x: Double
        var y: Double
    }

    /// A drawn box (guards, phase or rollback) with its title and nodes.
    struct Box {
        var cssClass: String
        var title: String
        var x: Double
        var y: Double
        var height: Double
        var nodes: [Node]
    }

    func render() -> String {
        var y = 16.0
        var out: [String] = []
        var mainBoxes: [Box] = []
        let start = terminal("▶ " + plan.runbook, y: y)
        out.append(start)
        var previousBottom = (x: mainX + nodeWidth / 2, y: y + 30)
        y += 30 + gap + 6
        var edges: [String] = []
        var sections: [(String, String, [Plan.Step])] = []
        if !plan.guards.isEmpty { sections.append(("fl-guards", "Guards (checked first)", plan.guards)) }
        for p in plan.phases { sections.append(("fl-phase", p.title ?? p.id, p.steps)) }
        for (cssClass, title, steps) in sections {
            let box = layoutBox(cssClass: cssClass, title: title, steps: steps, x: mainX, y: y)
            mainBoxes.append(box)
            for node in box.nodes {
                edges.append(arrow(from: previousBottom, to: (node.x + nodeWidth / 2, node.y)))
                previousBottom = (node.x + nodeWidth / 2, node.y + nodeHeight)
            }
            y = box.y + box.height + gap * 1.5
        }
        let doneY = y + 6
        edges.append(arrow(from: previousBottom, to: (mainX + nodeWidth / 2, doneY)))
        out.append(terminal("■ done", y: doneY))
        var bottom = doneY + 30

        var positions: [String: Node] = [:]
        for box in mainBoxes { for node in box.nodes { positions[node.step.id] = node } }
        var rollbackY = 16.0
        var rollbackBoxes: [Box] = []
        for r in plan.rollbacks {
            let triggerY =
                plan.mainSteps.first { $0.coveredBy.contains(r.id) }.flatMap { positions[$0.id]?.y }
                ?? plan.guards.first { $0.coveredBy.contains(r.id) }.flatMap { positions[$0.id]?.y }
            let title = "↺ " + (r.title ?? r.id) + (r.manual ? " (manual only)" : "")
            let box = layoutBox(
                cssClass: "fl-rollback",
                title: title,
                steps: r.steps,
                x: rollbackX,
                y: max(rollbackY, (triggerY ?? rollbackY) - titleHeight)
            )
            rollbackBoxes.append(box)
            rollbackY = box.y + box.height + gap * 2
            bottom = max(bottom, rollbackY)
            let entry = (x: box.x - boxPadding, y: box.y + titleHeight / 2 + 4)
            for s in plan.guards + plan.mainSteps where s.coveredBy.contains(r.id) {
                guard let node = positions[s.id] else { continue }
                edges.append(curve(from: (node.x + nodeWidth, node.y + nodeHeight / 2), to: entry, css: "fl-fail"))
            }
            for (a, b) in zip(box.nodes, box.nodes.dropFirst()) {
                edges.append(arrow(from: (a.x + nodeWidth / 2, a.y + nodeHeight), to: (b.x + nodeWidth / 2, b.y)))
            }
            if r.after.hasPrefix("resume:"), let last = box.nodes.last {
                let target = String(r.after.dropFirst("resume:".count).prefix { $0 != " " })
                if let node = positions[target] {
                    edges.append(
                        curve(
                            from: (last.x, last.y + nodeHeight / 2),
                            to: (node.x + nodeWidth, node.y + nodeHeight - 6),
                            css: "fl-resume"
                        )
                    )
                }
            }
        }
        let width = rollbackBoxes.isEmpty ? mainX + nodeWidth + 60 : rollbackX + nodeWidth + 40
        var svg = [
            "<svg class=\"flow\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(bottom + 10))\""
                + " width=\"\(n(width))\" role=\"img\" aria-label=\"Flow of the runbook\">",
            "<defs>" + marker("arrow", "#607d8b") + marker("arrow-fail", "#e53935") + marker("arrow-resume", "#1e88e5")
                + "</defs>",
        ]
        // Frames under the edges, titles (with a halo) and nodes over them.
        for box in mainBoxes + rollbackBoxes { svg.append(frame(box)) }
        svg += edges
        for box in mainBoxes + rollbackBoxes { svg.append(content(box)) }
        svg += out
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    func layoutBox(cssClass: String, title: String, steps: [Plan.Step], x: Double, y: Double) -> Box {
        var nodes: [Node] = []
        var cursor = y + titleHeight + 4
        for s in steps {
            nodes.append(Node(step: s, x: x, y: cursor))
            cursor += nodeHeight + gap
        }
        let height = max(cursor - y - gap + boxPadding, titleHeight + boxPadding)
        return Box(cssClass: cssClass, title: title, x: x, y: y, height: height, nodes: nodes)
    }

    func frame(_ box: Box) -> String {
        "<rect class=\"\(box.cssClass)\" x=\"\(n(box.x - boxPadding))\" y=\"\(n(box.y))\""
            + " width=\"\(n(nodeWidth + 2 * boxPadding))\" height=\"\(n(box.height))\" rx=\"8\"/>"
    }

    func content(_ box: Box) -> String {
        var out = [
            "<text class=\"\(box.cssClass == "fl-rollback" ? "fl-rollback-title" : "fl-phase-title")\""
                + " x=\"\(n(box.x - boxPadding + 10))\" y=\"\(n(box.y + 17))\">"
                + HTML.escape(Self.fit(box.title, 42)) + "</text>"
        ]
        for node in box.nodes { out.append(draw(node)) }
        return out.joined(separator: "\n")
    }

    func draw(_ node: Node) -> String {
        let s = node.step
        let isGate = s.kind == "gate"
        let cls = "fl-step" + (isGate ? " gate" : (s.mutates ? " mut" : ""))
        var out = "<a href=\"#step-\(HTML.identifier(s.id))\"><g class=\"\(cls)\">"
        let (x, y, w, h) = (node.x, node.y, nodeWidth, nodeHeight)
        if isGate {
            let points = [
                (x + 12, y), (x + w - 12, y), (x + w, y + h / 2), (x + w - 12, y + h), (x + 12, y + h), (x, y + h / 2),
            ]
            out += "<polygon points=\"" + points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ") + "\"/>"
        } else {
            out += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\" rx=\"5\"/>"
        }
        let label = (isGate ? "‖ " : "") + s.id
        let kind = [s.kind, isGate ? "gate" : (s.mutates ? "mutates" : "read-only"), s.target]
            .joined(separator: " · ")
        out += "<text x=\"\(n(x + 14))\" y=\"\(n(y + 16))\">\(HTML.escape(Self.fit(label, 40)))</text>"
        out += "<text class=\"fl-kind\" x=\"\(n(x + 14))\" y=\"\(n(y + 30))\">\(HTML.escape(Self.fit(kind, 44)))</text>"
        out += "<title>\(HTML.escape(s.id + (s.title.map { " — " + $0 } ?? "")))</title></g></a>"
        return out
    }

    func terminal(_ text: String, y: Double) -> String {
        "<rect class=\"fl-terminal\" x=\"\(n(mainX + 40))\" y=\"\(n(y))\" width=\"\(n(nodeWidth - 80))\" height=\"30\""
            + " rx=\"15\"/><text class=\"fl-terminal-text\" x=\"\(n(mainX + nodeWidth / 2))\" y=\"\(n(y + 19))\""
            + " text-anchor=\"middle\">\(HTML.escape(String(text.prefix(34))))</text>"
    }

    func arrow(from a: (x: Double, y: Double), to b: (x: Double, y: Double)) -> String {
        "<path class=\"fl-edge\" d=\"M\(n(a.x)),\(n(a.y)) L\(n(b.x)),\(n(b.y - 2))\" marker-end=\"url(#arrow)\"/>"
    }

    func curve(from a: (x: Double, y: Double), to b: (x: Double, y: Double), css: String) -> String {
        let bend = max(abs(b.x - a.x) / 2, 40)
        let c1 = a.x + (css == "fl-resume" ? -bend : bend)
        let c2 = b.x + (css == "fl-resume" ? bend : -bend)
        let marker = css == "fl-resume" ? "arrow-resume" : "arrow-fail"
        return "<path class=\"\(css)\" d=\"M\(n(a.x)),\(n(a.y)) C\(n(c1)),\(n(a.y)) \(n(c2)),\(n(b.y))"
            + " \(n(b.x)),\(n(b.y))\" marker-end=\"url(#\(marker))\"/>"
    }

    func marker(_ id: String, _ colour: String) -> String {
        "<marker id=\"\(id)\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\""
            + " orient=\"auto-start-reverse\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"\(colour)\"/></marker>"
    }

    func n(_ d: Double) -> String { HTML.number(d) }

    /// `s` cut to `count` characters, with an ellipsis when cut.
    static func fit(_ s: String, _ count: Int) -> String {
        s.count <= count ? s : String(s.prefix(count - 1)) + "…"
    }
}
