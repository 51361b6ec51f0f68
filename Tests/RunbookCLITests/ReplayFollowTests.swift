import Foundation
import RunbookTestSupport
import Testing

/// `runbook replay RUN --follow` watching a live run started by the binary in the background.
@Suite struct ReplayFollowTests {
    @Test func followerPrintsEveryStepAndExitsWhenTheRunFinishes() async throws {
        let dir = try RunbookBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        runbook: report-follow
        phases:
          - id: p
            steps:
              - id: one
                shell: "for i in $(seq 1200); do [ -f go ] && break; sleep 0.05; done; echo first"
              - id: two
                shell: "sleep 0.3; echo second"
              - id: three
                shell: "sleep 0.3; echo third"
              - id: four
                shell: "sleep 0.3; echo fourth"
              - id: five
                shell: "sleep 0.3; echo fifth"
              - id: six
                shell: "sleep 0.3; echo sixth"
        """.write(to: dir.appendingPathComponent("f.yaml"), atomically: true, encoding: .utf8)
        let runner = Process()
        runner.executableURL = RunbookBinary.url
        runner.arguments = ["run", "f.yaml", "--state", "st"]
        runner.currentDirectoryURL = dir
        runner.standardOutput = FileHandle.nullDevice
        runner.standardError = FileHandle.nullDevice
        runner.standardInput = FileHandle.nullDevice
        try runner.run()
        // SIGKILL, not terminate(): a child started from a task may inherit a worker thread's mask with SIGTERM blocked.
        defer { if runner.isRunning { kill(runner.processIdentifier, SIGKILL) } }
        // Wait (bounded) for the run's journal to exist, then follow it from another process.
        let runs = dir.appendingPathComponent("st/runs")
        var journal: String?
        for _ in 0..<400 where journal == nil {
            if let id = try? FileManager.default.contentsOfDirectory(atPath: runs.path).first,
                FileManager.default.fileExists(atPath: runs.appendingPathComponent(id + "/journal.jsonl").path)
            {
                journal = id
            } else {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let runID = try #require(journal)
        // The first step waits (bounded) for `go`, which is created only after the follower started: the run is
        // still going when the follower starts, however slowly this machine gets to it, so it follows live.
        #expect(runner.isRunning)
        async let followed = RunbookBinary.run(["replay", runID, "--state", "st", "--follow"], in: dir, limit: 90)
        try await Task.sleep(for: .milliseconds(500))
        #expect(FileManager.default.createFile(atPath: dir.appendingPathComponent("go").path, contents: nil))
        let follower = try await followed
        #expect(await runner.waitForExit() == 0)
        #expect(follower.status == 0, "\(follower.stderr)")
        #expect(follower.stderr.isEmpty)
        for (step, said) in [
            ("one", "first"), ("two", "second"), ("three", "third"), ("four", "fourth"), ("five", "fifth"),
            ("six", "sixth"),
        ] {
            #expect(follower.stdout.contains("✔ \(step) exit 0"), "no completion of \(step):\n\(follower.stdout)")
            #expect(follower.stdout.contains("> \(said)"))
        }
        #expect(follower.stdout.contains("■ finished: succeeded"))
        #expect(follower.stdout.hasSuffix("Outcome: succeeded\n"))
        // Every event printed exactly once: the follower's lines equal the finished journal's replay.
        let replay = try await RunbookBinary.run(["replay", runID, "--state", "st"], in: dir)
        for step in ["one", "two", "three", "four", "five", "six"] {
            #expect(follower.stdout.components(separatedBy: "✔ \(step) exit 0").count == 2)
            #expect(replay.stdout.contains("✔ \(step) exit 0"))
        }
    }

    @Test func followRejectsOtherFormats() async throws {
        let outcome = try await RunbookBinary.run(["replay", "x", "--follow", "--format", "json"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--follow"))
    }
}
