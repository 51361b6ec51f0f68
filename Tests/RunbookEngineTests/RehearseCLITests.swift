import Foundation
import RunbookTestSupport
import Testing

/// `runbook rehearse` end to end on the built binary: one run per scenario trigger, the matrix in text and JSON,
/// the rollback steps' side effects checked in files the steps write (not through the tool's own report).
@Suite(.serialized) struct RehearseCLITests {
    static let runbook = """
        runbook: reh
        phases:
          - id: load
            steps:
              - id: copy
                shell: "echo copy >> log"
              - id: verify
                shell: "echo verify >> log"
          - id: cutover
            steps:
              - id: approve
                gate: { prompt: "switch?" }
              - id: switch
                shell: "echo switch >> log"
              - id: smoke
                shell: "echo smoke >> log"
        rollbacks:
          - id: recopy
            triggers: [verify]
            steps:
              - id: clear
                shell: "echo clear >> log"
            after: { resume: copy, max: 1 }
          - id: switch-back
            triggers: [cutover]
            steps:
              - id: unswitch
                shell: "echo unswitch >> log"
          - id: emergency
            manual: true
            steps:
              - id: restore
                shell: "echo restore >> log"
        """

    static func rehearsals(_ json: String) throws -> [[String: Any]] {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(doc["format"] as? String == "runbook-rehearsal/1")
        return try #require(doc["rehearsals"] as? [[String: Any]])
    }

    @Test func everyScenarioIsRehearsedInItsOwnRunAndTheMatrixSaysHowItEnded() async throws {
        let h = try CLIHarness()
        try h.write("r.yaml", Self.runbook)
        let out = try await h.run(["rehearse", "r.yaml", "--state", "st", "--format", "json"])
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        let rows = try Self.rehearsals(out.stdout)
        #expect(rows.map { $0["scenario"] as? String } == ["recopy", "switch-back", "emergency"])
        #expect(rows.map { $0["step"] as? String } == ["verify", "smoke", nil])
        #expect(rows.map { $0["outcome"] as? String } == ["succeeded", "rolled_back", "rolled_back"])
        #expect(rows.map { $0["exit_code"] as? Int } == [0, 1, 1])
        #expect(rows.map { $0["resumed_from"] as? String } == ["copy", nil, nil])
        #expect(rows.allSatisfy { ($0["duration_ms"] as? Int).map { $0 >= 0 } == true })
        // What the steps did, read from the file they append to: the injected steps never wrote their line.
        #expect(
            h.read("log")
                == [
                    "copy", "clear", "copy", "verify", "switch", "smoke",  // recopy: verify failed once, then passed
                    "copy", "verify", "switch", "unswitch",  // switch-back: smoke failed
                    "copy", "verify", "switch", "smoke", "restore",  // emergency: after the main steps
                ].map { $0 + "\n" }.joined()
        )
        // Each rehearsal's run stays in the state, and replay tells the injected failure apart.
        let ids = rows.compactMap { $0["run_id"] as? String }
        #expect(Set(ids).count == 3)
        let replay = try await h.run(["replay", ids[1], "--state", "st"])
        #expect(replay.status == 0)
        #expect(replay.stdout.contains("✘ smoke [INJECTED: fail-until-rollback]"))
        #expect(replay.stdout.contains("Outcome: rolled_back"))
        let manual = try await h.run(["replay", ids[2], "--state", "st"])
        #expect(manual.stdout.contains("rollback emergency started (manual)"))
    }

    @Test func textMatrixAndOneScenario() async throws {
        let h = try CLIHarness()
        try h.write("r.yaml", Self.runbook)
        let out = try await h.run(["rehearse", "r.yaml", "--state", "st", "--scenario", "recopy"])
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.contains { $0.hasPrefix("scenario") && $0.contains("injected step") && $0.contains("resumed from") }
        )
        let row = try #require(lines.first { $0.hasPrefix("recopy") })
        #expect(row.contains("verify=fail-until-rollback") && row.contains("succeeded") && row.contains("copy"))
        #expect(!lines.contains { $0.hasPrefix("switch-back") })
        #expect(out.stdout.contains("All 1 rehearsals ended as planned"))
        let list = try await h.run(["rehearse", "r.yaml", "--state", "listed", "--list"])
        #expect(list.status == 0)
        #expect(
            list.stdout
                == "recopy\t--inject verify=fail-until-rollback\nswitch-back\t--inject smoke=fail-until-rollback\n"
                + "emergency\trun, then rollback --scenario emergency\n"
        )
        #expect(!h.exists("listed"), "--list created a state")
        let unknown = try await h.run(["rehearse", "r.yaml", "--state", "st", "--scenario", "recpy"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--scenario recpy: no such rollback scenario"))
    }

    @Test func aScenarioWhoseRollbackFailsMakesTheRehearsalExitFour() async throws {
        let h = try CLIHarness()
        try h.write(
            "r.yaml",
            """
            runbook: rehf
            phases:
              - id: work
                steps:
                  - id: change
                    shell: "echo change >> log"
                    retry: { attempts: 2, delay: 1s }
                    on_failure: { rollback: broken }
            rollbacks:
              - id: broken
                steps:
                  - id: undo
                    shell: "echo undo-attempt >> log; exit 7"
            """
        )
        let out = try await h.run(["rehearse", "r.yaml", "--state", "st", "--format", "json"])
        #expect(out.status == 4, "\(out.stdout)\(out.stderr)")
        let rows = try Self.rehearsals(out.stdout)
        #expect(rows.count == 1)
        #expect(rows.first?["step"] as? String == "change")
        #expect(rows.first?["outcome"] as? String == "rollback_failed")
        #expect(rows.first?["exit_code"] as? Int == 4)
        // Both attempts of the step were injected (its retry could not hide the fault), the rollback ran.
        #expect(h.read("log") == "undo-attempt\n")
    }

    @Test func aScenarioNoStepCanStartIsReportedUnreachableAndFailsTheRehearsal() async throws {
        let h = try CLIHarness()
        try h.write(
            "r.yaml",
            """
            runbook: rehu
            phases:
              - id: work
                steps:
                  - id: note
                    shell: "echo note >> log"
                    on_failure: continue
            rollbacks:
              - id: orphan
                triggers: [note]
                steps:
                  - id: undo
                    shell: "echo undo >> log"
            """
        )
        let out = try await h.run(["rehearse", "r.yaml", "--state", "st", "--format", "json"])
        #expect(out.status == 1, "\(out.stdout)\(out.stderr)")
        let rows = try Self.rehearsals(out.stdout)
        #expect(rows.count == 1)
        #expect(rows.first?["outcome"] as? String == "unreachable")
        #expect(rows.first?["run_id"] is NSNull)
        #expect(!h.exists("log"), "an unreachable rehearsal ran the runbook")
    }
}
