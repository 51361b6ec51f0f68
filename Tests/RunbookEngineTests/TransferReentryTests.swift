import Foundation
import RunbookTestSupport
import Testing

/// A `transfer` from the real PostgreSQL into the real Bolt server (FalkorDB) fails mid-way.
///
/// Its target query cannot write row 3500 until a marker node exists; the operator creates it and `resume`
/// re-enters the failed run: the transfer continues after its last checkpoint, and every row arrives exactly once
/// (the target query CREATEs, so a repeated batch would show as duplicate nodes).
@Suite(.serialized, .needsPostgresAndBolt)
struct TransferReentryTests {
    @Test func aFailedTransferContinuesFromItsCheckpointWhenTheFailedRunIsResumed() async throws {
        let h = try CLIHarness()
        let (table, label) = TestRunbooks.scratchNames(table: "tre_src_", label: "TreNode")
        let fixed = label + "Fixed"
        try h.write(
            "t.yaml",
            TestRunbooks.header("transfer-reentry") + """

                phases:
                  - id: setup
                    steps:
                      - id: source
                        sql: { on: pg, statements: ["CREATE TABLE \(table)(id int PRIMARY KEY, v text)", "INSERT INTO \(table) SELECT g, 'v' || g FROM generate_series(1, 5000) g"], transaction: true }
                  - id: copy
                    steps:
                      - id: move
                        transfer:
                          from: { on: pg, query: "SELECT id, v FROM \(table)" }
                          to: { on: graph, query: "UNWIND $rows AS r OPTIONAL MATCH (f:\(fixed)) WITH r, count(f) AS fixed CREATE (:\(label) {id: r.id, v: r.v, ok: 1 / (CASE WHEN fixed = 0 AND r.id = 3500 THEN 0 ELSE 1 END)})" }
                          batch: 1000
                          key: id
                """
        )
        let failed = try await h.run(["run", "t.yaml", "--state", "s"])
        #expect(failed.status == 1, "\(failed.stdout)\(failed.stderr)")
        #expect(failed.stdout.contains("Division by zero"), "\(failed.stdout)")
        // The operator fixes the cause (here: creates the marker the target query needs for row 3500).
        try h.write(
            "fix.yaml",
            TestRunbooks.header("transfer-reentry-fix") + """

                phases:
                  - id: fix
                    steps:
                      - id: mark
                        cypher: { on: graph, query: "CREATE (:\(fixed))" }
                """
        )
        let fix = try await h.run(["run", "fix.yaml", "--state", "s"])
        #expect(fix.status == 0, "\(fix.stdout)\(fix.stderr)")
        let resumed = try await h.run(["resume", "transfer-reentry-2", "--state", "s"])
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(resumed.stdout.contains("re-entering failed run transfer-reentry-"), "\(resumed.stdout)")
        #expect(resumed.stdout.contains("move: resuming after key"), "\(resumed.stdout)")
        #expect(resumed.stdout.contains("resuming after key 3000 (3000 rows in 3 batches"), "\(resumed.stdout)")
        // Read back outside the tool: the graph through the Python neo4j driver, the source through psql. The
        // target query CREATEs, so a batch sent twice would show as more nodes than distinct ids.
        let nodes = try await IndependentReader.rows(
            cypher: "MATCH (n:\(label)) RETURN count(n), count(DISTINCT n.id), min(n.id), max(n.id)"
        )
        #expect(nodes == ["5000\t5000\t1\t5000"], "\(nodes)")
        let source = try await IndependentReader.rows(sql: "SELECT count(*), min(id), max(id) FROM \(table)")
        #expect(source == ["5000\t1\t5000"], "\(source)")
        _ = try await IndependentReader.rows(cypher: "MATCH (n:\(label)) DELETE n")
        _ = try await IndependentReader.rows(cypher: "MATCH (n:\(fixed)) DELETE n")
        _ = try await IndependentReader.rows(sql: "DROP TABLE \(table)")
    }
}
