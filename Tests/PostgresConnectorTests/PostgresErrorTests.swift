import PostgresConnector
import RunbookCore
import Testing

@Suite(.enabled(if: PG.isAvailable, "needs RUNBOOK_PG_URL"))
struct PostgresErrorTests {
    @Test func syntaxErrorShowsTheLineWithACaretUnderThePosition() async throws {
        let executor = try PG.executor()
        let sql = "SELECT id,\n\tname\nFROM pg_nothing WHERE id = = 1"
        let error = try #require(await PG.error { try await PG.run(executor, sql) })
        await executor.close()
        #expect(error.code == .server)
        #expect(error.serverCode == "42601")
        #expect(error.message == "syntax error at or near \"=\"")
        #expect(!error.isTransient)
        let lines = (error.detail ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let lineIndex = try #require(lines.firstIndex(of: "LINE 3: FROM pg_nothing WHERE id = = 1"))
        let caretLine = try #require(lines.dropFirst(lineIndex + 1).first)
        let column = "LINE 3: FROM pg_nothing WHERE id = ".count
        #expect(caretLine == String(repeating: " ", count: column) + "^")
    }

    @Test func caretCountsCharactersAndKeepsTabs() async throws {
        let executor = try PG.executor()
        let sql = "SELECT 'é漢🚀',\t1 + FROM"
        let error = try #require(await PG.error { try await PG.run(executor, sql) })
        await executor.close()
        #expect(error.serverCode == "42601")
        let detail = error.detail ?? ""
        #expect(detail.contains("LINE 1: SELECT 'é漢🚀',\t1 + FROM\n"))
        #expect(detail.hasSuffix(String(repeating: " ", count: 8 + 13) + "\t" + "    ^"))
    }

    @Test func undefinedTableAndConstraintErrorsCarryDetailAndHint() async throws {
        try await PG.withTable("errors", columns: "id int PRIMARY KEY") { executor, table in
            let missing = try #require(await PG.error { try await PG.run(executor, "SELECT * FROM pg_missing_x") })
            #expect(missing.serverCode == "42P01")
            #expect(missing.message == "relation \"pg_missing_x\" does not exist")
            _ = try await PG.run(executor, "INSERT INTO \(table) VALUES (1)")
            let duplicate = try #require(
                await PG.error { try await PG.run(executor, "INSERT INTO \(table) VALUES ($1)", [.int(1)]) }
            )
            #expect(duplicate.serverCode == "23505")
            #expect(duplicate.detail?.contains("DETAIL: Key (id)=(1) already exists.") == true)
            let hinted = try #require(await PG.error { try await PG.run(executor, "SELECT lenght('x')") })
            #expect(hinted.serverCode == "42883")
            #expect(hinted.detail?.contains("HINT: No function matches") == true)
        }
    }

    @Test func connectionFailureNeverShowsTheDSNOrPassword() async throws {
        let secret = "hunter2-not-the-password"
        let dsn = PG.url.replacing("runbook:runbook@", with: "runbook:\(secret)@", maxReplacements: 1)
        try #require(dsn.contains(secret))
        let executor = try PG.executor(dsn)
        #expect(!executor.connection.description.contains(secret))
        #expect(executor.connection.description.hasPrefix("postgresql://runbook@"))
        let error = try #require(await PG.error { try await PG.run(executor, "SELECT 1") })
        #expect(error.code == .connection)
        #expect(!error.description.contains(secret))
        #expect(!error.description.contains(dsn))
        #expect(error.description.contains("password authentication failed"))
        #expect(error.message.contains("runbook@127.0.0.1"))
    }

    @Test func unparseableDSNIsAConfigurationErrorWithoutEcho() async throws {
        let executor = try PG.executor("host=127.0.0.1 password=se cret")
        let error = try #require(await PG.error { try await PG.run(executor, "SELECT 1") })
        #expect(error.code == .configuration)
        #expect(!error.description.contains("cret"))
    }

    @Test func executorRefusesANonPostgresConnection() {
        #expect(throws: ExecutorError.self) {
            _ = try PostgresQueryExecutor(
                ResolvedConnection(name: "g", kind: .neo4j(url: "bolt://x", user: nil, password: nil, database: nil))
            )
        }
    }
}
