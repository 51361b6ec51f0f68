import RunbookCore
import Testing

/// `notify:` and `abort_if:` as the loader reads them, and their errors as LINE:COL.
@Suite struct NotifyAndAbortLoaderTests {
    static let text = """
        runbook: operators
        secrets:
          SLACK_URL: { env: SLACK_URL }
        notify:
          - webhook: "http://127.0.0.1:19421/hook"
          - slack: "${{ secrets.SLACK_URL }}"
            events: [gate_waiting, step_failed]
            timeout: 3s
        abort_if: { prometheus: "http://127.0.0.1:9090", query: "up == 0" }
        phases:
          - id: backfill
            abort_if:
              prometheus: "http://127.0.0.1:9090"
              query: "increase(neo4j_write_failure_total[5m]) > 0"
              every: 10s
            steps:
              - id: s
                shell: "true"
        """

    @Test func sinksAndConditionsAreRead() throws {
        let runbook = try LoaderTestSupport.load(Self.text)
        #expect(runbook.notify.map(\.kind) == [.webhook, .slack])
        #expect(runbook.notify[0].events == nil)
        #expect(runbook.notify[0].wants(.runFinished))
        #expect(runbook.notify[1].events == [.gateWaiting, .stepFailed])
        #expect(!runbook.notify[1].wants(.runFinished))
        #expect(runbook.notify[1].timeout == DurationSpec(seconds: 3))
        #expect(runbook.abortIf?.every == DurationSpec(seconds: 30))
        let phase = try #require(runbook.phases.first?.abortIf)
        #expect(phase.every == DurationSpec(seconds: 10))
        #expect(phase.query.parts == [.literal("increase(neo4j_write_failure_total[5m]) > 0")])
    }

    @Test func badFieldsAreErrorsWithPositions() {
        let bad = """
            runbook: operators
            notify:
              - webhook: "ftp://example.com/x"
              - slack: "https://hooks.example.com/x"
                events: [gate_waitin]
              - pager: "https://example.com"
              - { webhook: "http://a", slack: "http://b" }
            abort_if: { prometheus: "http://p:9090", every: 500ms }
            phases:
              - id: p
                abort_if: { prometheus: "http://p:9090", query: "up", every: 0s }
                steps:
                  - id: s
                    shell: "true"
            """
        let d = LoaderTestSupport.diagnostics(bad)
        #expect(d.contains { $0.hasPrefix("3:14: error: webhook must be an http:// or https:// URL") }, "\(d)")
        #expect(
            d.contains {
                $0.hasPrefix("5:14: error: unknown notify event 'gate_waitin' (did you mean 'gate_waiting'?)")
            },
            "\(d)"
        )
        #expect(d.contains { $0.hasPrefix("6:5: error:") && $0.contains("pager") }, "\(d)")
        #expect(d.contains { $0.hasPrefix("7:5: error: a notify sink has both 'webhook' and 'slack'") }, "\(d)")
        #expect(d.contains { $0.hasPrefix("8:11: error: abort_if needs 'prometheus: URL'") }, "\(d)")
        #expect(d.contains { $0.hasPrefix("11:66: error: abort_if every must be at least 1s") }, "\(d)")
    }

    @Test func commandLineSinksParse() {
        #expect(NotifySink.parse("https://example.com/h")?.kind == .webhook)
        #expect(NotifySink.parse("slack:https://hooks.example.com/T/B/X")?.kind == .slack)
        #expect(NotifySink.parse("webhook:http://127.0.0.1:1/x")?.kind == .webhook)
        #expect(NotifySink.parse("slack:ftp://x") == nil)
        #expect(NotifySink.parse("not a url") == nil)
    }

    @Test func theSchemaKnowsTheNewFields() throws {
        let schema = RunbookSchema.schema
        #expect(schema["properties"]?["notify"] != nil)
        #expect(schema["properties"]?["abort_if"] != nil)
        #expect(schema["$defs"]?["abort_if"]?["required"] == .list([.string("prometheus"), .string("query")]))
    }
}
