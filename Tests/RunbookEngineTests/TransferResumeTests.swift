import Foundation
import Testing

/// `transfer` from the real PostgreSQL into the real Bolt server (FalkorDB), killed with SIGKILL mid-way and
/// resumed: the graph ends with exactly the source's rows, and the resume starts after the last checkpoint.
@Suite(
    .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] != nil
            && ProcessInfo.processInfo.environment["RUNBOOK_NEO4J_URL"] != nil
    )
)
struct TransferResumeTests {
    @Test func transferKilledMidwayResumesAfterTheLastCommittedBatchWithNoLossAndNoDuplicates() throws {
        let h = try CLIHarness()
        let suffix = UInt32.random(in: 0...UInt32.max)
        let table = "tr_src_\(suffix)"
        let label = "TrNode\(suffix)"
        let url = ProcessInfo.processInfo.environment["RUNBOOK_NEO4J_URL"] ?? ""
        let user = ProcessInfo.processInfo.environment["RUNBOOK_NEO4J_USER"] ?? "falkordb"
        try h.write(
            "t.yaml",
            """
            runbook: transfer-resume
            secrets:
              DB: { env: RUNBOOK_PG_URL }
            connections:
              pg: { postgres: "${{ secrets.DB }}" }
              graph: { neo4j: "\(url)", user: "\(user)", password: "" }
            phases:
              - id: setup
                steps:
                  - id: source
                    sql: { on: pg, statements: ["DROP TABLE IF EXISTS \(table)", "CREATE TABLE \(table)(id int PRIMARY KEY, v text)", "INSERT INTO \(table) SELECT g, 'v' || g FROM generate_series(1, 60000) g"], transaction: true }
                    idempotent: true
                  - id: index
                    cypher: { on: graph, query: "CREATE INDEX FOR (n:\(label)) ON (n.id)" }
                    on_failure: continue
              - id: copy
                steps:
                  - id: move
                    transfer:
                      from: { on: pg, query: "SELECT id, v FROM \(table)" }
                      to: { on: graph, query: "UNWIND $rows AS r MERGE (n:\(label) {id: r.id}) SET n.v = r.v" }
                      batch: 1000
                      key: id
                  - id: exact
                    compare:
                      left: { sql: { on: pg, query: "SELECT count(*) FROM \(table)" } }
                      right: { cypher: { on: graph, query: "MATCH (n:\(label)) RETURN count(n)" } }
                      op: equal
                  - id: distinct
                    compare:
                      left: { sql: { on: pg, query: "SELECT count(DISTINCT id) FROM \(table)" } }
                      right: { cypher: { on: graph, query: "MATCH (n:\(label)) RETURN count(DISTINCT n.id)" } }
                      op: equal
                  - id: cleanup
                    sql: { on: pg, query: "DROP TABLE \(table)" }
                  - id: cleanup-graph
                    cypher: { on: graph, query: "MATCH (n:\(label)) DELETE n" }
            """
        )
        let first = try h.start(["run", "t.yaml", "--state", "s"])
        // Kill once at least one batch is committed (its checkpoint is in the journal) and the transfer goes on.
        var waited = 0
        while waited < 2000, first.process.isRunning, !journalText(h).contains("transfer.checkpoint") {
            usleep(5_000)
            waited += 1
        }
        first.killGroup()
        _ = first.finish()
        let resumed = try h.run(["resume", "--state", "s", "--yes"])
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(resumed.stdout.contains("move: resuming after key"))
        #expect(resumed.stdout.contains("✔ exact left 60000 vs right 60000"))
        #expect(resumed.stdout.contains("✔ distinct left 60000 vs right 60000"))
        let replay = try h.run(["replay", "transfer-resume-", "--state", "s", "--format", "json"])
        #expect(replay.stdout.contains("transfer.checkpoint"))
    }

    func journalText(_ h: CLIHarness) -> String {
        let runs = h.dir.appendingPathComponent("s/runs")
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
        return ids.map { h.read("s/runs/\($0)/journal.jsonl") }.joined()
    }
}
