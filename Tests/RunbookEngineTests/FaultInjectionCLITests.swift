import Foundation
import RunbookTestSupport
import Testing

/// `runbook run --inject STEP=MODE` end to end on the built binary: the injected step's action never runs, the
/// retry / rollback paths run for real, and the journal, replay (text, JSON, HTML) and status say "injected".
@Suite(.serialized) struct FaultInjectionCLITests {
    static let runbook = """
        runbook: inj
        phases:
          - id: work
            steps:
              - id: prepare
                shell: "echo prepared >> log"
              - id: make
                shell: "echo made >> log; touch made"
                timeout: 30s
        rollbacks:
          - id: undo
            triggers: [work]
            steps:
              - id: unmake
                shell: "echo undone >> log"
        """

    /// The journal lines of the only run in `st`, parsed.
    static func journal(_ h: CLIHarness, _ runPrefix: String) throws -> [[String: Any]] {
        let runs = try FileManager.default.contentsOfDirectory(atPath: h.dir.appendingPathComponent("st/runs").path)
        let run = try #require(runs.first { $0.hasPrefix(runPrefix) })
        let text = h.read("st/runs/\(run)/journal.jsonl")
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    static func data(_ events: [[String: Any]], _ type: String) -> [[String: Any]] {
        events.filter { $0["type"] as? String == type }.compactMap { $0["data"] as? [String: Any] }
    }

    @Test func injectedStepNeverRunsItsRollbackDoesAndEveryViewSaysInjected() async throws {
        let h = try CLIHarness()
        try h.write("r.yaml", Self.runbook)
        let out = try await h.run(["run", "r.yaml", "--state", "st", "--inject", "make=fail"])
        #expect(out.status == 1, "\(out.stdout)\(out.stderr)")
        #expect(!h.exists("made"), "the injected step's action ran")
        #expect(h.read("log") == "prepared\nundone\n")
        #expect(out.stdout.contains("injecting failures: --inject make=fail"))

        let events = try Self.journal(h, "inj-")
        let started = try #require(Self.data(events, "run.started").first)
        let injections = try #require(started["injections"] as? [[String: Any]])
        #expect(injections.count == 1)
        #expect(injections.first?["step"] as? String == "make" && injections.first?["mode"] as? String == "fail")
        let failed = Self.data(events, "step.failed")
        #expect(failed.count == 1)
        #expect(failed.first?["step"] as? String == "make")
        #expect(failed.first?["injected"] as? String == "fail")
        #expect(Self.data(events, "step.succeeded").compactMap { $0["step"] as? String } == ["prepare", "unmake"])

        let replay = try await h.run(["replay", "inj-", "--state", "st"])
        #expect(replay.stdout.contains("✘ make [INJECTED: fail] injected: failed (--inject make=fail)"))
        #expect(replay.stdout.contains("injecting failures: --inject make=fail"))
        let json = try await h.run(["replay", "inj-", "--state", "st", "--format", "json"])
        #expect(json.stdout.contains("\"injected\": \"fail\""))
        let html = try await h.run(["replay", "inj-", "--state", "st", "--format", "html"])
        #expect(html.stdout.contains("[injected: fail]"))
        #expect(html.stdout.contains("Injected failures"))
        let status = try await h.run(["status", "inj-", "--state", "st"])
        #expect(status.stdout.contains("injected failures: --inject make=fail"))
        #expect(status.stdout.contains("make — injected: failed"))
    }

    @Test func firstAttemptInjectionLetsTheRetryRunTheStepForReal() async throws {
        let h = try CLIHarness()
        try h.write(
            "r.yaml",
            """
            runbook: retr
            phases:
              - id: work
                steps:
                  - id: flaky
                    shell: "echo ran >> log"
                    retry: { attempts: 2, delay: 1s }
            """
        )
        let out = try await h.run(["run", "r.yaml", "--state", "st", "--inject", "flaky=timeout"])
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        #expect(h.read("log") == "ran\n")
        let events = try Self.journal(h, "retr-")
        let failed = Self.data(events, "step.failed")
        #expect(failed.count == 1)
        #expect(failed.first?["injected"] as? String == "timeout")
        #expect(failed.first?["final"] as? Bool == false)
        #expect((failed.first?["error"] as? String)?.hasPrefix("injected: timed out after") == true)
        let succeeded = Self.data(events, "step.succeeded")
        #expect(succeeded.first?["attempt"] as? Int == 2)
        #expect(succeeded.first?["injected"] == nil)
    }

    @Test func failAlwaysFailsAgainAfterTheScenarioResumedTheRun() async throws {
        let h = try CLIHarness()
        try h.write(
            "r.yaml",
            """
            runbook: always
            phases:
              - id: work
                steps:
                  - id: load
                    shell: "echo load >> log"
                  - id: verify
                    shell: "echo verified >> log"
            rollbacks:
              - id: again
                triggers: [verify]
                steps:
                  - id: clear
                    shell: "echo clear >> log"
                after: { resume: load, max: 1 }
            """
        )
        let out = try await h.run(["run", "r.yaml", "--state", "st", "--inject", "verify=fail-always"])
        #expect(out.status == 1, "\(out.stdout)\(out.stderr)")
        // verify never ran; the scenario ran twice (resume once, then the run ends rolled back).
        #expect(h.read("log") == "load\nclear\nload\nclear\n")
        let once = try await h.run(["run", "r.yaml", "--state", "st2", "--inject", "verify=fail"])
        #expect(once.status == 0, "\(once.stdout)\(once.stderr)")
        #expect(h.read("log").hasSuffix("load\nclear\nload\nverified\n"))
    }

    @Test func badInjectArgumentsExitTwoNamingTheArgument() async throws {
        let h = try CLIHarness()
        try h.write("r.yaml", Self.runbook)
        let unknownStep = try await h.run(["run", "r.yaml", "--state", "st", "--inject", "mkae=fail"])
        #expect(unknownStep.status == 2)
        #expect(unknownStep.stderr.contains("--inject mkae=fail: no such step 'mkae'"))
        #expect(unknownStep.stderr.contains("make"))
        let unknownMode = try await h.run(["run", "r.yaml", "--state", "st", "--inject", "make=explode"])
        #expect(unknownMode.status == 2)
        #expect(unknownMode.stderr.contains("--inject make=explode: unknown mode 'explode'"))
        let noMode = try await h.run(["run", "r.yaml", "--state", "st", "--inject", "make"])
        #expect(noMode.status == 2)
        #expect(noMode.stderr.contains("--inject make: expected STEP=MODE"))
        #expect(!h.exists("log"), "a step ran despite a refused --inject")
        #expect(!h.exists("st/runs"))
    }
}
