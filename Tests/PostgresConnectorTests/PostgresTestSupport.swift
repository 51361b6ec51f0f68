import Foundation
import PostgresConnector
import RunbookCore
import RunbookTestSupport
import Testing

/// Shared helpers for the tests that need the real server in `RUNBOOK_PG_URL`.
enum PG {
    static let url = ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] ?? ""
    static let isAvailable = ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] != nil

    static func executor(_ dsn: String = url) throws -> PostgresQueryExecutor {
        try PostgresQueryExecutor(ResolvedConnection(name: "pg", kind: .postgres(dsn: dsn)))
    }

    /// A table name unique to this test run, prefixed `pg_` (this worktree's prefix).
    static func tableName(_ base: String) -> String {
        "pg_\(base)_\(UInt32.random(in: 0...UInt32.max))"
    }

    /// A marker to find a query in `pg_stat_activity`.
    static func marker(_ base: String) -> String {
        "pg_marker_\(base)_\(UInt32.random(in: 0...UInt32.max))"
    }

    static func run(
        _ executor: PostgresQueryExecutor,
        _ sql: String,
        _ params: [Value] = [],
        readOnly: Bool = false,
        timeout: Duration? = nil,
        maximumRows: Int = 10_000
    ) async throws -> QueryResult {
        try await executor.execute(
            ResolvedQuery(statements: [sql], parameters: .positional(params)),
            options: ExecutionOptions(readOnly: readOnly, timeout: timeout, maximumRows: maximumRows)
        )
    }

    /// Creates a table, runs `body`, and drops the table whatever happens.
    static func withTable<T>(
        _ base: String,
        columns: String,
        _ body: (PostgresQueryExecutor, String) async throws -> T
    ) async throws -> T {
        let executor = try executor()
        let table = tableName(base)
        _ = try await run(executor, "CREATE TABLE \(table) (\(columns))")
        do {
            let value = try await body(executor, table)
            _ = try await run(executor, "DROP TABLE IF EXISTS \(table)")
            await executor.close()
            return value
        } catch {
            _ = try? await run(executor, "DROP TABLE IF EXISTS \(table)")
            await executor.close()
            throw error
        }
    }

    /// Active backends (other than the caller's) whose query text contains `marker`.
    static func activeBackends(with marker: String, using executor: PostgresQueryExecutor) async throws -> [Int64] {
        let result = try await run(
            executor,
            "SELECT pid FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() "
                + "AND position($1 in query) > 0",
            [.string(marker)]
        )
        return result.rows.compactMap { if case .int(let pid) = $0.first { pid } else { nil } }
    }

    /// The error a call threw, or nil if it succeeded.
    static func error(of body: () async throws -> QueryResult) async -> ExecutorError? {
        do {
            _ = try await body()
            return nil
        } catch let error as ExecutorError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }
}

extension PG {
    /// The built `pg-bench` executable, next to the test bundle.
    static var benchExecutable: URL? {
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first { candidates.append(URL(fileURLWithPath: first)) }
        candidates.append(Bundle.main.bundleURL)
        for url in candidates {
            var directory = url.deletingLastPathComponent()
            for _ in 0..<3 {
                let candidate = directory.appendingPathComponent("pg-bench")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
        }
        return nil
    }

    /// Runs `pg-bench query SQL` in a child process with exactly the given PG* environment (others removed).
    static func queryInChildProcess(
        _ sql: String,
        dsn: String,
        environment extra: [String: String]
    ) async throws -> (status: Int32, output: String, error: String) {
        let executable = try #require(benchExecutable, "pg-bench is built with the tests")
        let process = Process()
        process.executableURL = executable
        process.arguments = ["query", sql]
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment["RUNBOOK_PG_DSN"] = dsn
        environment.merge(extra) { $1 }
        process.environment = environment
        let result = try await process.runCollecting()
        return (result.status, result.stdoutText, result.stderrText)
    }
}
