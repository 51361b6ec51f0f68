import RunbookCore
import Testing

/// `--inject` parsing and the cases `runbook rehearse` derives from a runbook's scenarios, no I/O.
@Suite struct RehearsalPlanTests {
    static let yaml = """
        runbook: plan
        phases:
          - id: load
            steps:
              - id: copy
                shell: "true"
              - id: verify
                shell: "true"
              - id: index
                shell: "true"
                on_failure: { rollback: emergency-auto }
          - id: cutover
            steps:
              - id: switch
                shell: "true"
              - id: note
                shell: "true"
                on_failure: continue
              - id: approve
                gate: { prompt: "ok?" }
        rollbacks:
          - id: recopy
            triggers: [verify, load]
            steps:
              - id: clear
                shell: "true"
          - id: emergency-auto
            steps:
              - id: r2
                shell: "true"
          - id: switch-back
            triggers: [cutover]
            steps:
              - id: r3
                shell: "true"
          - id: never
            triggers: [note]
            steps:
              - id: r5
                shell: "true"
          - id: restore
            manual: true
            steps:
              - id: r4
                shell: "true"
        """

    func runbook() throws -> Runbook {
        try #require(RunbookLoader.load(text: Self.yaml).runbook)
    }

    @Test func casesFollowTriggersPhasesAndOnFailure() throws {
        let cases = RehearsalCase.all(in: try runbook())
        #expect(
            cases == [
                // `load`'s last step starts emergency-auto (its on_failure), so the phase trigger falls back to verify.
                RehearsalCase(scenario: "recopy", method: .inject("verify")),
                RehearsalCase(scenario: "emergency-auto", method: .inject("index")),
                // Neither the gate nor a `continue` step starts the scenario: the phase's last one that does is `switch`.
                RehearsalCase(scenario: "switch-back", method: .inject("switch")),
                // Its only trigger is a `continue` step: no failure can start it, and the rehearsal says so.
                RehearsalCase(scenario: "never", method: .unreachable),
                RehearsalCase(scenario: "restore", method: .manual),
            ]
        )
        #expect(
            RehearsalCase.all(in: try runbook(), only: "restore") == [
                RehearsalCase(scenario: "restore", method: .manual)
            ]
        )
    }

    @Test func injectArgumentsAreCheckedAgainstTheRunbook() throws {
        let rb = try runbook()
        #expect(FaultInjection.parse("copy=fail", in: rb) == .success(FaultInjection(step: "copy", mode: .fail)))
        #expect(
            FaultInjection.parse("r2=fail-always", in: rb) == .success(FaultInjection(step: "r2", mode: .failAlways))
        )
        func message(_ argument: String) -> String {
            if case .failure(let e) = FaultInjection.parse(argument, in: rb) { return e.description }
            return ""
        }
        #expect(message("cpy=fail") == "--inject cpy=fail: no such step 'cpy' (did you mean 'copy'?)")
        #expect(message("copy=boom").hasPrefix("--inject copy=boom: unknown mode 'boom' (one of fail, timeout,"))
        #expect(message("approve=fail") == "--inject approve=fail: 'approve' is a gate; gates cannot be injected")
        #expect(message("copy").hasPrefix("--inject copy: expected STEP=MODE"))
    }

    @Test func injectionsAreFoldedFromTheJournalAndSpentAsTheirModeSays() {
        var state = RunState()
        let started = JournalEvent(

            seq: 0,
            time: "2026-01-01T00:00:00.000Z",
            prev: "",
            type: JournalEventType.runStarted,
            data: .map([
                ("run_id", .string("r")),
                (
                    "injections",
                    .list([
                        FaultInjection(step: "a", mode: .fail).value,
                        FaultInjection(step: "b", mode: .failUntilRollback).value,
                        FaultInjection(step: "c", mode: .failAlways).value,
                    ])
                ),
            ])
        )
        state.apply(started)
        func failed(_ step: String, mode: String, final: Bool) -> JournalEvent {
            JournalEvent(

                seq: 1,
                time: "2026-01-01T00:00:01.000Z",
                prev: "",
                type: JournalEventType.stepFailed,
                data: .map([
                    ("step", .string(step)), ("final", .bool(final)), ("on_failure", .string("continue")),
                    ("injected", .string(mode)),
                ])
            )
        }
        #expect(state.injectionList.map(\.step) == ["a", "b", "c"])
        state.apply(failed("a", mode: "fail", final: false))
        state.apply(failed("b", mode: "fail-until-rollback", final: false))
        state.apply(failed("c", mode: "fail-always", final: true))
        #expect(state.injection(for: "a") == nil)
        #expect(state.injection(for: "b")?.mode == .failUntilRollback)
        #expect(state.injection(for: "c")?.mode == .failAlways)
        state.apply(failed("b", mode: "fail-until-rollback", final: true))
        #expect(state.injection(for: "b") == nil)
        #expect(state.injection(for: "x") == nil)
    }
}
