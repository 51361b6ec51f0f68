import Foundation
import RunbookTestSupport
import Testing

/// Kills `runbook run`/`resume` with SIGKILL (whole process group) at random instants, resumes until done, and
/// checks that every step's side effect happened exactly once and the journal verifies.
@Suite(.serialized) struct CrashResumeTests {
    static let steps = 8

    static var runbook: String {
        var yaml = "runbook: crash\nphases:\n  - id: main\n    steps:\n"
        for i in 1...steps {
            yaml += """
                      - id: s\(i)
                        shell: "sleep 0.0\(i % 4 + 1); echo s\(i) >> effects.log; sleep 0.0\(i % 3 + 1)"
                        reconcile: { shell: "grep -qx s\(i) effects.log" }

                """
        }
        return yaml
    }

    @Test func sigkillAtRandomInstantsThenResumeRunsEveryEffectExactlyOnce() async throws {
        var rng = SystemRandomNumberGenerator()
        let seed = UInt64.random(in: 0...UInt64.max, using: &rng)
        var generator = SplitMix64(seed: seed)
        var kills = 0
        for round in 0..<10 {
            let h = try CLIHarness()
            try h.write("crash.yaml", Self.runbook)
            var finished = false
            var attempts = 0
            while !finished, attempts < 40 {
                attempts += 1
                // Until a run has committed `run.started`, there is nothing to resume: start one.
                let runs = try await h.run(["runs", "--state", "state"]).stdout
                // Killed after `run.finished` was committed: the run is done, even though the process died.
                if runs.contains("  succeeded  ") {
                    finished = true
                    break
                }
                let resumable = runs.contains("  unfinished  ") || runs.contains("  stopped  ")
                let args =
                    resumable
                    ? ["resume", "--state", "state", "--yes"] : ["run", "crash.yaml", "--state", "state", "--new"]
                let running = try h.start(args)
                // Killed within 400 ms for the first 20 attempts; a machine so loaded that no attempt got that far
                // then lets the run end undisturbed (still resumed from wherever the kills left it).
                let delayMs = attempts <= 20 ? Int(generator.next() % 400) : 120_000
                let deadline = Date().addingTimeInterval(Double(delayMs) / 1000)
                while running.process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(2)) }
                if running.process.isRunning {
                    running.killGroup()
                    kills += 1
                    _ = await running.finish()
                } else {
                    let out = await running.finish()
                    #expect(out.status == 0, "round \(round) seed \(seed): \(out.stderr)")
                    finished = out.status == 0
                }
            }
            #expect(finished, "round \(round) seed \(seed): not finished after \(attempts) attempts")
            let effects = h.read("effects.log").split(separator: "\n").map(String.init)
            for i in 1...Self.steps {
                #expect(
                    effects.filter { $0 == "s\(i)" }.count == 1,
                    "round \(round) seed \(seed): effect s\(i) happened \(effects.filter { $0 == "s\(i)" }.count) times; log: \(effects)"
                )
            }
            let verify = try await h.run(["replay", "--state", "state", "crash-", "--verify"])
            #expect(verify.status == 0, "round \(round) seed \(seed): \(verify.stderr)")
        }
        #expect(kills > 0, "seed \(seed): no run was ever killed, so nothing was tested")
    }
}

/// A runner killed alone (power to the runner lost, its step's session left running): resume must not start the
/// in-doubt step a second time while the first attempt still runs.
@Suite struct LeftoverStepTests {
    @Test func resumeRefusesWhileTheDeadRunnersStepStillRunsThenRunsItOnce() async throws {
        let h = try CLIHarness()
        try h.write(
            "rb.yaml",
            """
            runbook: leftover
            phases:
              - id: main
                steps:
                  - id: slow
                    shell: "echo started >> effects.log; until [ -e release ]; do sleep 0.05; done; echo slow >> effects.log"
                    idempotent: true
                  - id: after
                    shell: "echo after >> effects.log"

            """
        )
        let runner = try h.start(["run", "rb.yaml", "--state", "state"])
        let deadline = Date().addingTimeInterval(30)
        while !h.read("effects.log").contains("started"), Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        // Only the runner dies: the step runs in a session of its own and goes on.
        kill(runner.process.processIdentifier, SIGKILL)
        _ = await runner.finish()
        let refused = try await h.run(["resume", "--state", "state", "--yes"])
        #expect(refused.status == 5, "\(refused.stderr)")
        #expect(refused.stderr.contains("still running"), "\(refused.stderr)")
        #expect(refused.stderr.contains("until [ -e release ]"), "\(refused.stderr)")
        // The first attempt ends only when the test says so, however slow the machine: then the resume re-runs the
        // idempotent in-doubt step and finishes.
        try h.write("release", "")
        while h.read("effects.log").split(separator: "\n").filter({ $0 == "slow" }).isEmpty, Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(200))
        let resumed = try await h.run(["resume", "--state", "state", "--yes"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let effects = h.read("effects.log").split(separator: "\n").map(String.init)
        // The first attempt ran to its end alone; the second started only after it.
        #expect(effects.prefix(2) == ["started", "slow"], "\(effects)")
        #expect(effects.filter { $0 == "after" }.count == 1, "\(effects)")
    }
}
