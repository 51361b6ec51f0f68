import Foundation
import RunbookTestSupport
import Testing

/// `runbook rehearse` on a runbook whose steps and rollbacks write to the real PostgreSQL (RUNBOOK_PG_URL); what
/// each rehearsal's run did is read back with psql, not through the tool.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] != nil))
struct RehearsePostgresTests {
    static let suffix = "\(UInt32.random(in: 0...UInt32.max))"
    static let target = "reh_target_\(suffix)"
    static let audit = "reh_audit_\(suffix)"

    /// Runs psql on RUNBOOK_PG_URL: unaligned, tuples only.
    static func psql(_ sql: String) async throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "psql", ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] ?? "", "-X", "-A", "-t", "-v",
            "ON_ERROR_STOP=1", "-c", sql,
        ]
        p.standardInput = FileHandle.nullDevice
        let result = try await p.runCollecting()
        #expect(result.status == 0, "psql failed: \(sql)")
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static var runbook: String {
        let t = target
        let a = audit
        return """
            runbook: rehpg
            secrets:
              DB: { env: RUNBOOK_PG_URL }
            connections:
              pg: { postgres: "${{ secrets.DB }}" }
            phases:
              - id: migrate
                steps:
                  - id: copy
                    sql:
                      on: pg
                      query: "WITH a AS (INSERT INTO \(a)(run_id, what) VALUES ($1, 'copy')) INSERT INTO \(t) SELECT g FROM generate_series(1, 20) g ON CONFLICT DO NOTHING"
                      params: ["${{ run.id }}"]
                  - id: verify
                    sql: { on: pg, query: "SELECT count(*) FROM \(t)" }
                    expect: { equals: 20 }
            rollbacks:
              - id: recopy
                triggers: [verify]
                steps:
                  - id: clear
                    sql:
                      on: pg
                      query: "WITH a AS (INSERT INTO \(a)(run_id, what) VALUES ($1, 'clear')) DELETE FROM \(t)"
                      params: ["${{ run.id }}"]
                after: { resume: copy, max: 1 }
              - id: wipe
                manual: true
                steps:
                  - id: truncate
                    sql:
                      on: pg
                      query: "WITH a AS (INSERT INTO \(a)(run_id, what) VALUES ($1, 'wipe')) DELETE FROM \(t)"
                      params: ["${{ run.id }}"]
            """
    }

    @Test func eachRehearsalsRollbackReallyRanAgainstPostgreSQL() async throws {
        _ = try await Self.psql(
            "CREATE TABLE \(Self.target)(id int PRIMARY KEY); CREATE TABLE \(Self.audit)(seq serial, run_id text, what text)"
        )
        try await withCleanup {
            let h = try CLIHarness()
            try h.write("r.yaml", Self.runbook)
            let out = try await h.run(["rehearse", "r.yaml", "--state", "st", "--format", "json"])
            #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
            let rows = try #require(doc["rehearsals"] as? [[String: Any]])
            #expect(rows.map { $0["outcome"] as? String } == ["succeeded", "rolled_back"])
            let ids = rows.compactMap { $0["run_id"] as? String }
            #expect(ids.count == 2)
            let history = try await Self.psql(
                "SELECT run_id || ':' || string_agg(what, ',' ORDER BY seq) FROM \(Self.audit) GROUP BY run_id ORDER BY min(seq)"
            )
            // recopy: copy, the injected verify, clear, copy again (verify passed); wipe: copy, verify, wipe.
            #expect(history == "\(ids[0]):copy,clear,copy\n\(ids[1]):copy,wipe")
            #expect(try await Self.psql("SELECT count(*) FROM \(Self.target)") == "0")
        } cleanup: {
            _ = try? await Self.psql("DROP TABLE IF EXISTS \(Self.target), \(Self.audit)")
        }
    }
}
