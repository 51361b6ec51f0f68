import Foundation
import RunbookCore
import RunbookTestSupport
import Testing

/// `compare` with `op: same_rows` between the real PostgreSQL and the real Bolt server (FalkorDB): drift injected
/// on both sides is reported with exact counts and example keys, and a side whose text key is not in code-point
/// order is refused rather than diffed wrongly.
@Suite(.serialized, .needsPostgresAndBolt)
struct KeyedDiffTests {
    func header(_ id: String) -> String { TestRunbooks.header(id) }

    @Test func compositeKeyDiffReportsExactlyTheInjectedDriftOnBothSides() async throws {
        let h = try CLIHarness()
        let (table, label) = TestRunbooks.scratchNames(table: "kd_follows_", label: "KdUser")
        // 600 followers × 5 edges = 3000 rows, copied into the graph; then drift on both sides:
        //  graph: edges (1,2) (1,3) (7,8) deleted → only_left 3; edges (900,1) (901,2) created → only_right 2;
        //         weights of (10,11) (10,12) (20,21) (30,31) changed → changed 4;
        //  PostgreSQL: rows (2000,1) (2001,1) inserted → only_left +2; rows (40,41) (50,51) deleted → only_right +2.
        try h.write(
            "d.yaml",
            header("keyed-diff")
                + """

                phases:
                  - id: setup
                    steps:
                \(TestRunbooks.sourceStep(recreating: table, columns: "follower_id int, following_id int, weight int, PRIMARY KEY (follower_id, following_id)", rows: "SELECT f, f + k, (f * 7 + k) % 10 FROM generate_series(1, 600) f, generate_series(1, 5) k"))
                \(TestRunbooks.indexStep(label: label))
                      - id: copy
                        transfer:
                          from: { on: pg, query: "SELECT follower_id, following_id, weight FROM \(table)" }
                          to: { on: graph, query: "UNWIND $rows AS r MERGE (a:\(label) {id: r.follower_id}) MERGE (b:\(label) {id: r.following_id}) CREATE (a)-[:KF {w: r.weight}]->(b)" }
                          key: [follower_id, following_id]
                          batch: 500
                      - id: before
                        compare:
                          left: { sql: { on: pg, query: "SELECT follower_id, following_id, weight FROM \(table) ORDER BY 1, 2" } }
                          right: { cypher: { on: graph, query: "MATCH (a:\(label))-[r:KF]->(b:\(label)) RETURN a.id AS follower_id, b.id AS following_id, r.w AS weight ORDER BY follower_id, following_id" } }
                          op: same_rows
                          key: [follower_id, following_id]
                          batch: 128
                      - id: drift-graph
                        cypher: { on: graph, query: "MATCH (a:\(label))-[r:KF]->(b:\(label)) WHERE [a.id, b.id] IN [[1, 2], [1, 3], [7, 8]] DELETE r" }
                      - id: extra-graph
                        cypher: { on: graph, query: "UNWIND [[900, 1], [901, 2]] AS p MERGE (a:\(label) {id: p[0]}) MERGE (b:\(label) {id: p[1]}) CREATE (a)-[:KF {w: 1}]->(b)" }
                      - id: change-graph
                        cypher: { on: graph, query: "MATCH (a:\(label))-[r:KF]->(b:\(label)) WHERE [a.id, b.id] IN [[10, 11], [10, 12], [20, 21], [30, 31]] SET r.w = r.w + 100" }
                      - id: drift-pg
                        sql: { on: pg, statements: ["INSERT INTO \(table) VALUES (2000, 1, 3), (2001, 1, 4)", "DELETE FROM \(table) WHERE (follower_id, following_id) IN ((40, 41), (50, 51))"], transaction: true }
                  - id: check
                    steps:
                      - id: diff
                        compare:
                          left: { sql: { on: pg, query: "SELECT follower_id, following_id, weight FROM \(table) ORDER BY 1, 2" } }
                          right: { cypher: { on: graph, query: "MATCH (a:\(label))-[r:KF]->(b:\(label)) RETURN a.id AS follower_id, b.id AS following_id, r.w AS weight ORDER BY follower_id, following_id" } }
                          op: same_rows
                          key: [follower_id, following_id]
                          batch: 128
                          examples: 3
                        on_failure: continue
                      - id: outputs
                        sql: { on: pg, query: "SELECT $1::int * 1000000 + $2::int * 10000 + $3::int * 100 + 0 * $4::int", params: ["${{ steps.diff.outputs.only_left }}", "${{ steps.diff.outputs.only_right }}", "${{ steps.diff.outputs.changed }}", "${{ steps.diff.outputs.same }}"] }
                        expect: { equals: 5040400 }
                      - id: cleanup
                        sql: { on: pg, query: "DROP TABLE \(table)" }
                      - id: cleanup-graph
                        cypher: { on: graph, query: "MATCH (n:\(label)) DETACH DELETE n" }
                """
        )
        let run = try await h.run(["run", "d.yaml", "--state", "s"])
        let out = run.stdout + run.stderr
        #expect(out.contains("✔ before same_rows: 0 only left, 0 only right, 0 changed, 3000 same"), "\(out)")
        // 3000 − 3 lost − 4 changed − 2 deleted in PostgreSQL = 2991 the same.
        #expect(out.contains("compare failed: same_rows: 5 only left, 4 only right, 4 changed, 2991 same"), "\(out)")
        #expect(out.contains("only_left 5: [1,2], [1,3], [7,8], …"), "\(out)")
        #expect(out.contains("only_right 4: [40,41], [50,51], [900,1], …"), "\(out)")
        #expect(out.contains("changed 4: [10,11], [10,12], [20,21], …"), "\(out)")
        #expect(out.contains("✔ outputs"), "\(out)")
        #expect(run.status == 0, "\(out)")
        let journal = h.journalText()
        #expect(
            journal.contains(
                #""examples":{"only_left":[[1,2],[1,3],[7,8]],"only_right":[[40,41],[50,51],[900,1]],"changed":[[10,11],[10,12],[20,21]]}"#
            ),
            "\(journal)"
        )
        let replay = try await h.run(["replay", "keyed-diff-", "--state", "s"])
        #expect(replay.stdout.contains("5 only left, 4 only right, 4 changed, 2991 same"), "\(replay.stdout)")
    }

    @Test func textKeyInAnICUCollationWithoutCollateCIsRefusedAndWithItIsExact() async throws {
        let h = try CLIHarness()
        let (table, label) = TestRunbooks.scratchNames(table: "kd_names_", label: "KdName")
        try h.write(
            "c.yaml",
            header("keyed-collation")
                + """

                phases:
                  - id: setup
                    steps:
                \(TestRunbooks.sourceStep(recreating: table, columns: #"name text COLLATE \"en-x-icu\" PRIMARY KEY, n int"#, rows: "VALUES ('a', 1), ('B', 2), ('_c', 3), ('b', 4), ('Zoë', 5), ('zed', 6)"))
                      - id: graph
                        cypher: { on: graph, query: "UNWIND [['a', 1], ['B', 2], ['_c', 3], ['b', 4], ['Zoë', 5], ['zed', 6]] AS p CREATE (:\(label) {name: p[0], n: p[1]})" }
                  - id: check
                    steps:
                      - id: icu-order
                        compare:
                          left: { sql: { on: pg, query: "SELECT name, n FROM \(table) ORDER BY name" } }
                          right: { cypher: { on: graph, query: "MATCH (u:\(label)) RETURN u.name AS name, u.n AS n ORDER BY name" } }
                          op: same_rows
                          key: name
                        on_failure: continue
                      - id: code-point-order
                        compare:
                          left: { sql: { on: pg, query: "SELECT name, n FROM \(table) ORDER BY name COLLATE \\"C\\"" } }
                          right: { cypher: { on: graph, query: "MATCH (u:\(label)) RETURN u.name AS name, u.n AS n ORDER BY name" } }
                          op: same_rows
                          key: name
                      - id: cleanup
                        sql: { on: pg, query: "DROP TABLE \(table)" }
                      - id: cleanup-graph
                        cypher: { on: graph, query: "MATCH (n:\(label)) DELETE n" }
                """
        )
        let run = try await h.run(["run", "c.yaml", "--state", "s"])
        let out = run.stdout + run.stderr
        // ICU sorts _c, a, b, B, zed, Zoë; code-point order is B, Zoë, _c, a, b, zed.
        #expect(out.contains("left (sql on pg) is not in key order: key B came after b"), "\(out)")
        #expect(out.contains("ORDER BY name COLLATE \"C\""), "\(out)")
        #expect(out.contains("✔ code-point-order same_rows: 0 only left, 0 only right, 0 changed, 6 same"), "\(out)")
        #expect(run.status == 0, "\(out)")
    }
}
