import Foundation
import PostgresConnector
import RunbookCore
import Testing

@Suite(.enabled(if: PG.isAvailable, "needs RUNBOOK_PG_URL"))
struct PostgresSessionTests {
    /// host, port, database and user of RUNBOOK_PG_URL, read with the connector's own password-free description.
    private func target() throws -> (host: String, port: String, database: String, user: String) {
        let components = try #require(URLComponents(string: PG.url))
        return (
            components.host ?? "127.0.0.1", String(components.port ?? 5432),
            String(components.path.dropFirst()), components.user ?? "postgres"
        )
    }

    private func withPassFile<T>(_ line: String, _ body: (String) async throws -> T) async throws -> T {
        let path = NSTemporaryDirectory() + "pg_pgpass_\(UInt32.random(in: 0...UInt32.max))"
        try line.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }

    /// `.pgpass` through PGPASSFILE, with a DSN that has no password.
    ///
    /// libpq reads PGPASSFILE from the environment, so this runs the connector in a child process (`pg-bench
    /// query`) whose environment has PGPASSFILE and no PGPASSWORD, rather than changing this process's environment
    /// under other tests' feet. The DSN has no password: only the file can supply it.
    @Test func pgpassFileSuppliesThePassword() async throws {
        let t = try target()
        let password = try #require(URLComponents(string: PG.url)?.password)
        let dsn = "postgresql://\(t.user)@\(t.host):\(t.port)/\(t.database)"
        try await withPassFile("\(t.host):\(t.port):\(t.database):\(t.user):\(password)\n") { path in
            let run = try await PG.queryInChildProcess(
                "SELECT current_user",
                dsn: dsn,
                environment: ["PGPASSFILE": path]
            )
            #expect(run.status == 0, "\(run.error)")
            #expect(run.output == "\"\(t.user)\"\n")
        }
        try await withPassFile("\(t.host):\(t.port):*:\(t.user):wrong-password\n") { path in
            let run = try await PG.queryInChildProcess(
                "SELECT current_user",
                dsn: dsn,
                environment: ["PGPASSFILE": path]
            )
            #expect(run.status == 1)
            #expect(run.error.contains("password authentication failed"))
            #expect(!run.error.contains("wrong-password"))
        }
        // The conninfo keyword `passfile` names the file the same way.
        try await withPassFile("\(t.host):\(t.port):\(t.database):\(t.user):\(password)\n") { path in
            let run = try await PG.queryInChildProcess(
                "SELECT 1",
                dsn: "host=\(t.host) port=\(t.port) dbname=\(t.database) user=\(t.user) passfile=\(path)",
                environment: [:]
            )
            #expect(run.output == "1\n", "\(run.error)")
        }
    }

    @Test func readOnlySessionRefusesWritesAndSwitchesBack() async throws {
        try await PG.withTable("readonly", columns: "id int") { executor, table in
            let refused = try #require(
                await PG.error { try await PG.run(executor, "INSERT INTO \(table) VALUES (1)", readOnly: true) }
            )
            #expect(refused.serverCode == "25006")
            #expect(refused.code == .server)
            let reads = try await PG.run(executor, "SELECT count(*) FROM \(table)", readOnly: true)
            #expect(reads.scalar == .int(0))
            let written = try await PG.run(executor, "INSERT INTO \(table) VALUES (1), (2)")
            #expect(written.counters["rows_affected"] == .int(2))
            let again = await PG.error { try await PG.run(executor, "DELETE FROM \(table)", readOnly: true) }
            #expect(again?.serverCode == "25006")
            #expect(try await PG.run(executor, "SELECT count(*) FROM \(table)").scalar == .int(2))
        }
    }

    @Test func readOnlyDSNStaysReadOnlyWhenTheCallDoesNotAskForIt() async throws {
        try await PG.withTable("readonlydsn", columns: "id int") { _, table in
            let separator = PG.url.contains("?") ? "&" : "?"
            let executor = try PG.executor(PG.url + separator + "options=-c%20default_transaction_read_only%3Don")
            let refused = await PG.error { try await PG.run(executor, "INSERT INTO \(table) VALUES (1)") }
            #expect(refused?.serverCode == "25006")
            _ = try await PG.run(executor, "SELECT 1", readOnly: true)
            let still = await PG.error { try await PG.run(executor, "INSERT INTO \(table) VALUES (1)") }
            #expect(still?.serverCode == "25006")
            await executor.close()
        }
    }

    @Test func largeResultKeepsMaximumRowsAndCountsTheRest() async throws {
        let executor = try PG.executor()
        let result = try await PG.run(
            executor,
            "SELECT g AS n, repeat('x', 100) AS pad FROM generate_series(1, 50000) AS g",
            maximumRows: 100
        )
        await executor.close()
        #expect(result.columns == ["n", "pad"])
        #expect(result.rows.count == 100)
        #expect(result.rowCount == 50_000)
        #expect(result.rows.last?.first == .int(100))
        #expect(result.counters["command"] == .string("SELECT 50000"))
        #expect(result.counters["rows_affected"] == .int(50_000))
    }

    @Test func emptyResultStillHasColumns() async throws {
        let executor = try PG.executor()
        let result = try await PG.run(executor, "SELECT 1 AS a, 'x' AS b WHERE false")
        await executor.close()
        #expect(result.columns == ["a", "b"])
        #expect(result.rows.isEmpty)
        #expect(result.rowCount == 0)
        #expect(result.scalar == .null)
    }

    @Test func transactionRollsBackOnFailureAndCommitsOnSuccess() async throws {
        try await PG.withTable("tx", columns: "id int PRIMARY KEY") { executor, table in
            let failing = ResolvedQuery(
                statements: [
                    "INSERT INTO \(table) VALUES (1)", "INSERT INTO \(table) VALUES (2)",
                    "INSERT INTO \(table) VALUES (1)",
                ],
                transaction: true
            )
            let error = try #require(await PG.error { try await executor.execute(failing, options: .init()) })
            #expect(error.serverCode == "23505")
            #expect(error.detail?.hasPrefix("in statement 3 of 3") == true)
            #expect(try await PG.run(executor, "SELECT count(*) FROM \(table)").scalar == .int(0))

            var independent = failing
            independent.transaction = false
            let second = await PG.error { try await executor.execute(independent, options: .init()) }
            #expect(second?.serverCode == "23505")
            #expect(try await PG.run(executor, "SELECT count(*) FROM \(table)").scalar == .int(2))

            let succeeding = ResolvedQuery(
                statements: ["DELETE FROM \(table)", "INSERT INTO \(table) VALUES (7), (8), (9)"],
                transaction: true
            )
            let result = try await executor.execute(succeeding, options: .init())
            #expect(result.counters["command"] == .string("INSERT 0 3"))
            #expect(result.counters["rows_affected"] == .int(3))
            #expect(result.rowCount == 3)
            let ids = try await PG.run(executor, "SELECT array_agg(id ORDER BY id) FROM \(table)")
            #expect(ids.scalar == .list([.int(7), .int(8), .int(9)]))
            let savepoint = await PG.error { try await PG.run(executor, "SAVEPOINT pg_probe") }
            #expect(savepoint?.serverCode == "25P01", "no transaction is left open")
        }
    }

    @Test func timeoutInsideATransactionRollsBack() async throws {
        try await PG.withTable("txtimeout", columns: "id int") { executor, table in
            let query = ResolvedQuery(
                statements: ["INSERT INTO \(table) VALUES (1)", "SELECT pg_sleep(60)"],
                transaction: true
            )
            let error = await PG.error {
                try await executor.execute(query, options: ExecutionOptions(timeout: .milliseconds(200)))
            }
            #expect(error?.code == .timeout)
            let count = try await PG.run(executor, "SELECT count(*) FROM \(table)").scalar
            #expect(count == .int(0))
        }
    }
}

extension PostgresSessionTests {
    @Test func concurrentCallsOnOneExecutorAreSerializedAndAllAnswered() async throws {
        let executor = try PG.executor()
        let answers = try await withThrowingTaskGroup(of: (Int, Value).self) { group in
            for i in 0..<40 {
                group.addTask { (i, try await PG.run(executor, "SELECT $1::int * 2", [.int(Int64(i))]).scalar) }
            }
            var answers: [Int: Value] = [:]
            for try await (i, value) in group { answers[i] = value }
            return answers
        }
        await executor.close()
        #expect(answers.count == 40)
        for (i, value) in answers { #expect(value == .int(Int64(i * 2))) }
    }
}

extension PostgresSessionTests {
    /// The test server runs without SSL: libpq itself decides what each `sslmode` does with that.
    @Test(arguments: ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"])
    func sslModeIsHandledByLibpq(mode: String) async throws {
        let separator = PG.url.contains("?") ? "&" : "?"
        let executor = try PG.executor(PG.url + separator + "sslmode=" + mode)
        let server = try PG.executor()
        let sslOn = try await PG.run(server, "SHOW ssl").scalar == .string("on")
        await server.close()
        let outcome = await PG.error { try await PG.run(executor, "SELECT 1") }
        await executor.close()
        if sslOn || ["disable", "allow", "prefer"].contains(mode) {
            #expect(outcome == nil || mode.hasPrefix("verify"))
        } else {
            #expect(outcome?.code == .connection)
            #expect(outcome?.detail?.contains("SSL") == true)
        }
    }
}

extension PostgresSessionTests {
    /// A `service=` DSN resolved from a service file named by PGSERVICEFILE (in a child process, as for PGPASSFILE).
    @Test func serviceFileSuppliesTheConnection() async throws {
        let t = try target()
        let password = try #require(URLComponents(string: PG.url)?.password)
        let path = NSTemporaryDirectory() + "pg_service_\(UInt32.random(in: 0...UInt32.max)).conf"
        let file = """
            [pg_runbook_test]
            host=\(t.host)
            port=\(t.port)
            dbname=\(t.database)
            user=\(t.user)
            password=\(password)
            application_name=pg_from_service

            """
        try file.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try await PG.queryInChildProcess(
            "SELECT current_setting('application_name')",
            dsn: "service=pg_runbook_test",
            environment: ["PGSERVICEFILE": path]
        )
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output == "\"pg_from_service\"\n")
    }
}
