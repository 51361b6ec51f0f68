import Foundation
import RunbookTestSupport
import Testing

/// `on_failure: warn`: a failed check becomes a warning the run's outcome carries (`succeeded_with_warnings`),
/// exit 0, or exit 1 under `run --strict`; listed at the end, in the journal, status, replay and the report.
@Suite(.serialized) struct WarningOutcomeCLITests {
    static let runbook = """
        runbook: warns
        phases:
          - id: work
            steps:
              - id: change
                shell: "echo change >> log"
              - id: latency-ok
                shell: "echo p99 180ms; exit 1"
                on_failure: warn
              - id: after
                shell: "echo after >> log"
        """

    @Test func aWarnStepFailureEndsTheRunSucceededWithWarnings() async throws {
        let h = try CLIHarness()
        try h.write("w.yaml", Self.runbook)
        let out = try await h.run(["run", "w.yaml", "--state", "st"])
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        #expect(h.read("log") == "change\nafter\n")
        #expect(out.stdout.contains("■ succeeded_with_warnings: all steps done; 1 warning: latency-ok"))
        #expect(out.stdout.contains("⚠ latency-ok: "))
        #expect(
            out.stdout.contains("⚠ latency-ok exit code 1 (on_failure: warn — recorded as a warning, the run goes on)")
        )

        let runs = try FileManager.default.contentsOfDirectory(atPath: h.dir.appendingPathComponent("st/runs").path)
        let journal = h.read("st/runs/\(try #require(runs.first))/journal.jsonl")
        let last = try #require(journal.split(separator: "\n").last)
        let event = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let data = try #require(event["data"] as? [String: Any])
        #expect(event["type"] as? String == "run.finished")
        #expect(data["outcome"] as? String == "succeeded_with_warnings")
        #expect(data["exit_code"] as? Int == 0)
        let warnings = try #require(data["warnings"] as? [[String: Any]])
        #expect(warnings.map { $0["step"] as? String } == ["latency-ok"])

        let status = try await h.run(["status", "warns-", "--state", "st"])
        #expect(status.stdout.contains("finished: succeeded_with_warnings"))
        #expect(status.stdout.contains("⚠ warning: latency-ok"))
        let replay = try await h.run(["replay", "warns-", "--state", "st"])
        #expect(replay.stdout.contains("✘ latency-ok [warning]"))
        #expect(replay.stdout.contains("Outcome: succeeded_with_warnings"))
        let html = try await h.run(["replay", "warns-", "--state", "st", "--format", "html"])
        #expect(html.stdout.contains("succeeded with warnings"))
        #expect(html.stdout.contains("[warning] "))
    }

    @Test func strictMakesAWarningExitOne() async throws {
        let h = try CLIHarness()
        try h.write("w.yaml", Self.runbook)
        let out = try await h.run(["run", "w.yaml", "--state", "st", "--strict"])
        #expect(out.status == 1, "\(out.stdout)\(out.stderr)")
        #expect(h.read("log") == "change\nafter\n")
        let clean = try await h.run(["run", "w.yaml", "--state", "st2", "--strict", "--inject", "change=fail-always"])
        // A real failure (here injected) still exits 1 with no rollback; --strict changes nothing about that.
        #expect(clean.status == 1)
    }

    @Test func aPassingWarnStepLeavesTheRunSucceeded() async throws {
        let h = try CLIHarness()
        try h.write(
            "w.yaml",
            """
            runbook: nowarn
            phases:
              - id: work
                steps:
                  - id: fine
                    shell: "true"
                    on_failure: warn
            """
        )
        let out = try await h.run(["run", "w.yaml", "--state", "st", "--strict"])
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        #expect(out.stdout.contains("■ done: all steps done"))
    }
}
