import Foundation
import RunbookTestSupport
import Testing

/// The state store's PostgreSQL restarted mid-run: the runner waits for it, loses no event, and finishes.
@Suite(.serialized, .enabled(if: PrivatePostgres.available)) struct PostgresRestartTests {
    @Test func aRunSurvivesARestartOfItsStateDatabase() async throws {
        let pg = try await PrivatePostgres()
        try await withCleanup {
            let h = try CLIHarness()
            try h.write("rb.yaml", TeamRunbooks.steps("team-restart", count: 6, sleep: "0.5"))
            let state = TeamSchema.url(pg.url, schema: "team_restart")
            let runner = try h.start(["run", "rb.yaml", "--state", state])
            #expect(await TeamRunbooks.wait(30) { h.read("effects.log").contains("s2") })
            try await pg.restart(downSeconds: 2)
            let out = await runner.finish()
            #expect(out.status == 0, "\(out.stderr)")
            #expect(out.stderr.contains("lost the connection to PostgreSQL"), "\(out.stderr)")
            #expect(TeamRunbooks.effectCounts(h, steps: 6) == [1, 1, 1, 1, 1, 1], "\(h.read("effects.log"))")
            let verify = try await h.run(["replay", "team-restart-", "--state", state, "--verify"])
            #expect(verify.status == 0, "\(verify.stderr)")
            #expect(verify.stdout.contains("hash chain intact"), "\(verify.stdout)")
            let journal = try await h.run(["export", "team-restart-", "--state", state]).stdout
            for i in 1...6 {
                #expect(journal.contains("\"type\":\"step.succeeded\",\"data\":{\"step\":\"s\(i)\""), "s\(i)")
            }
        } cleanup: {
            await pg.discard()
        }
    }

    @Test func aDatabaseDownLongerThanTheRetryWindowStopsTheRunResumably() async throws {
        let pg = try await PrivatePostgres()
        try await withCleanup {
            let h = try CLIHarness()
            try h.write("rb.yaml", TeamRunbooks.steps("team-outage", count: 4, sleep: "0.5"))
            let state = TeamSchema.url(pg.url, schema: "team_outage")
            let env = ["RUNBOOK_PG_RETRY_SECONDS": "1", "RUNBOOK_LEASE_SECONDS": "2"]
            let runner = try h.start(["run", "rb.yaml", "--state", state], env: env)
            #expect(await TeamRunbooks.wait(30) { h.read("effects.log").contains("s1") })
            try await pg.stop()
            let stopped = await runner.finish()
            #expect(stopped.status == 3, "\(stopped.stderr)")
            #expect(stopped.stderr.contains("could not write to the journal"), "\(stopped.stderr)")
            #expect(stopped.stderr.contains("runbook resume"), "\(stopped.stderr)")
            let before = h.read("effects.log")
            try await pg.start()
            let out = try #require(
                await TeamRunbooks.runWhenLockFree(h, ["resume", "--state", state, "--yes"], env: env).output
            )
            #expect(out.status == 0, "\(out.stderr)")
            #expect(
                TeamRunbooks.effectCounts(h, steps: 4) == [1, 1, 1, 1],
                "before: \(before) after: \(h.read("effects.log"))"
            )
            let verify = try await h.run(["replay", "team-outage-", "--state", state, "--verify"])
            #expect(verify.status == 0, "\(verify.stderr)")
        } cleanup: {
            await pg.discard()
        }
    }
}
