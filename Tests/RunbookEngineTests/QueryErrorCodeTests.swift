import Foundation
import RunbookTestSupport
import Testing

/// Server error codes on `sql` steps against the real PostgreSQL (RUNBOOK_PG_URL): the SQLSTATE in the step's
/// error and the journal's `detail`, `expect: { error_code }` passing a step that fails with that code, and SQL
/// parameters bound with their YAML types (NULL included), checked afterwards with psql.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] != nil))
struct QueryErrorCodeTests {
    static func runbook(_ steps: String) -> String { PostgresRunTests.runbook(steps) }

    static func journal(_ h: CLIHarness, _ state: String) -> String {
        let runs = h.dir.appendingPathComponent("\(state)/runs")
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
        return ids.map { h.read("\(state)/runs/\($0)/journal.jsonl") }.joined()
    }

    @Test func expectedSQLStatePassesAndAnUnexpectedOneFailsWithItsCode() async throws {
        let h = try CLIHarness()
        let t = "codes_\(UInt32.random(in: 0...UInt32.max))"
        try h.write(
            "codes.yaml",
            Self.runbook(
                """
                      - id: mk
                        sql: { on: pg, query: "CREATE TABLE \(t)(id int primary key, score float8, note text)" }
                      - id: typed
                        sql: { on: pg, query: "INSERT INTO \(t) VALUES ($1, $2, $3)", params: [42, 0.5, null] }
                      - id: duplicate
                        sql: { on: pg, query: "INSERT INTO \(t) VALUES (42, 1, 'again')" }
                        expect: { error_code: 23505 }
                      - id: divide
                        sql: { on: pg, query: "SELECT 1 / 0" }
                """
            )
        )
        let run = try await h.run(["run", "codes.yaml", "--state", "s"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let journal = Self.journal(h, "s")
        let lines = journal.split(separator: "\n")
        #expect(lines.contains { $0.contains(#""type":"step.succeeded""#) && $0.contains(#""step":"duplicate""#) })
        #expect(lines.contains { $0.contains(#""type":"step.failed""#) && $0.contains(#""step":"divide""#) })
        #expect(journal.contains(#"[22012]"#), "the step error carries the SQLSTATE")
        #expect(journal.contains(#"server code: 22012"#), "the journal detail carries the SQLSTATE")
        #expect((run.stdout + run.stderr).contains("[22012]"), "the error shown to the operator carries the SQLSTATE")

        // psql, not the tool, reads what the typed parameters stored.
        let url = ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] ?? ""
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        psql.arguments = [
            "psql", url, "-XAtc", "SELECT id, score, note IS NULL, count(*) OVER () FROM \(t); DROP TABLE \(t)",
        ]
        let text = try await psql.runCollecting().stdoutText
        #expect(text.split(separator: "\n").first == "42|0.5|t|1")
    }

    @Test func errorCodeExpectedButTheQuerySucceeded() async throws {
        let h = try CLIHarness()
        try h.write(
            "ok.yaml",
            Self.runbook(
                """
                      - id: fine
                        sql: { on: pg, query: "SELECT 1" }
                        expect: { error_code: 23505 }
                """
            )
        )
        let run = try await h.run(["run", "ok.yaml", "--state", "s"])
        #expect(run.status == 1)
        #expect(Self.journal(h, "s").contains("expected the server to refuse the query with 23505, but it succeeded"))
    }
}

/// The same on `cypher` steps against the real Bolt server (FalkorDB at RUNBOOK_NEO4J_URL, whose status code for a
/// syntax error is `SyntaxError`).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["RUNBOOK_NEO4J_URL"] != nil))
struct CypherErrorCodeTests {
    @Test func expectedCypherErrorCodePassesAndAnotherFailureCarriesItsCode() async throws {
        let env = ProcessInfo.processInfo.environment
        let h = try CLIHarness()
        try h.write(
            "cypher.yaml",
            """
            runbook: cypher-codes
            connections:
              graph: { neo4j: "\(env["RUNBOOK_NEO4J_URL"] ?? "")", user: "\(env["RUNBOOK_NEO4J_USER"] ?? "falkordb")", password: "" }
            phases:
              - id: p
                steps:
                  - id: refused
                    cypher: { on: graph, query: "RETURN nope(" }
                    expect: { error_code: SyntaxError }
                  - id: broken
                    cypher: { on: graph, query: "RETURN nope(" }
            """
        )
        let run = try await h.run(["run", "cypher.yaml", "--state", "s"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let lines = QueryErrorCodeTests.journal(h, "s").split(separator: "\n")
        #expect(lines.contains { $0.contains(#""type":"step.succeeded""#) && $0.contains(#""step":"refused""#) })
        let failed = lines.first { $0.contains(#""type":"step.failed""#) && $0.contains(#""step":"broken""#) }
        #expect(failed?.contains("[SyntaxError]") == true)
        #expect(failed?.contains("server code: SyntaxError") == true)
    }
}
