import Foundation
import RunbookTestSupport
import Testing

/// `sql`/`compare` steps and `plan --check` against the real PostgreSQL (RUNBOOK_PG_URL, started by .ci/run).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] != nil))
struct PostgresRunTests {
    static let table = "engine_t_\(UInt32.random(in: 0...UInt32.max))"

    static func runbook(_ steps: String) -> String {
        """
        runbook: pgrun
        secrets:
          DB: { env: RUNBOOK_PG_URL }
        connections:
          pg: { postgres: "${{ secrets.DB }}" }
        phases:
          - id: p
            steps:
        \(steps)
        """
    }

    @Test func planCheckOfARunbookFullOfWritesMutatesNothing() async throws {
        let h = try CLIHarness()
        let t = Self.table
        try h.write(
            "setup.yaml",
            Self.runbook(
                """
                      - id: mk
                        sql: { on: pg, statements: ["DROP TABLE IF EXISTS \(t)", "CREATE TABLE \(t)(id int primary key, v text)", "INSERT INTO \(t) SELECT g, 'v' FROM generate_series(1,50) g"], transaction: true }
                """
            )
        )
        #expect(try await h.run(["run", "setup.yaml", "--state", "s"]).status == 0)
        try h.write(
            "writes.yaml",
            Self.runbook(
                """
                      - id: before
                        sql: { on: pg, query: "SELECT count(*) FROM \(t)" }
                        expect: { equals: 50 }
                      - id: delete-all
                        sql: { on: pg, query: "DELETE FROM \(t)" }
                      - id: sneaky-insert
                        sql: { on: pg, query: "INSERT INTO \(t) VALUES (999, 'x')" }
                        mutates: false
                      - id: cte-delete
                        sql: { on: pg, query: "WITH d AS (DELETE FROM \(t) RETURNING id) SELECT count(*) FROM d" }
                      - id: drop
                        sql: { on: pg, statements: ["DROP TABLE \(t)"] }
                      - id: shell-write
                        shell: "touch WROTE"
                """
            )
        )
        let check = try await h.run(["plan", "writes.yaml", "--check"])
        #expect(check.stderr.contains("✔ before"))
        #expect(check.stderr.contains("– delete-all: mutates"))
        #expect(check.stderr.contains("– cte-delete: mutates"))
        #expect(check.stderr.contains("✘ sneaky-insert: cannot execute INSERT in a read-only transaction"))
        #expect(check.status == 1)
        #expect(!h.exists("WROTE"))
        try h.write(
            "verify.yaml",
            Self.runbook(
                """
                      - id: still-there
                        sql: { on: pg, query: "SELECT count(*) AS n, count(*) FILTER (WHERE id = 999) AS extra FROM \(t)" }
                        expect: { n: { equals: 50 }, extra: { equals: 0 } }
                      - id: cleanup
                        sql: { on: pg, query: "DROP TABLE \(t)" }
                """
            )
        )
        let verify = try await h.run(["run", "verify.yaml", "--state", "s2"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func sqlCompareAndSampleStepsRunAndReportMismatchesPrecisely() async throws {
        let h = try CLIHarness()
        let t = Self.table + "_c"
        try h.write(
            "c.yaml",
            Self.runbook(
                """
                      - id: mk
                        sql: { on: pg, statements: ["DROP TABLE IF EXISTS \(t)", "CREATE TABLE \(t)(id int primary key, a int, b int)", "INSERT INTO \(t) SELECT g, g, CASE WHEN g = 7 THEN 0 ELSE g END FROM generate_series(1,10) g"], transaction: true }
                      - id: counts
                        compare:
                          left: { sql: { on: pg, query: "SELECT sum(a) FROM \(t)" } }
                          right: { sql: { on: pg, query: "SELECT sum(b) FROM \(t)" } }
                          op: { within: "15%" }
                      - id: exact
                        compare:
                          left: { sql: { on: pg, query: "SELECT sum(a) FROM \(t)" } }
                          right: { sql: { on: pg, query: "SELECT sum(b) FROM \(t)" } }
                          op: equal
                        on_failure: continue
                      - id: sample
                        compare:
                          sample: { size: 10, keys: { sql: { on: pg, query: "SELECT id FROM \(t) ORDER BY id LIMIT $1" } } }
                          left: { sql: { on: pg, query: "SELECT a FROM \(t) WHERE id = $1" } }
                          right: { sql: { on: pg, query: "SELECT b FROM \(t) WHERE id = $1" } }
                          op: equal
                        on_failure: continue
                      - id: cleanup
                        sql: { on: pg, query: "DROP TABLE \(t)" }
                """
            )
        )
        let out = try await h.run(["run", "c.yaml", "--state", "s"])
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        #expect(out.stdout.contains("✔ counts left 55 vs right 48 (difference -7, 12.73%): holds within 15%"))
        #expect(out.stdout.contains("✘ exact compare failed: left 55 vs right 48 (difference -7, 12.73%): fails equal"))
        #expect(out.stdout.contains("sample verification failed: 1 of 10 keys differ"))
        #expect(out.stdout.contains("key 7: left 7 vs right 0"))
    }
}
