import Foundation
import RunbookTestSupport
import Testing

/// `runbook` processes sharing runs through PostgreSQL: the lock race, takeover after SIGKILL, fencing of a paused
/// holder, approval from another identity, export/import.
@Suite(.serialized, .enabled(if: TeamSchema.available)) struct TeamModeCLITests {
    /// A short lease so takeovers happen within seconds.
    static let env = ["RUNBOOK_LEASE_SECONDS": "2"]

    @Test func twoProcessesRaceToStartExactlyOneRunsTheOtherExits5NamingTheHolder() async throws {
        let schema = try TeamSchema()
        let h = try CLIHarness()
        try h.write("rb.yaml", TeamRunbooks.steps("team-race", count: 2, sleep: "1.5"))
        let a = try h.start(["run", "rb.yaml", "--state", schema.url], env: Self.env)
        let b = try h.start(["run", "rb.yaml", "--state", schema.url], env: Self.env)
        let outs = [await a.finish(), await b.finish()]
        let winners = outs.filter { $0.status == 0 }
        let losers = outs.filter { $0.status == 5 }
        #expect(winners.count == 1, "\(outs.map(\.stderr))")
        #expect(losers.count == 1, "\(outs.map(\.stderr))")
        if let loser = losers.first, let winner = winners.first {
            let runID = try #require(winner.stdout.split(separator: " ").dropFirst().first.map(String.init))
            #expect(loser.stderr.contains("holds the lock"), "\(loser.stderr)")
            #expect(loser.stderr.contains("run \(runID)"), "\(loser.stderr)")
            #expect(loser.stderr.contains("pid "), "\(loser.stderr)")
        }
        #expect(TeamRunbooks.effectCounts(h, steps: 2) == [1, 1])
    }

    @Test func aHolderKilledWithSIGKILLIsResumedByAnotherProcessAfterTheLeaseExpires() async throws {
        let schema = try TeamSchema()
        let h = try CLIHarness()
        try h.write("rb.yaml", TeamRunbooks.steps("team-kill", count: 5, sleep: "0.4"))
        let first = try h.start(["run", "rb.yaml", "--state", schema.url], env: Self.env)
        #expect(await TeamRunbooks.wait(30) { h.read("effects.log").contains("s2") })
        first.killGroup()
        _ = await first.finish()
        // Until the dead holder's lease expires a resume exits 5; then it takes over.
        let resumed = try await TeamRunbooks.runWhenLockFree(
            h,
            ["resume", "--state", schema.url, "--yes"],
            env: Self.env
        )
        for refusal in resumed.refusals { #expect(refusal.stderr.contains("holds the lock"), "\(refusal.stderr)") }
        let out = try #require(resumed.output)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(TeamRunbooks.effectCounts(h, steps: 5) == [1, 1, 1, 1, 1], "\(h.read("effects.log"))")
        let verify = try await h.run(["replay", "team-kill-", "--state", schema.url, "--verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        let runs = try await h.run(["runs", "--state", schema.url])
        #expect(runs.stdout.contains("succeeded"), "\(runs.stdout)")
    }

    @Test func aStalledHolderIsFencedAndCannotWriteAfterTakeover() async throws {
        let schema = try TeamSchema()
        let h = try CLIHarness()
        try h.write(
            "rb.yaml",
            """
            runbook: team-zombie
            phases:
              - id: main
                steps:
                  - id: s1
                    shell: "echo s1 >> effects.log"
                  - id: s2
                    shell: "echo started >> progress.log; sleep 2; echo s2 >> effects.log"
                    reconcile: { shell: "grep -qx s2 effects.log" }
                  - id: s3
                    shell: "echo s3 >> effects.log"

            """
        )
        let zombie = try h.start(["run", "rb.yaml", "--state", schema.url], env: Self.env)
        #expect(await TeamRunbooks.wait(30) { h.read("progress.log").contains("started") })
        zombie.stopGroup()
        // Stands for a takeover from another host, which cannot see the paused host's step processes (here they
        // are visible, stopped, and a resume would refuse to run beside them).
        let taken = try await TeamRunbooks.runWhenLockFree(
            h,
            ["resume", "--state", schema.url, "--yes", "--ignore-leftover-processes"],
            env: Self.env
        )
        let takeover = try #require(taken.output)
        #expect(takeover.status == 0, "\(takeover.stderr)")
        let rows = try schema.query("SELECT count(*) FROM runbook_events")
        zombie.continueGroup()
        let z = await zombie.finish()
        #expect(z.status == 5, "zombie exit \(z.status): \(z.stderr)")
        #expect(z.stderr.contains("lost the lease") || z.stderr.contains("already written"), "\(z.stderr)")
        // Nothing from the zombie after the takeover: no new event, and every event after the takeover's
        // run.resumed carries the new generation.
        #expect(try schema.query("SELECT count(*) FROM runbook_events") == rows)
        let stale = try schema.query(
            """
            SELECT count(*) FROM runbook_events e
            WHERE e.seq > (SELECT min(seq) FROM runbook_events WHERE type = 'run.resumed')
              AND e.generation <> (SELECT max(generation) FROM runbook_events)
            """
        )
        #expect(stale.first?.first == "0")
        let verify = try await h.run(["replay", "team-zombie-", "--state", schema.url, "--verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test func aGateWaitingOnOneHostIsApprovedByTwoOthers() async throws {
        let schema = try TeamSchema()
        let h = try CLIHarness()
        try h.write(
            "rb.yaml",
            """
            runbook: team-gate
            phases:
              - id: main
                steps:
                  - id: before
                    shell: "echo before >> effects.log"
                  - id: approve-it
                    gate: { prompt: "Enable dual-write?", confirm: "yes-prod", approvers: 2 }
                  - id: after
                    shell: "echo after >> effects.log"

            """
        )
        var env = Self.env
        env["USER"] = "alice"
        let runner = try h.start(["run", "rb.yaml", "--state", schema.url], env: env)
        #expect(await TeamRunbooks.wait(30) { runner.stdoutSoFar.contains("waiting for approval") })
        let runs = try await h.run(["runs", "--state", schema.url])
        let runID = try #require(runs.stdout.split(separator: " ").first.map(String.init))
        let status = try await h.run(["status", runID, "--state", schema.url])
        #expect(status.stdout.contains("running now"), "\(status.stdout)")
        #expect(status.stdout.contains("waiting for approval"), "\(status.stdout)")
        for user in ["bob", "bob", "carol"] {
            let out = try await h.run(
                ["approve", runID, "--confirm", "yes-prod", "--state", schema.url],
                env: ["USER": user]
            )
            #expect(out.status == 0, "\(out.stderr)")
            try await Task.sleep(for: .milliseconds(700))
        }
        let done = await runner.finish()
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("ignored a second approval from bob@"), "\(done.stdout)")
        let journal = try await h.run(["export", runID, "--state", schema.url]).stdout
        let approvals = journal.split(separator: "\n").filter { $0.contains("\"gate.approved\"") }
        #expect(approvals.count == 2)
        #expect(approvals.first?.contains("bob@") == true)
        #expect(approvals.last?.contains("carol@") == true)
        #expect(h.read("effects.log") == "before\nafter\n")
    }

    @Test func exportImportRoundTripKeepsTheBytesAndTheVerification() async throws {
        let schema = try TeamSchema()
        let other = try TeamSchema()
        let h = try CLIHarness()
        try h.write("rb.yaml", TeamRunbooks.steps("team-export", count: 3, sleep: "0"))
        let run = try await h.run(["run", "rb.yaml", "--state", schema.url])
        #expect(run.status == 0, "\(run.stderr)")
        let export = try await h.run(["export", "team-export-", "--state", schema.url, "-o", "a.jsonl"])
        #expect(export.status == 0, "\(export.stderr)")
        let direct = try await h.run(["replay", "team-export-", "--state", schema.url, "--verify"])
        let fromFile = try await h.run(["replay", "a.jsonl", "--verify"])
        #expect(direct.status == 0 && fromFile.status == 0)
        #expect(direct.stdout == fromFile.stdout)
        for state in [other.url, "files"] {
            let imported = try await h.run(["import", "a.jsonl", "--state", state])
            #expect(imported.status == 0, "\(imported.stderr)")
            let verify = try await h.run(["replay", "team-export-", "--state", state, "--verify"])
            #expect(verify.status == 0, "\(verify.stderr)")
            #expect(verify.stdout == direct.stdout)
            _ = try await h.run(["export", "team-export-", "--state", state, "-o", "b.jsonl"])
            #expect(h.read("b.jsonl") == h.read("a.jsonl"))
            #expect(!h.read("a.jsonl").isEmpty)
        }
        let again = try await h.run(["import", "a.jsonl", "--state", schema.url])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
        // A tampered export is refused by import and by replay --verify alike.
        try h.write("c.jsonl", h.read("a.jsonl").replacingOccurrences(of: "\"s2\"", with: "\"sX\""))
        #expect(try await h.run(["replay", "c.jsonl", "--verify"]).status == 1)
        #expect(try await h.run(["import", "c.jsonl", "--state", other.url]).status == 2)
    }

    @Test func skipAndManualRollbackAreJournaledInPostgres() async throws {
        let schema = try TeamSchema()
        let h = try CLIHarness()
        try h.write(
            "rb.yaml",
            """
            runbook: team-skip
            phases:
              - id: main
                steps:
                  - id: a
                    shell: "echo a >> effects.log"
                  - id: b
                    shell: "echo b-tried >> effects.log; exit 1"
                    retry: { attempts: 1 }
                  - id: c
                    shell: "echo c >> effects.log"
            rollbacks:
              - id: undo
                manual: true
                steps:
                  - id: u1
                    shell: "echo undo >> effects.log"

            """
        )
        let stepped = try h.start(["run", "rb.yaml", "--state", schema.url, "--step"])
        _ = await stepped.finish()
        let run = try await h.run(["runs", "--state", schema.url])
        let runID = try #require(run.stdout.split(separator: " ").first.map(String.init))
        let skip = try await h.run(["skip", runID, "b", "--reason", "fixed by hand", "--state", schema.url])
        #expect(skip.status == 0, "\(skip.stderr)")
        let resume = try await h.run(["resume", runID, "--state", schema.url])
        #expect(resume.status == 0, "\(resume.stderr)")
        let rollback = try await h.run(["rollback", runID, "--scenario", "undo", "--state", schema.url])
        #expect(rollback.stdout.contains("rollback 'undo' completed"), "\(rollback.stdout)\(rollback.stderr)")
        #expect(h.read("effects.log") == "a\nc\nundo\n")
        let journal = try await h.run(["export", runID, "--state", schema.url]).stdout
        #expect(journal.contains("\"reason\":\"fixed by hand\""))
        #expect(journal.contains("\"trigger\":\"operator\""))
        #expect(try await h.run(["replay", runID, "--state", schema.url, "--verify"]).status == 0)
    }

    @Test func replayFollowWatchesARunInPostgresFromAnotherProcess() async throws {
        let schema = try TeamSchema()
        let h = try CLIHarness()
        try h.write("rb.yaml", TeamRunbooks.steps("team-follow", count: 4, sleep: "0.4"))
        let runner = try h.start(["run", "rb.yaml", "--state", schema.url], env: Self.env)
        #expect(await TeamRunbooks.wait(30) { h.read("effects.log").contains("s1") })
        let follower = try await h.run(["replay", "team-follow-", "--state", schema.url, "--follow"])
        let run = await runner.finish()
        #expect(run.status == 0, "\(run.stderr)")
        // The follower started mid-run, printed every step's success once, and stopped by itself at the end.
        #expect(follower.status == 0, "\(follower.stderr)")
        for step in 1...4 {
            let lines = follower.stdout.split(separator: "\n").filter { $0.contains("✔ s\(step) ") }
            #expect(lines.count == 1, "s\(step): \(follower.stdout)")
        }
        #expect(follower.stdout.contains("finished"), "\(follower.stdout)")
    }

    @Test func anUnreachableStoreExits2WithoutThePassword() async throws {
        let h = try CLIHarness()
        try h.write("rb.yaml", TeamRunbooks.steps("team-down", count: 1, sleep: "0"))
        let out = try await h.run(["run", "rb.yaml", "--state", "postgresql://runbook:hunter2@127.0.0.1:1/runbook"])
        #expect(out.status == 2)
        #expect(out.stderr.contains("cannot use PostgreSQL state store"), "\(out.stderr)")
        #expect(!out.stderr.contains("hunter2"))
        #expect(!h.exists("effects.log"))
    }
}
