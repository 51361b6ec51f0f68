/// Draws a run's attempts as bars on a time axis, as inline SVG.
///
/// One row per attempt, grouped under guard, phase and rollback headings. Bars are positioned by
/// start and end time and link to the attempt's details; rollbacks are shaded bands, and
/// interruptions and resumptions are dashed vertical lines.
struct ReportTimelineSVG {
    let timeline: RunTimeline
    /// Redacts and escapes text.
    let text: (String) -> String

    let labelWidth = 250.0
    let chartWidth = 800.0
    let rowHeight = 22.0
    let axisHeight = 34.0

    var width: Double { labelWidth + chartWidth + 90 }

    /// One drawn row: a group heading or an attempt.
    enum Row {
        case heading(String)
        case attempt(StepAttempt)
    }

    var rows: [Row] {
        var out: [Row] = []
        var group: String?
        for a in timeline.attempts {
            let g = HTMLReportRenderer.groupTitle(a)
            if g != group {
                out.append(.heading(g))
                group = g
            }
            out.append(.attempt(a))
        }
        return out
    }

    let scale: TimelineScale

    init(timeline: RunTimeline, text: @escaping (String) -> String) {
        self.timeline = timeline
        self.text = text
        self.scale = TimelineScale(timeline: timeline)
    }

    func x(_ ms: Int64?) -> Double {
        guard let ms else { return labelWidth }
        return labelWidth + scale.shown(ms) / scale.shownSpan * chartWidth
    }

    func render() -> String {
        let rows = self.rows
        let height = axisHeight + Double(rows.count) * rowHeight + 12
        var out = [
            "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\""
                + " width=\"100%\" role=\"img\" aria-label=\"Timeline of the run\">"
        ]
        out += axis(height: height)
        out += rollbackBands(rows: rows, height: height)
        for (i, row) in rows.enumerated() {
            let y = axisHeight + Double(i) * rowHeight
            switch row {
            case .heading(let title):
                out.append(
                    "<text class=\"tl-group\" x=\"4\" y=\"\(n(y + 15))\">\(text(title))</text>"
                        + "<line class=\"tl-sep\" x1=\"0\" x2=\"\(n(width))\""
                        + " y1=\"\(n(y + 0.5))\" y2=\"\(n(y + 0.5))\"/>"
                )
            case .attempt(let a):
                out.append(bar(a, y: y, stripe: i % 2 == 0))
            }
        }
        out += marks(height: height)
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    func axis(height: Double) -> [String] {
        var out: [String] = []
        let ticks = 5
        for t in 0...ticks {
            let ms = scale.realOffset(scale.shownSpan * Double(t) / Double(ticks))
            let px = labelWidth + chartWidth * Double(t) / Double(ticks)
            out.append(
                "<line class=\"tl-tick\" x1=\"\(n(px))\" x2=\"\(n(px))\" y1=\"\(n(axisHeight - 6))\""
                    + " y2=\"\(n(height - 8))\"/>"
                    + "<text class=\"tl-axis\" x=\"\(n(px))\" y=\"\(n(axisHeight - 10))\" text-anchor=\"middle\">"
                    + "+\(ReportTime.duration(milliseconds: ms))</text>"
            )
        }
        for g in scale.gaps {
            let x1 = x(g.startMs)
            let x2 = x(g.endMs)
            out.append(
                "<rect class=\"tl-gap\" x=\"\(n(x1))\" y=\"\(n(axisHeight))\" width=\"\(n(max(x2 - x1, 2)))\""
                    + " height=\"\(n(height - axisHeight - 12))\"><title>nothing ran for "
                    + ReportTime.duration(milliseconds: g.endMs - g.startMs) + " (squeezed)</title></rect>"
                    + "<text class=\"tl-gap-label\" x=\"\(n((x1 + x2) / 2))\" y=\"\(n(axisHeight + 12))\""
                    + " text-anchor=\"middle\">⋯ \(ReportTime.duration(milliseconds: g.endMs - g.startMs))</text>"
            )
        }
        return out
    }

    func rollbackBands(rows: [Row], height: Double) -> [String] {
        timeline.rollbacks.map { r in
            let x1 = x(ReportTime.milliseconds(r.startTime))
            let x2 = max(x(r.endTime.flatMap(ReportTime.milliseconds) ?? timeline.endMs), x1 + 3)
            return "<rect class=\"tl-rollback\" x=\"\(n(x1))\" y=\"\(n(axisHeight))\" width=\"\(n(x2 - x1))\""
                + " height=\"\(n(height - axisHeight - 12))\"><title>rollback \(text(r.scenario))</title></rect>"
                + "<text class=\"tl-mark-label rb\" x=\"\(n(x1 + 3))\" y=\"\(n(height - 2))\">"
                + "↺ \(text(r.scenario))</text>"
        }
    }

    func marks(height: Double) -> [String] {
        timeline.marks.filter { $0.kind == "interrupted" || $0.kind == "resumed" }.map { m in
            let px = x(ReportTime.milliseconds(m.time))
            return "<line class=\"tl-mark \(m.kind)\" x1=\"\(n(px))\" x2=\"\(n(px))\" y1=\"\(n(axisHeight - 4))\""
                + " y2=\"\(n(height - 12))\"><title>\(text(m.kind)): \(text(m.text))</title></line>"
        }
    }

    func bar(_ a: StepAttempt, y: Double, stripe: Bool) -> String {
        let (_, label) = HTMLReportRenderer.status(a)
        let x1 = x(a.startMs)
        let end = a.endMs ?? timeline.endMs
        let w = max(x(end) - x1, 3)
        let duration = a.status == .skipped ? "" : a.effectiveDurationMs.map { ReportTime.duration(milliseconds: $0) }
        let name = a.step + (a.attempt > 1 ? " #\(a.attempt)" : "")
        var out = "<a href=\"#\(HTMLReportRenderer.anchor(a))\">"
        if stripe {
            out += "<rect class=\"tl-stripe\" x=\"0\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(rowHeight))\"/>"
        }
        out += "<text class=\"tl-label\" x=\"14\" y=\"\(n(y + 15))\">\(text(String(name.prefix(34))))</text>"
        out += "<rect class=\"tl-bar b-\(a.status.rawValue)\" x=\"\(n(x1))\" y=\"\(n(y + 4))\" width=\"\(n(w))\""
        out += " height=\"\(n(rowHeight - 8))\" rx=\"2\"><title>\(text(name)) — \(text(label))"
        out += (duration.map { ", \($0)" } ?? "") + "</title></rect>"
        if let duration, !duration.isEmpty {
            out += "<text class=\"tl-dur\" x=\"\(n(x1 + w + 4))\" y=\"\(n(y + 15))\">\(duration)</text>"
        }
        return out + "</a>"
    }

    func n(_ d: Double) -> String { HTML.number(d) }
}
