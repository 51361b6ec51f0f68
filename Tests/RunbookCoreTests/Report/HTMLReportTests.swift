import Foundation
import RunbookCore
import Testing

/// The HTML report and plan renderers, fed with journals built in memory.
@Suite struct HTMLReportTests {
    /// A journal made with `JournalWriterState`, as the engine writes it.
    static func journal(_ events: [(String, Value)]) -> JournalReadResult {
        var writer = JournalWriterState()
        var text = ""
        for (i, (type, data)) in events.enumerated() {
            let ms = String(100 + i * 50)
            text += writer.append(type: type, time: "2026-11-25T10:00:00.\(ms)Z", data: data).line + "\n"
        }
        return JournalReader.read(text)
    }

    static let hostile = "<script>alert('x')</script> & \"quotes\""

    static func events(secret: String = "") -> [(String, Value)] {
        [
            (
                JournalEventType.runStarted,
                .map([
                    ("run_id", .string("unit-1")), ("runbook", .string("unit<b>")),
                    ("runbook_digest", .string("abc")), ("operator", .string("op@host")),
                    ("params", .map([("p", .string("<i>v</i>"))])), ("tool_version", .string("0.1.0")),
                ])
            ),
            (
                JournalEventType.stepStarted,
                .map([
                    ("step", .string("s1")), ("role", .string("main")), ("phase", .string("p")),
                    ("kind", .string("shell")), ("attempt", .int(1)), ("command", .list([.string("echo '<x>'")])),
                ])
            ),
            (
                JournalEventType.stepOutput,
                .map([("step", .string("s1")), ("stream", .string("stdout")), ("text", .string(hostile + secret))])
            ),
            (
                JournalEventType.stepFailed,
                .map([
                    ("step", .string("s1")), ("attempt", .int(1)), ("duration_ms", .int(40)),
                    ("error", .string("failed with </pre><script>bad()</script>" + secret)), ("final", .bool(true)),
                ])
            ),
            (
                JournalEventType.runFinished,
                .map([("outcome", .string("failed")), ("exit_code", .int(1)), ("message", .string("m"))])
            ),
        ]
    }

    @Test func escapeHandlesEveryMarkupCharacter() {
        #expect(HTML.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(HTML.escape("plain text é ✔") == "plain text é ✔")
        #expect(HTML.escape("tab\tnew\nline") == "tab\tnew\nline")
        #expect(HTML.escape("bell\u{07}nul\u{00}") == "bell\u{FFFD}nul\u{FFFD}")
        #expect(HTML.escape("&amp;") == "&amp;amp;")
        #expect(HTML.identifier("step-1_a.b <x>") == "step-1_a_b__x_")
    }

    @Test func scriptInStepOutputAndErrorsIsEscaped() {
        let html = HTMLReportRenderer(result: Self.journal(Self.events()), toolVersion: "t").render()
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("failed with &lt;/pre&gt;&lt;script&gt;bad()&lt;/script&gt;"))
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<script>bad"))
        #expect(html.contains("unit&lt;b&gt;"))
        #expect(html.contains("&lt;i&gt;v&lt;/i&gt;"))
        // Only the page's own two scripts.
        #expect(html.components(separatedBy: "<script>").count - 1 == 2)
    }

    @Test func knownSecretsAreRedactedEvenIfTheJournalHadThem() {
        let secret = "s3cret-Value-9"
        let result = Self.journal(Self.events(secret: secret))
        let html = HTMLReportRenderer(
            result: result,
            redactor: Redactor(secrets: [secret]),
            toolVersion: "t"
        ).render()
        #expect(!html.contains(secret))
        #expect(html.contains("***"))
    }

    @Test func reportShowsVerificationTimelineAndFailure() {
        let result = Self.journal(Self.events())
        let html = HTMLReportRenderer(result: result, toolVersion: "9.9").render()
        #expect(html.contains("data-verified=\"true\""))
        #expect(html.contains("5 events, hash chain intact"))
        #expect(html.contains("<svg class=\"timeline\""))
        #expect(html.contains("tl-bar b-failed"))
        #expect(html.contains("<details class=\"step st-failed\" id=\"a2\" open>"))
        #expect(html.contains("Rendered by runbook 9.9"))
        #expect(html == HTMLReportRenderer(result: result, toolVersion: "9.9").render())
    }

    @Test func brokenChainIsReportedWithItsLine() {
        var lines = Self.journal(Self.events()).events.map(\.line)
        lines[2] = lines[2].replacingOccurrences(of: "stdout", with: "stdxxx")
        let result = JournalReader.read(lines.joined(separator: "\n") + "\n")
        let html = HTMLReportRenderer(result: result, toolVersion: "t").render()
        #expect(html.contains("data-verified=\"false\""))
        #expect(html.contains("hash chain broken at line 4"))
    }

    @Test func longIdleGapIsSqueezedAndLabelled() {
        var writer = JournalWriterState()
        var text = ""
        func add(_ type: String, _ time: String, _ data: [(key: String, value: Value)]) {
            text += writer.append(type: type, time: "2026-11-25T\(time)Z", data: .map(data)).line + "\n"
        }
        let step: (String) -> [(key: String, value: Value)] = {
            [("step", .string($0)), ("role", .string("main")), ("kind", .string("shell")), ("attempt", .int(1))]
        }
        add(JournalEventType.runStarted, "10:00:00.000", [("run_id", .string("gap"))])
        add(JournalEventType.stepStarted, "10:00:00.100", step("before"))
        add(JournalEventType.stepSucceeded, "10:00:02.100", step("before") + [("duration_ms", .int(2000))])
        add(JournalEventType.runInterrupted, "10:00:02.200", [("reason", .string("Ctrl-C"))])
        add(JournalEventType.runResumed, "12:00:02.200", [("operator", .string("op"))])
        add(JournalEventType.stepStarted, "12:00:02.300", step("after"))
        add(JournalEventType.stepSucceeded, "12:00:03.300", step("after") + [("duration_ms", .int(1000))])
        let html = HTMLReportRenderer(result: JournalReader.read(text), toolVersion: "t").render()
        #expect(html.contains("class=\"tl-gap\""))
        #expect(html.contains("⋯ 2h00m"))
        // Both bars stay wide enough to see: 2 s of 2 h would be a sliver without the squeeze.
        let widths = html.matches(of: /class="tl-bar b-succeeded" x="[0-9.]+" y="[0-9.]+" width="([0-9.]+)"/)
            .compactMap { Double($0.output.1) }
        #expect(widths.count == 2)
        #expect(widths.allSatisfy { $0 > 100 })
    }

    @Test func reportTimeParsesJournalTimesAndFormatsDurations() {
        #expect(ReportTime.milliseconds("1970-01-01T00:00:00.000Z") == 0)
        #expect(ReportTime.milliseconds("2026-11-25T18:20:50.039Z") == 1_795_630_850_039)
        #expect(ReportTime.milliseconds("2026-11-25T19:20:50.5+01:00") == 1_795_630_850_500)
        #expect(ReportTime.milliseconds("yesterday") == nil)
        #expect(ReportTime.duration(milliseconds: 850) == "850ms")
        #expect(ReportTime.duration(milliseconds: 4_230) == "4.2s")
        #expect(ReportTime.duration(milliseconds: 187_000) == "3m07s")
        #expect(ReportTime.duration(milliseconds: 7_500_000) == "2h05m")
    }

    @Test func planHTMLContainsEveryStepAndTheFlow() throws {
        let runbook = try LoaderTestSupport.load(
            """
            runbook: flow
            guards:
              - id: g-1
                shell: "true"
            phases:
              - id: one
                title: 'First <phase>'
                steps:
                  - id: a-step
                    shell: "echo '<b>'"
                  - id: approve
                    gate: { prompt: "Go?" }
                  - id: risky
                    shell: "false"
            rollbacks:
              - id: undo
                triggers: [risky]
                steps:
                  - id: undo-it
                    shell: "true"
                after: { resume: a-step, max: 1 }
            """
        )
        let html = PlanHTMLRenderer.render(Planner(runbook: runbook, bindings: []).plan(), toolVersion: "t")
        for id in ["g-1", "a-step", "approve", "risky", "undo-it"] {
            #expect(html.contains("id=\"step-\(id)\""), "no details for \(id)")
            #expect(html.contains("<a href=\"#step-\(id)\">"), "no flow node for \(id)")
        }
        #expect(html.contains("First &lt;phase&gt;"))
        #expect(html.contains("class=\"fl-fail\""))
        #expect(html.contains("class=\"fl-resume\""))
        #expect(html.contains("<polygon"))
        #expect(!html.contains("'<b>'"))
        #expect(html.contains("&#39;&lt;b&gt;&#39;"))
    }
}
