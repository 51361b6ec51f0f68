/// Renders a run's journal as one self-contained HTML page (`runbook replay --format html`).
///
/// The page has no external resources: CSS and a few lines of script are inline, the timeline is
/// inline SVG, and a Content-Security-Policy forbids any fetch. Every journal string goes through
/// the redactor and then `HTML.escape`. The output depends only on the inputs (no clock), so it can
/// be compared with golden files.
public struct HTMLReportRenderer: Sendable {
    /// The journal as read, with its verification result (`problem`, `headHash`, `warnings`).
    public var result: JournalReadResult
    /// The folded state of `result.events`.
    public var state: RunState
    /// Extra redaction for secret values the caller knows (the journal is already redacted).
    public var redactor: Redactor
    /// The version of the tool rendering the page, shown in the footer.
    public var toolVersion: String

    let timeline: RunTimeline

    /// Creates a renderer.
    ///
    /// - Parameters:
    ///   - result: The journal as `JournalReader` read it.
    ///   - state: Its folded state; by default folded here.
    ///   - redactor: Redacts secret values known to the caller.
    ///   - phases: Phase id by step id, when the runbook is at hand (places gates and skips exactly).
    ///   - toolVersion: The renderer's version, for the footer.
    public init(
        result: JournalReadResult,
        state: RunState? = nil,
        redactor: Redactor = Redactor(secrets: []),
        phases: [String: String] = [:],
        toolVersion: String
    ) {
        self.result = result
        self.state = state ?? RunState(events: result.events)
        self.redactor = redactor
        self.toolVersion = toolVersion
        self.timeline = RunTimeline(events: result.events, phases: phases)
    }

    /// The whole page.
    public func render() -> String {
        var body: [String] = []
        body.append(header())
        body.append(navigation())
        body.append(summarySection())
        body.append(timelineSection())
        body.append(gatesSection())
        body.append(rollbacksSection())
        body.append(evidenceSection())
        body.append(stepsSection())
        body.append(journalSection())
        body.append(
            "<footer>Rendered by runbook \(text(toolVersion)) from \(result.events.count) journal events."
                + " Self-contained: no network access.</footer>"
        )
        return HTMLPage.document(
            title: "Run \(text(state.runID.isEmpty ? "(unknown)" : state.runID)) — \(text(state.runbookID))",
            body: body.joined(separator: "\n")
        )
    }

    // MARK: - Helpers

    /// Redacted, escaped text.
    func text(_ s: String) -> String { HTML.escape(redactor.redact(s)) }

    /// Redacted, escaped text of a value.
    func text(_ v: Value) -> String { text(v.text) }

    /// A `<pre>` block of redacted, escaped text.
    func pre(_ s: String, cssClass: String = "") -> String {
        "<pre" + (cssClass.isEmpty ? "" : " class=\"\(cssClass)\"") + ">" + text(s) + "</pre>"
    }

    /// The anchor of an attempt's details.
    static func anchor(_ a: StepAttempt) -> String { "a\(a.line)" }

    /// The outcome as a word and its CSS class.
    var outcome: (label: String, cssClass: String) {
        if let o = state.outcome {
            // A run with warnings still succeeded: it keeps the green of `succeeded`, its label says the rest.
            let css = o == .succeededWithWarnings ? RunOutcome.succeeded.rawValue : o.rawValue
            return (o.rawValue.replacingAll("_", with: " "), "o-" + css)
        }
        if state.interrupted { return ("stopped (resumable)", "o-stopped") }
        return ("unfinished", "o-unfinished")
    }

    /// A status symbol and word for an attempt.
    static func status(_ a: StepAttempt) -> (symbol: String, label: String) {
        switch a.status {
        case .succeeded: return ("✔", "succeeded")
        case .failed: return ("✘", "failed")
        case .retried: return ("↻", "failed, retried")
        case .skipped: return ("↷", "skipped")
        case .inDoubt: return ("?", "in doubt")
        case .gate: return ("‖", "gate")
        }
    }

    /// A table from a header and rows of already-escaped cells.
    static func table(_ header: [String], _ rows: [[String]], cssClass: String = "") -> String {
        var out = ["<table" + (cssClass.isEmpty ? "" : " class=\"\(cssClass)\"") + "><thead><tr>"]
        out.append(header.map { "<th>\($0)</th>" }.joined())
        out.append("</tr></thead><tbody>")
        for row in rows { out.append("<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>") }
        out.append("</tbody></table>")
        return out.joined()
    }
}
