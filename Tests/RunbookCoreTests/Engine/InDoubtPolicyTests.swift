import RunbookCore
import Testing

/// How the state machine resolves an in-doubt step: probe, idempotence, the explicit flag, the terminal, or stop.
@Suite struct InDoubtPolicyTests {
    static let yaml = """
        runbook: doubt
        phases:
          - id: p
            steps:
              - id: probed
                shell: "echo a"
                reconcile: { shell: "true" }
              - id: safe
                shell: "echo b"
                idempotent: true
              - id: risky
                shell: "echo c"
        """

    @Test func theProbeDecidesThenIdempotenceThenOnlyTheOperator() throws {
        let runbook = try #require(RunbookLoader.load(text: Self.yaml).runbook)
        let machine = RunStateMachine(runbook: runbook) { _ in nil }
        func policy(_ id: String, rerun: Bool = false, ask: Bool = false) throws -> InDoubtPolicy {
            machine.inDoubtPolicy(for: try #require(runbook.step(id)), rerunAllowed: rerun, canAsk: ask)
        }
        #expect(try policy("probed", rerun: true) == .probe)
        #expect(try policy("safe") == .rerunIdempotent)
        #expect(try policy("risky") == .stop)
        #expect(try policy("risky", ask: true) == .ask)
        #expect(try policy("risky", rerun: true, ask: true) == .rerunAllowed)
    }
}
