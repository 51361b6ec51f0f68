import RunbookCore
import Testing

@Suite struct PlanMermaidRendererTests {
    @Test func idsDifferingOnlyInDashAndUnderscoreStayDistinct() throws {
        let runbook = try LoaderTestSupport.load(
            """
            runbook: ids
            phases:
              - id: phase-a
                title: 'Say "hi" <now> #1'
                steps:
                  - id: a-b
                    shell: "true"
                  - id: a_b
                    shell: "true"
                  - id: phase_a
                    shell: "true"
            """
        )
        let chart = PlanMermaidRenderer.render(Planner(runbook: runbook, bindings: []).plan())
        let lines = chart.split(separator: "\n").map { $0.trimmingSpaces() }
        #expect(lines.contains("subgraph phase_phase_a[\"Say #quot;hi#quot; #lt;now#gt; #35;1\"]"))
        #expect(lines.contains("n_a_b[\"a-b (shell)\"]"))
        #expect(lines.contains("n_a_b_2[\"a_b (shell)\"]"))
        #expect(lines.contains("n_phase_a[\"phase_a (shell)\"]"))
        #expect(lines.contains("n_a_b --> n_a_b_2"))
        #expect(lines.contains("n_a_b_2 --> n_phase_a"))
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " })
    }
}
