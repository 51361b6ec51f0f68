import Foundation
import RunbookTestSupport
import Testing

/// End-to-end runs of the built binary: locks, gates, rollbacks, resume, redaction, injection, journal integrity.
@Suite(.serialized) struct RunCommandTests {
    @Test func secondRunOfTheSameRunbookExitsFiveNamingTheHolderAndAStaleLockIsRecovered() async throws {
        let h = try CLIHarness()
        try h.write(
            "g.yaml",
            """
            runbook: lockdemo
            phases:
              - id: p
                steps:
                  - id: wait-here
                    gate: { prompt: "hold the lock" }
            """
        )
        let first = try h.start(["run", "g.yaml", "--state", "s"])
        var waited = 0
        while !first.stdoutSoFar.contains("waiting for approval"), waited < 200 {
            try await Task.sleep(for: .milliseconds(50))
            waited += 1
        }
        let second = try await h.run(["run", "g.yaml", "--state", "s", "--new"])
        #expect(second.status == 5)
        #expect(second.stderr.contains("holds the lock: run lockdemo-"))
        #expect(second.stderr.contains("pid"))
        first.killGroup()
        _ = await first.finish()
        // The holder died without releasing: the kernel drops the flock, so the next run proceeds.
        let third = try await h.run(["approve", "lockdemo-", "--state", "s"])
        #expect(third.status == 0)
        let resumed = try await h.run(["resume", "--state", "s"])
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(resumed.stdout.contains("approved by"))
    }

    @Test func secretsAreRedactedInTerminalJournalErrorsAndReplay() async throws {
        let h = try CLIHarness()
        let secret = "hunter2-\(UUID().uuidString.prefix(8))"
        try h.write(
            "s.yaml",
            """
            runbook: redact
            secrets:
              TOKEN: { env: RB_TEST_TOKEN }
            phases:
              - id: p
                steps:
                  - id: echo-it
                    shell: { run: "echo the token is $T; echo also $T >&2", env: { T: "${{ secrets.TOKEN }}" } }
                    capture: { said: stdout }
                  - id: fail-with-it
                    shell: { run: "echo failing with $T >&2; exit 3", env: { T: "${{ secrets.TOKEN }}" } }
            """
        )
        let out = try await h.run(["run", "s.yaml", "--state", "st"], env: ["RB_TEST_TOKEN": secret])
        #expect(out.status == 1)
        #expect(!out.stdout.contains(secret) && !out.stderr.contains(secret))
        #expect(out.stdout.contains("***"))
        let journals = try FileManager.default.subpathsOfDirectory(atPath: h.dir.appendingPathComponent("st").path)
        for path in journals where path.hasSuffix(".jsonl") || path.hasSuffix("head") {
            let text = try String(contentsOf: h.dir.appendingPathComponent("st/" + path), encoding: .utf8)
            #expect(!text.contains(secret), "secret found in \(path)")
            if path.hasSuffix(".jsonl") { #expect(text.contains("***")) }
        }
        let replay = try await h.run(["replay", "redact-", "--state", "st"])
        #expect(!replay.stdout.contains(secret))
        #expect(replay.stdout.contains("failing with ***"))
    }

    @Test func hostileParametersArePassedLiterally() async throws {
        let h = try CLIHarness()
        try h.write(
            "i.yaml",
            """
            runbook: inject
            params:
              v: { default: "x" }
            phases:
              - id: p
                steps:
                  - id: plain
                    shell: "printf '%s\\\\n' ${{ params.v }} >> words.txt"
                  - id: quoted
                    shell: "printf '%s\\\\n' \\"pre-${{ params.v }}\\" >> words.txt"
            """
        )
        let payloads = [
            "'; touch PWNED; '", "$(touch PWNED)", "`touch PWNED`", "a\ntouch PWNED", "\"; touch PWNED; \"", "*",
        ]
        for payload in payloads {
            let out = try await h.run(["run", "i.yaml", "--state", "st", "--new", "-p", "v=\(payload)"])
            #expect(out.status == 0, "\(payload): \(out.stderr)")
            #expect(!h.exists("PWNED"), "payload executed: \(payload)")
        }
        let words = h.read("words.txt")
        #expect(words.contains("'; touch PWNED; '\npre-'; touch PWNED; '"))
        #expect(words.contains("$(touch PWNED)"))
    }

    @Test func failureInATriggeringPhaseRunsTheRollbackAndExitsOne() async throws {
        let h = try CLIHarness()
        try h.write(
            "r.yaml",
            """
            runbook: rb
            phases:
              - id: work
                steps:
                  - id: make
                    shell: "echo made >> log"
                  - id: check
                    shell: "test -f nothing-here"
            rollbacks:
              - id: undo
                triggers: [work]
                steps:
                  - id: unmake
                    shell: "echo undone >> log"
            """
        )
        let out = try await h.run(["run", "r.yaml", "--state", "st"])
        #expect(out.status == 1)
        #expect(h.read("log") == "made\nundone\n")
        let status = try await h.run(["status", "--state", "st"])
        #expect(status.stdout.contains("finished: rolled_back"))
    }

    @Test func failingRollbackExitsFour() async throws {
        let h = try CLIHarness()
        try h.write(
            "r.yaml",
            """
            runbook: rbf
            phases:
              - id: work
                steps:
                  - id: check
                    shell: "false"
                    on_failure: { rollback: undo }
            rollbacks:
              - id: undo
                steps:
                  - id: unmake
                    shell: "false"
            """
        )
        let out = try await h.run(["run", "r.yaml", "--state", "st"])
        #expect(out.status == 4)
        #expect(out.stdout.contains("rollback_failed"))
    }

    @Test func gateTimeoutStopsResumablyAndIsRecordedAsTimedOut() async throws {
        let h = try CLIHarness()
        try h.write(
            "t.yaml",
            """
            runbook: gt
            phases:
              - id: p
                steps:
                  - id: ask
                    gate: { prompt: "ok?", timeout: 1s }
                  - id: after
                    shell: "echo after >> log"
            """
        )
        let out = try await h.run(["run", "t.yaml", "--state", "st"])
        #expect(out.status == 3)
        let replay = try await h.run(["replay", "gt-", "--state", "st", "--format", "json"])
        #expect(replay.stdout.contains("gate.timed_out"))
        #expect(!replay.stdout.contains("gate.rejected"))
        let yes = try await h.run(["resume", "--state", "st", "--yes"])
        #expect(yes.status == 0)
        #expect(h.read("log") == "after\n")
    }

    @Test func resumeRefusesAChangedRunbookNamingTheChangedSteps() async throws {
        let h = try CLIHarness()
        let v1 = """
            runbook: ch
            phases:
              - id: p
                steps:
                  - id: one
                    shell: "echo 1 >> log"
                  - id: gate
                    gate: { prompt: "go", timeout: 1s }
                  - id: two
                    shell: "echo 2 >> log"
            """
        try h.write("c.yaml", v1)
        #expect(try await h.run(["run", "c.yaml", "--state", "st"]).status == 3)
        try h.write("c.yaml", v1.replacingOccurrences(of: "echo 2", with: "echo two"))
        let refused = try await h.run(["resume", "--state", "st", "--yes"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("two (changed)"))
        let allowed = try await h.run(["resume", "--state", "st", "--yes", "--allow-changed"])
        #expect(allowed.status == 0)
        #expect(h.read("log") == "1\ntwo\n")
    }

    @Test func replayVerifyDetectsATamperedJournalLine() async throws {
        let h = try CLIHarness()
        try h.write(
            "v.yaml",
            """
            runbook: ver
            phases:
              - id: p
                steps:
                  - id: a
                    shell: "echo a"
                  - id: b
                    shell: "echo b"
            """
        )
        #expect(try await h.run(["run", "v.yaml", "--state", "st"]).status == 0)
        #expect(try await h.run(["replay", "ver-", "--state", "st", "--verify"]).status == 0)
        let runs = try FileManager.default.contentsOfDirectory(atPath: h.dir.appendingPathComponent("st/runs").path)
        let journal = h.dir.appendingPathComponent("st/runs/\(runs[0])/journal.jsonl")
        var text = try String(contentsOf: journal, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"echo a\"", with: "\"echo A\"")
        try text.write(to: journal, atomically: true, encoding: .utf8)
        let tampered = try await h.run(["replay", "ver-", "--state", "st", "--verify"])
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("verification FAILED at line"))
        // A tampered journal is never appended to.
        let resume = try await h.run(["skip", "ver-", "a", "--reason", "x", "--state", "st"])
        #expect(resume.status == 2)
    }

    @Test func missingRequiredParamAndUnknownFromStepExitTwoBeforeAnythingRuns() async throws {
        let h = try CLIHarness()
        try h.write(
            "m.yaml",
            """
            runbook: miss
            params:
              who: { required: true }
            phases:
              - id: p
                steps:
                  - id: a
                    shell: "touch RAN"
            """
        )
        let missing = try await h.run(["run", "m.yaml", "--state", "st"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing required parameter 'who'"))
        let badFrom = try await h.run(["run", "m.yaml", "--state", "st", "-p", "who=x", "--from", "b"])
        #expect(badFrom.status == 2)
        #expect(badFrom.stderr.contains("--from b: no such step"))
        #expect(!h.exists("RAN"))
    }
}
