import Foundation
import Testing

/// The state store's PostgreSQL restarted mid-run: the runner waits for it, loses no event, and finishes.
@Suite(.serialized, .enabled(if: PrivatePostgres.available)) struct PostgresRestartTests {
    @Test func aRunSurvivesARestartOfItsStateDatabase() throws {
        let pg = try PrivatePostgres()
        let h = try CLIHarness()
        try h.write("rb.yaml", TeamRunbooks.steps("team-restart", count: 6, sleep: "0.5"))
        let state = TeamSchema.url(pg.url, schema: "team_restart")
        let runner = try h.start(["run", "rb.yaml", "--state", state])
        #expect(TeamRunbooks.wait(30) { h.read("effects.log").contains("s2") })
        try pg.restart(downSeconds: 2)
        let out = runner.finish()
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr.contains("lost the connection to PostgreSQL"), "\(out.stderr)")
        #expect(TeamRunbooks.effectCounts(h, steps: 6) == [1, 1, 1, 1, 1, 1], "\(h.read("effects.log"))")
        let verify = try h.run(["replay", "team-restart-", "--state", state, "--verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("hash chain intact"), "\(verify.stdout)")
        let journal = try h.run(["export", "team-restart-", "--state", state]).stdout
        for i in 1...6 {
            #expect(journal.contains("\"type\":\"step.succeeded\",\"data\":{\"step\":\"s\(i)\""), "s\(i)")
        }
    }
}
