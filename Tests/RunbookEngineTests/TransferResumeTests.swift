import Foundation
import RunbookTestSupport
import Testing

/// `transfer` from the real PostgreSQL into the real Bolt server (FalkorDB), killed with SIGKILL mid-way and
/// resumed: the graph ends with exactly the source's rows, and the resume starts after the last checkpoint.
@Suite(.serialized, .needsPostgresAndBolt)
struct TransferResumeTests {
    @Test func transferKilledMidwayResumesAfterTheLastCommittedBatchWithNoLossAndNoDuplicates() async throws {
        let h = try CLIHarness()
        let (table, label) = TestRunbooks.scratchNames(table: "tr_src_", label: "TrNode")
        try h.write(
            "t.yaml",
            TestRunbooks.header("transfer-resume") + """

                phases:
                  - id: setup
                    steps:
                \(TestRunbooks.sourceStep(recreating: table, columns: "id int PRIMARY KEY, v text", rows: "SELECT g, 'v' || g FROM generate_series(1, 60000) g", idempotent: true))
                \(TestRunbooks.indexStep(label: label))
                  - id: copy
                    steps:
                \(TestRunbooks.transferStep(table: table, label: label, batch: 1000))
                \(TestRunbooks.countCompareSteps(table: table, label: label))
                \(TestRunbooks.cleanupSteps(table: table, label: label))
                """
        )
        let first = try h.start(["run", "t.yaml", "--state", "s"])
        // Kill once at least one batch is committed (its checkpoint is in the journal) and the transfer goes on.
        await h.kill(first, once: "transfer.checkpoint", polls: 2000)
        // The transfer was in flight: its last batch may be written without its checkpoint (MERGE makes that safe).
        let resumed = try await h.run(["resume", "--state", "s", "--rerun-in-doubt"])
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(resumed.stdout.contains("move: resuming after key"))
        #expect(resumed.stdout.contains("✔ exact left 60000 vs right 60000"))
        #expect(resumed.stdout.contains("✔ distinct left 60000 vs right 60000"))
        let replay = try await h.run(["replay", "transfer-resume-", "--state", "s", "--format", "json"])
        #expect(replay.stdout.contains("transfer.checkpoint"))
    }

    @Test func compositeKeyTransferKilledMidwayResumesAfterTheLastPairAndMovesExactlyTheSourceRows() async throws {
        let h = try CLIHarness()
        let (table, label) = TestRunbooks.scratchNames(table: "tr_follows_", label: "TrFollow")
        // A follows table keyed by (follower_id, following_id) with no surrogate id: 2,000 followers × 30.
        try h.write(
            "t.yaml",
            TestRunbooks.header("transfer-composite") + """

                phases:
                  - id: setup
                    steps:
                \(TestRunbooks.sourceStep(recreating: table, columns: "follower_id int, following_id int, PRIMARY KEY (follower_id, following_id)", rows: "SELECT f, (f * 31 + k * 17) % 100000 FROM generate_series(1, 2000) f, generate_series(1, 30) k", idempotent: true))
                \(TestRunbooks.indexStep(label: label, property: "a"))
                  - id: copy
                    steps:
                      - id: move
                        transfer:
                          from: { on: pg, query: "SELECT follower_id, following_id FROM \(table)" }
                          to: { on: graph, query: "UNWIND $rows AS r MERGE (:\(label) {a: r.follower_id, b: r.following_id})" }
                          batch: 1000
                          key: [follower_id, following_id]
                """
        )
        let first = try h.start(["run", "t.yaml", "--state", "s"])
        await h.kill(first, once: "transfer.checkpoint", polls: 2000)
        let journal = h.journalText()
        #expect(journal.contains("transfer.checkpoint"))
        // The composite checkpoint is the last pair moved.
        #expect(journal.contains(#""last_key":["#), "\(journal)")
        // The batch in flight at the kill may be committed without its checkpoint: it is in doubt, and re-sent
        // (MERGE keeps that exact).
        let resumed = try await h.run(["resume", "--state", "s", "--rerun-in-doubt"])
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(resumed.stdout.contains("move: resuming after key ["), "\(resumed.stdout)")
        // An independent reader: every source pair exactly once in the graph, and nothing else.
        let source = try await IndependentReader.rows(
            sql: "SELECT follower_id, following_id FROM \(table) ORDER BY 1, 2"
        )
        let graph = try await IndependentReader.rows(cypher: "MATCH (n:\(label)) RETURN n.a, n.b ORDER BY n.a, n.b")
        #expect(source.count == 60000)
        #expect(graph.count == source.count)
        #expect(graph == source)
        _ = try await IndependentReader.rows(sql: "DROP TABLE \(table)")
        _ = try await IndependentReader.rows(cypher: "MATCH (n:\(label)) DELETE n")
    }

    @Test func transferWhoseWriteFailsMidwayStopsAtTheLastCommittedBatchAndResumesAfterTheDataIsFixed() async throws {
        let h = try CLIHarness()
        let (table, label) = TestRunbooks.scratchNames(table: "transfer_bad_", label: "TransferBad")
        // Row 3500 has d = 0: `10 / r.d` fails the fourth batch (rows 3001–4000) on the server. While the step
        // waits for its retry, the test fixes the row (standing in for the operator); the retry resumes after
        // the last committed batch. (A rollback scenario's `after: resume` starts its steps afresh instead.)
        try h.write(
            "t.yaml",
            TestRunbooks.header("transfer-write-failure") + """

                phases:
                  - id: setup
                    steps:
                \(TestRunbooks.sourceStep(recreating: table, columns: "id int PRIMARY KEY, d int", rows: "SELECT g, CASE WHEN g = 3500 THEN 0 ELSE 1 END FROM generate_series(1, 5000) g", idempotent: true))
                  - id: copy
                    steps:
                      - id: move
                        transfer:
                          from: { on: pg, query: "SELECT id, d FROM \(table)", count: "SELECT count(*) FROM \(table)" }
                          to: { on: graph, query: "UNWIND $rows AS r MERGE (n:\(label) {id: r.id}) SET n.x = 10 / r.d" }
                          batch: 1000
                          key: id
                        idempotent: true
                        retry: { attempts: 6, delay: 2s, backoff: fixed }
                \(TestRunbooks.countCompareSteps(table: table, label: label))
                \(TestRunbooks.cleanupSteps(table: table, label: label))
                """
        )
        try h.write(
            "fix.yaml",
            TestRunbooks.postgresHeader("transfer-fix-data") + """

                phases:
                  - id: fix
                    steps:
                      - id: fix-data
                        sql: { on: pg, query: "UPDATE \(table) SET d = 1 WHERE d = 0" }
                """
        )
        let running = try h.start(["run", "t.yaml", "--state", "s"])
        var waited = 0
        while waited < 6000, running.process.isRunning, !h.journalText().contains("\"type\":\"step.failed\"") {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        let fix = try await h.run(["run", "fix.yaml", "--state", "fix"])
        #expect(fix.status == 0, "\(fix.stdout)\(fix.stderr)")
        let run = await running.finish()
        let out = run.stdout
        #expect(run.status == 0)
        #expect(out.contains("✘ move Division by zero"), "\(out)\(run.stderr)")
        #expect(out.contains("move: resuming after key 3000 (3000 rows in 3 batches already committed)"))
        #expect(out.contains("✔ move 5000 rows moved in 5 batches"))
        #expect(out.contains("✔ exact left 5000 vs right 5000"))
        #expect(out.contains("✔ distinct left 5000 vs right 5000"))
        // In the journal: checkpoints 1–3, the failure (more than one if the fix was slow), then 4–5.
        let events = h.journalText().split(separator: "\n").filter {
            $0.contains("transfer.checkpoint") || ($0.contains("step.failed") && $0.contains("\"move\""))
        }
        let batches = events.map { event in
            event.contains("step.failed")
                ? "failed" : event.firstMatch(of: /"batches":(\d+)/).map { String($0.1) } ?? "?"
        }
        let failures = batches.filter { $0 == "failed" }.count
        #expect(failures >= 1)
        #expect(batches == ["1", "2", "3"] + Array(repeating: "failed", count: failures) + ["4", "5"])
        #expect(events.count > 2 && events[2].contains("\"last_key\":3000") && events[2].contains("\"rows\":3000"))
    }

    @Test func expectAndCaptureSeeRowsMovedAndBatches() async throws {
        let h = try CLIHarness()
        let (table, label) = TestRunbooks.scratchNames(table: "transfer_out_", label: "TransferOut")
        try h.write(
            "t.yaml",
            TestRunbooks.header("transfer-outputs") + """

                phases:
                  - id: copy
                    steps:
                \(TestRunbooks.sourceStep(recreating: table, columns: "id int PRIMARY KEY", rows: "SELECT generate_series(1, 2500)", idempotent: true))
                      - id: move
                        transfer:
                          from: { on: pg, query: "SELECT id FROM \(table) WHERE id <= $1", params: [2500] }
                          to: { on: graph, query: "UNWIND $rows AS r MERGE (n:\(label) {id: r.id})" }
                          batch: 1000
                          key: id
                        expect: { rows_moved: { equals: 2500 }, batches: { equals: 3 } }
                        capture: { moved: rows_moved, pages: batches }
                      - id: use
                        sql: { on: pg, query: "SELECT $1::int * 10 + $2::int", params: ["${{ steps.move.outputs.moved }}", "${{ steps.move.outputs.pages }}"] }
                        expect: { equals: 25003 }
                      - id: wrong
                        transfer:
                          from: { on: pg, query: "SELECT id FROM \(table)" }
                          to: { on: graph, query: "UNWIND $rows AS r MERGE (n:\(label) {id: r.id})" }
                          batch: 2000
                          key: id
                        expect: { batches: { equals: 3 } }
                        on_failure: continue
                \(TestRunbooks.cleanupSteps(table: table, label: label))
                """
        )
        let run = try await h.run(["run", "t.yaml", "--state", "s"])
        #expect(run.stdout.contains("✔ move 2500 rows moved in 3 batches"), "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("✔ use 1 row, first: 25003"))
        #expect(run.stdout.contains("✘ wrong expectation failed"))
        #expect(run.stdout.contains("✔ cleanup-graph"))
        #expect(h.journalText().contains("\"moved\":2500"))
    }
}
