import Foundation
import RunbookTestSupport
import Testing

/// Through the binary: an operator fixes the cause of a failure and `resume` continues the same run; `--yes` no
/// longer re-runs a non-idempotent in-doubt step.
@Suite struct ReentryTests {
    static let runbook = """
        runbook: reentry
        phases:
          - id: main
            steps:
              - id: s1
                shell: "echo s1 >> effects.log"
              - id: s2
                shell: "echo try >> attempts.log; test -f fixed; echo s2 >> effects.log"
              - id: s3
                shell: "echo s3 >> effects.log"

        """

    static func count(_ h: CLIHarness, _ file: String, _ line: String) -> Int {
        h.read(file).split(separator: "\n").filter { $0 == line }.count
    }

    static func runID(_ out: CLIHarness.Output) -> String {
        out.stdout.split(separator: "\n").first.flatMap { $0.split(separator: " ").dropFirst().first }.map(String.init)
            ?? ""
    }

    @Test func aFailedRunContinuesAtItsFailedStepOnceTheCauseIsFixedAndEveryEffectHappensOnce() async throws {
        let h = try CLIHarness()
        try h.write("rb.yaml", Self.runbook)
        let failed = try await h.run(["run", "rb.yaml", "--state", "st"])
        #expect(failed.status == 1, "\(failed.stdout)\(failed.stderr)")
        let runID = Self.runID(failed)
        #expect(runID.hasPrefix("reentry-"), "\(failed.stdout)")
        let status = try await h.run(["status", runID, "--state", "st"])
        #expect(status.stdout.contains("finished: failed at 's2'"), "\(status.stdout)")
        #expect(status.stdout.contains("`runbook resume \(runID)`"), "\(status.stdout)")
        // Still failing: the same run fails again at s2, and nothing before it repeats.
        let again = try await h.run(["resume", runID, "--state", "st"])
        #expect(again.status == 1, "\(again.stdout)\(again.stderr)")
        try h.write("fixed", "")
        // Without a run id, resume picks the failed run: it is the newest run of its runbook.
        let resumed = try await h.run(["resume", "--state", "st", "--reason", "created the missing file"])
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(resumed.stdout.contains("re-entering failed run \(runID) at 's2' (attempt 3)"), "\(resumed.stdout)")
        for step in ["s1", "s2", "s3"] {
            #expect(Self.count(h, "effects.log", step) == 1, "\(step): \(h.read("effects.log"))")
        }
        #expect(Self.count(h, "attempts.log", "try") == 3)
        // One run, one journal: the re-entries are journaled with who and why, and the chain verifies.
        let runs = try await h.run(["runs", "--state", "st"]).stdout
        #expect(runs.split(separator: "\n").count == 1, "\(runs)")
        let journal = h.read("st/runs/\(runID)/journal.jsonl")
        let resumedLines = journal.split(separator: "\n").filter { $0.contains("\"type\":\"run.resumed\"") }
        #expect(resumedLines.count == 2, "\(journal)")
        #expect(resumedLines.allSatisfy { $0.contains("\"reentry\":\"failed_step\",\"step\":\"s2\"") })
        #expect(resumedLines.last?.contains("\"reason\":\"created the missing file\"") == true)
        #expect(journal.contains("\"type\":\"run.finished\",\"data\":{\"outcome\":\"succeeded\""))
        let verify = try await h.run(["replay", runID, "--state", "st", "--verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        let nothing = try await h.run(["resume", "--state", "st"])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("no unfinished or failed run"), "\(nothing.stderr)")
    }

    @Test func resumeFromAnEarlierStepRunsItAndTheLaterStepsAgainInTheSameRun() async throws {
        let h = try CLIHarness()
        try h.write("rb.yaml", Self.runbook)
        try h.write("fixed", "")
        let done = try await h.run(["run", "rb.yaml", "--state", "st"])
        #expect(done.status == 0, "\(done.stderr)")
        let runID = Self.runID(done)
        let refused = try await h.run(["resume", runID, "--state", "st", "--from", "s2"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("succeeded"), "\(refused.stderr)")
        try h.write("rb.yaml", Self.runbook.replacingOccurrences(of: "s3 >>", with: "s3 >> effects.log; false >>"))
        // A second run fails at s3 (after its effect); the operator re-enters it at s2 after fixing both.
        let failed = try await h.run(["run", "rb.yaml", "--state", "st"])
        #expect(failed.status == 1)
        let second = Self.runID(failed)
        try h.write("rb.yaml", Self.runbook)
        let unknown = try await h.run(["resume", second, "--state", "st", "--from", "s4", "--allow-changed"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--from s4"), "\(unknown.stderr)")
        let resumed = try await h.run(["resume", second, "--state", "st", "--from", "s2", "--allow-changed"])
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(resumed.stdout.contains("re-entering run \(second) at 's2': 2 step(s)"), "\(resumed.stdout)")
        // s1 ran once per run; s2 once in the first run, twice in the second; s3 once, twice, once.
        #expect(Self.count(h, "effects.log", "s1") == 2, "\(h.read("effects.log"))")
        #expect(Self.count(h, "effects.log", "s2") == 3, "\(h.read("effects.log"))")
        #expect(Self.count(h, "effects.log", "s3") == 3, "\(h.read("effects.log"))")
        let journal = h.read("st/runs/\(second)/journal.jsonl")
        #expect(journal.contains("\"reentry\":\"from_step\",\"step\":\"s2\",\"reset\":[\"s2\",\"s3\"]"), "\(journal)")
        #expect(try await h.run(["replay", second, "--state", "st", "--verify"]).status == 0)
    }

    @Test func yesDoesNotRerunAnInDoubtNonIdempotentStepRerunInDoubtDoes() async throws {
        let h = try CLIHarness()
        try h.write(
            "rb.yaml",
            """
            runbook: indoubt
            phases:
              - id: main
                steps:
                  - id: once
                    shell: "echo started >> attempts.log; test -f go || sleep 30"
                    timeout: 1m
                  - id: ask
                    gate: { prompt: "go on?" }
                  - id: after
                    shell: "echo after >> effects.log"

            """
        )
        let runner = try h.start(["run", "rb.yaml", "--state", "st"])
        let deadline = Date().addingTimeInterval(30)
        while Self.count(h, "attempts.log", "started") == 0, Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        runner.killGroup()
        _ = await runner.finish()
        let stopped = try await h.run(["resume", "--state", "st", "--yes"])
        #expect(stopped.status == 3, "\(stopped.stdout)\(stopped.stderr)")
        #expect(stopped.stderr.contains("step 'once'"), "\(stopped.stderr)")
        #expect(stopped.stderr.contains("--rerun-in-doubt"), "\(stopped.stderr)")
        #expect(stopped.stderr.contains("runbook skip indoubt-"), "\(stopped.stderr)")
        #expect(Self.count(h, "attempts.log", "started") == 1)
        try h.write("go", "")
        let rerun = try await h.run(["resume", "--state", "st", "--yes", "--rerun-in-doubt"])
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        #expect(Self.count(h, "attempts.log", "started") == 2)
        #expect(Self.count(h, "effects.log", "after") == 1)
    }
}
