import Foundation
import RunbookCore
import RunbookTestSupport
import Testing

/// `sync` from the real PostgreSQL into the real Bolt server (FalkorDB): node sync (users created, renamed,
/// soft-deleted → DETACH DELETE) then edge sync (follows), checked afterwards by an independent reader (psql and
/// the Python neo4j driver), idempotent, `plan --check` writing nothing, and a sync killed mid-way and resumed.
@Suite(.serialized, .needsPostgresAndBolt)
struct SyncTests {

    /// A runbook with the two syncs (users, then follows) over tables `<p>_users` / `<p>_follows` and label
    /// `<L>` / relationship `<L>_F`, plus `setup` steps.
    func runbook(_ id: String, prefix p: String, label l: String, batch: Int, setup: String) -> String {
        TestRunbooks.header(id) + """

            phases:
              - id: setup
                steps:
            \(setup)
              - id: repair
                steps:
                  - id: sync-users
                    sync:
                      from: { on: pg, query: "SELECT id, name FROM \(p)_users WHERE deleted_at IS NULL ORDER BY id" }
            \(TestRunbooks.usersSyncTarget(label: l))
                      key: id
                      batch: \(batch)
                  - id: sync-follows
                    sync:
                      from: { on: pg, query: "SELECT f.follower_id, f.following_id FROM \(p)_follows f JOIN \(p)_users a ON a.id = f.follower_id AND a.deleted_at IS NULL JOIN \(p)_users b ON b.id = f.following_id AND b.deleted_at IS NULL ORDER BY 1, 2" }
                      to:
                        on: graph
                        read: "MATCH (a:\(l))-[:\(l)_F]->(b:\(l)) RETURN a.id AS follower_id, b.id AS following_id ORDER BY follower_id, following_id"
                        upsert: "UNWIND $rows AS r MATCH (a:\(l) {id: r.follower_id}), (b:\(l) {id: r.following_id}) MERGE (a)-[:\(l)_F]->(b)"
                        delete: "UNWIND $rows AS r MATCH (:\(l) {id: r.follower_id})-[f:\(l)_F]->(:\(l) {id: r.following_id}) DELETE f"
                      key: [follower_id, following_id]
                      batch: \(batch)
            """
    }

    /// Steps `source` (tables `<p>_users` and `<p>_follows`, recreated and filled by the `users` and `follows`
    /// queries) and `index` (on `<L>`'s `id`).
    func sourceSteps(prefix p: String, label l: String, users: String, follows: String) -> String {
        TestRunbooks.sourceStep([
            "DROP TABLE IF EXISTS \(p)_follows", "DROP TABLE IF EXISTS \(p)_users",
            "CREATE TABLE \(p)_users(id int PRIMARY KEY, name text NOT NULL, deleted_at timestamptz)",
            "INSERT INTO \(p)_users \(users)",
            "CREATE TABLE \(p)_follows(follower_id int, following_id int, PRIMARY KEY (follower_id, following_id))",
            "INSERT INTO \(p)_follows \(follows)",
        ]) + "\n" + TestRunbooks.indexStep(label: l)
    }

    /// The active users and follows as PostgreSQL has them and as the graph has them, read independently.
    func expectStoresEqual(
        prefix p: String,
        label l: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    )
        async throws
    {
        let pgUsers = try await IndependentReader.rows(
            sql:
                "SELECT id, name FROM \(p)_users WHERE deleted_at IS NULL ORDER BY id"
        )
        let graphUsers = try await IndependentReader.rows(cypher: "MATCH (u:\(l)) RETURN u.id, u.name ORDER BY u.id")
        #expect(pgUsers == graphUsers, "users differ", sourceLocation: sourceLocation)
        #expect(!pgUsers.isEmpty, sourceLocation: sourceLocation)
        let pgFollows = try await IndependentReader.rows(
            sql:
                "SELECT f.follower_id, f.following_id FROM \(p)_follows f JOIN \(p)_users a ON a.id = f.follower_id AND a.deleted_at IS NULL JOIN \(p)_users b ON b.id = f.following_id AND b.deleted_at IS NULL ORDER BY 1, 2"
        )
        let graphFollows = try await IndependentReader.rows(
            cypher:
                "MATCH (a:\(l))-[:\(l)_F]->(b:\(l)) RETURN a.id, b.id ORDER BY a.id, b.id"
        )
        #expect(
            pgFollows == graphFollows,
            "follows differ (\(pgFollows.count) vs \(graphFollows.count))",
            sourceLocation: sourceLocation
        )
        #expect(!pgFollows.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func nodeThenEdgeSyncLeavesTheStoresEqualAndIsIdempotent() async throws {
        let h = try CLIHarness()
        let suffix = UInt32.random(in: 0...UInt32.max)
        let p = "sy_\(suffix)"
        let l = "SyUser\(suffix)"
        // PostgreSQL: 300 users (ids 1–300; 291–300 soft-deleted), each following the next 4.
        // Graph before the sync: users 1–280 (so 281–290 are missing), with 5–9 renamed, plus soft-deleted 295
        // and a user 999 PostgreSQL never had, each with edges; follows of users 1–250 only, one of them lost,
        // plus an edge PostgreSQL does not have.
        let source = sourceSteps(
            prefix: p,
            label: l,
            users: "SELECT g, 'user' || g, CASE WHEN g > 290 THEN now() END FROM generate_series(1, 300) g",
            follows: "SELECT u, (u + k - 1) % 300 + 1 FROM generate_series(1, 300) u, generate_series(1, 4) k"
        )
        let setup = """
            \(source)
                  - id: graph-users
                    cypher: { on: graph, query: "UNWIND range(1, 280) + [295, 999] AS i CREATE (:\(l) {id: i, name: CASE WHEN i >= 5 AND i <= 9 THEN 'old' ELSE 'user' + toString(i) END})" }
                  - id: graph-follows
                    cypher: { on: graph, query: "MATCH (a:\(l)), (b:\(l)) WHERE a.id <= 250 AND b.id IN [(a.id) % 300 + 1, (a.id + 1) % 300 + 1, (a.id + 2) % 300 + 1, (a.id + 3) % 300 + 1] AND NOT (a.id = 3 AND b.id = 4) CREATE (a)-[:\(l)_F]->(b)" }
                  - id: graph-strays
                    cypher: { on: graph, query: "MATCH (a:\(l) {id: 295}), (b:\(l) {id: 999}), (c:\(l) {id: 10}) CREATE (a)-[:\(l)_F]->(c), (c)-[:\(l)_F]->(b), (c)-[:\(l)_F]->(a)" }
                  - id: graph-extra-edge
                    cypher: { on: graph, query: "MATCH (a:\(l) {id: 1}), (b:\(l) {id: 100}) CREATE (a)-[:\(l)_F]->(b)" }
            """
        let text = runbook("sync-basic", prefix: p, label: l, batch: 64, setup: setup)
        try h.write("s.yaml", text)
        // plan --check computes what would change and writes nothing.
        let setupOnly = try await h.run(["run", "s.yaml", "--state", "s", "--only", "setup"])
        #expect(setupOnly.status == 0, "\(setupOnly.stdout)\(setupOnly.stderr)")
        let before = try await IndependentReader.rows(cypher: "MATCH (u:\(l)) RETURN count(u)")
        let check = try await h.run(["plan", "s.yaml", "--check"])
        // Users: 10 missing (281–290) + 5 renamed = 15 upserts; 295 and 999 deleted.
        let checked = check.stdout + check.stderr
        #expect(
            checked.contains("sync-users: sync, no writes: 15 would be upserted, 2 would be deleted, 275 same"),
            "\(checked)"
        )
        #expect(try await IndependentReader.rows(cypher: "MATCH (u:\(l)) RETURN count(u)") == before)

        let run = try await h.run(["run", "s.yaml", "--state", "s", "--new", "--only", "repair"])
        let out = run.stdout + run.stderr
        #expect(run.status == 0, "\(out)")
        #expect(out.contains("✔ sync-users 15 upserted, 2 deleted, 275 same, 0 transient"), "\(out)")
        // Follows after the user sync: the graph keeps users 1–250 → the next 4 (less the lost (3,4)) = 999 edges
        // PostgreSQL also has, and the extra (1,100); the strays left with users 295 and 999. PostgreSQL's active
        // follows: users 1–286 follow 4 active users, 287–289 follow 3, 2, 1 = 1150; 1150 − 999 are upserted.
        let active = try await IndependentReader.rows(
            sql:
                "SELECT count(*) FROM \(p)_follows f WHERE f.follower_id <= 290 AND f.following_id <= 290"
        )
        #expect(active == ["1150"])
        #expect(out.contains("✔ sync-follows 151 upserted, 1 deleted, 999 same, 0 transient"), "\(out)")
        try await expectStoresEqual(prefix: p, label: l)

        let again = try await h.run(["run", "s.yaml", "--state", "s", "--new", "--only", "repair"])
        #expect(again.stdout.contains("✔ sync-users 0 upserted, 0 deleted, 290 same"), "\(again.stdout)")
        #expect(again.stdout.contains("✔ sync-follows 0 upserted, 0 deleted, 1150 same"), "\(again.stdout)")
        let journal = h.journalText()
        #expect(journal.contains("\"type\":\"sync.batch\""))
        _ = try await IndependentReader.rows(sql: "DROP TABLE \(p)_follows; DROP TABLE \(p)_users")
        _ = try await IndependentReader.rows(cypher: "MATCH (n:\(l)) DETACH DELETE n")
    }

    /// The race a sync must survive: the stores change between the diff's snapshot and the batch's write.
    ///
    /// The diff reads PostgreSQL as of its cursor's snapshot. The source query waits on an advisory lock the test holds (after the snapshot
    /// was taken, at the first FETCH); meanwhile the test soft-deletes user 9 (missing from the graph in the
    /// snapshot) and renames user 3 in PostgreSQL to what the graph already has. Verify-then-apply re-reads both
    /// keys, finds nothing left to write for them (2 transient) and still creates user 10.
    @Test func candidatesThatChangedAfterTheSnapshotAreReReadAndDroppedAsTransient() async throws {
        let h = try CLIHarness()
        let suffix = UInt32.random(in: 0...UInt32.max)
        let p = "syr_\(suffix)"
        let l = "SyrUser\(suffix)"
        let lock = Int64(suffix)
        _ = try await IndependentReader.rows(
            sql:
                "CREATE TABLE \(p)_users(id int PRIMARY KEY, name text NOT NULL, deleted_at timestamptz); "
                + "INSERT INTO \(p)_users SELECT g, 'user' || g, NULL FROM generate_series(1, 10) g"
        )
        _ = try await IndependentReader.rows(
            cypher:
                "UNWIND range(1, 8) AS i CREATE (:\(l) {id: i, name: CASE WHEN i = 3 THEN 'old' ELSE 'user' + toString(i) END})"
        )
        try h.write(
            "r.yaml",
            TestRunbooks.header("sync-race") + """

                phases:
                  - id: repair
                    steps:
                      - id: sync-users
                        sync:
                          from: { on: pg, query: "SELECT u.id, u.name FROM \(p)_users u, (SELECT pg_advisory_lock_shared(\(lock))) AS gate WHERE u.deleted_at IS NULL ORDER BY u.id" }
                \(TestRunbooks.usersSyncTarget(label: l))
                          key: id
                """
        )
        // The test's own session holds the lock until the changes are made.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["psql", ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] ?? "", "-X", "-q"]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        input.fileHandleForWriting.write(Data("SELECT pg_advisory_lock(\(lock));\n".utf8))
        func lockState(_ granted: Bool) async throws -> String {
            try await IndependentReader.rows(
                sql:
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid::text::bigint = \(UInt32(truncatingIfNeeded: lock)) AND granted = \(granted)"
            ).first ?? ""
        }
        var polls = 0
        while try await lockState(true) != "1", polls < 2000 {
            try await Task.sleep(for: .milliseconds(5))
            polls += 1
        }
        let running = try h.start(["run", "r.yaml", "--state", "s"])
        polls = 0
        while try await lockState(false) != "1", polls < 4000, running.process.isRunning {
            try await Task.sleep(for: .milliseconds(5))
            polls += 1
        }
        #expect(try await lockState(false) == "1", "the sync never waited on the lock")
        _ = try await IndependentReader.rows(
            sql:
                "UPDATE \(p)_users SET deleted_at = now() WHERE id = 9; UPDATE \(p)_users SET name = 'old' WHERE id = 3"
        )
        input.fileHandleForWriting.write(Data("SELECT pg_advisory_unlock(\(lock));\n\\q\n".utf8))
        try input.fileHandleForWriting.close()
        _ = await holder.waitForExit()
        let run = await running.finish()
        let out = run.stdout + run.stderr
        #expect(run.status == 0, "\(out)")
        // The snapshot's diff: 3 changed, 9 and 10 only in PostgreSQL; now only 10 still differs.
        #expect(out.contains("✔ sync-users 1 upserted, 0 deleted, 7 same, 2 transient in 1 batches"), "\(out)")
        let pgUsers = try await IndependentReader.rows(
            sql: "SELECT id, name FROM \(p)_users WHERE deleted_at IS NULL ORDER BY id"
        )
        let graphUsers = try await IndependentReader.rows(cypher: "MATCH (u:\(l)) RETURN u.id, u.name ORDER BY u.id")
        #expect(pgUsers == graphUsers)
        #expect(pgUsers.count == 9)
        _ = try await IndependentReader.rows(sql: "DROP TABLE \(p)_users")
        _ = try await IndependentReader.rows(cypher: "MATCH (n:\(l)) DELETE n")
    }

    @Test func syncKilledMidwayAndResumedEndsExact() async throws {
        let h = try CLIHarness()
        let suffix = UInt32.random(in: 0...UInt32.max)
        let p = "syk_\(suffix)"
        let l = "SykUser\(suffix)"
        let setup = sourceSteps(
            prefix: p,
            label: l,
            users: "SELECT g, 'user' || g, CASE WHEN g % 97 = 0 THEN now() END FROM generate_series(1, 20000) g",
            follows:
                "SELECT u, (u * 7 + k * 13) % 20000 + 1 FROM generate_series(1, 20000) u, generate_series(1, 2) k"
                + " ON CONFLICT DO NOTHING"
        )
        try h.write("k.yaml", runbook("sync-killed", prefix: p, label: l, batch: 500, setup: setup))
        let first = try h.start(["run", "k.yaml", "--state", "s"])
        await h.kill(first, once: "\"type\":\"sync.batch\"")
        #expect(h.journalText().contains("\"type\":\"sync.batch\""))
        #expect(!h.journalText().contains("\"type\":\"run.finished\""))
        let resumed = try await h.run(["resume", "--state", "s"])
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        try await expectStoresEqual(prefix: p, label: l)
        _ = try await IndependentReader.rows(sql: "DROP TABLE \(p)_follows; DROP TABLE \(p)_users")
        _ = try await IndependentReader.rows(cypher: "MATCH (n:\(l)) DETACH DELETE n")
    }

    /// `stall:`: a source that stops delivering rows (a real PostgreSQL query that sleeps inside a FETCH once it
    /// reaches key 50) fails the step with the stall message once no batch was read or written for the budget,
    /// long before the step's own timeout, and the sleeping query is cancelled with it.
    @Test func syncWithoutProgressForItsStallBudgetFailsWithAClearMessage() async throws {
        let h = try CLIHarness()
        let suffix = UInt32.random(in: 0...UInt32.max)
        let p = "st_\(suffix)"
        let l = "StUser\(suffix)"
        let text =
            TestRunbooks.header("sync-stall") + """

                phases:
                  - id: main
                    steps:
                      - id: source
                        sql: { on: pg, statements: ["CREATE TABLE \(p)_users(id int PRIMARY KEY)", "INSERT INTO \(p)_users SELECT generate_series(1, 100)"] }
                      - id: sync-users
                        timeout: 10m
                        sync:
                          from: { on: pg, query: "SELECT id FROM \(p)_users WHERE id < 50 OR pg_sleep(600)::text = 'never' ORDER BY id" }
                          to:
                            on: graph
                            read: "MATCH (u:\(l)) RETURN u.id AS id ORDER BY id"
                            upsert: "UNWIND $rows AS r MERGE (:\(l) {id: r.id})"
                            delete: "UNWIND $rows AS r MATCH (u:\(l) {id: r.id}) DETACH DELETE u"
                          key: id
                          batch: 10
                          stall: 2s
                """
        try h.write("st.yaml", text)
        let run = try await h.run(["run", "st.yaml", "--state", "s"])
        let out = run.stdout + run.stderr
        #expect(run.status != 0, "\(out)")
        #expect(out.contains("sync stalled: no batch read or written for 2s"), "\(out)")
        // The sleeping query did not outlive the step.
        let sleeping = try await IndependentReader.rows(
            sql:
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%\(p)_users WHERE id < 50%' AND state = 'active' AND pid <> pg_backend_pid()"
        )
        #expect(sleeping == ["0"], "\(sleeping)")
        _ = try await IndependentReader.rows(sql: "DROP TABLE \(p)_users")
    }
}
