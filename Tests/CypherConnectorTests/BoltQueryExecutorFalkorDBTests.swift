import Foundation
import RunbookCore
import RunbookTestSupport
import Testing

@testable import CypherConnector

/// BoltQueryExecutor against the real Bolt server (FalkorDB) at RUNBOOK_NEO4J_URL.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["RUNBOOK_NEO4J_URL"] != nil), .serialized)
struct BoltQueryExecutorFalkorDBTests {
    static func executor(password: String? = nil) throws -> BoltQueryExecutor {
        let env = ProcessInfo.processInfo.environment
        return try BoltQueryExecutor(
            connection: ResolvedConnection(
                name: "graph",
                kind: .neo4j(
                    // One FalkorDB thread serves every suite running in parallel: allow a slow handshake.
                    url: (env["RUNBOOK_NEO4J_URL"] ?? "") + "?connect_timeout=60",
                    user: env["RUNBOOK_NEO4J_USER"] ?? "falkordb",
                    password: password ?? env["RUNBOOK_NEO4J_PASSWORD"] ?? "",
                    database: "ignored_by_falkordb"
                )
            )
        )
    }

    static func cypher(_ text: String, _ params: [String: Value] = [:]) -> ResolvedQuery {
        ResolvedQuery(statements: [text], parameters: .named(params))
    }

    @Test func preparedQueryCarriesItsConvertedParametersToTheServer() async throws {
        let executor = try Self.executor()
        let label = "transfer_prepared_\(UInt32.random(in: 0...UInt32.max))"
        let rows: Value = .list((0..<5).map { .map([("id", .int(Int64($0))), ("name", .string("n\($0)"))]) })
        let prepared = executor.prepare(
            Self.cypher(
                "UNWIND $rows AS r CREATE (:\(label) {id: r.id, name: r.name}) RETURN $tag",
                [
                    "rows": rows, "tag": .string("t"),
                ]
            )
        )
        #expect(prepared.converted != nil)
        #expect(prepared.query.parameters == .named([:]))
        let write = try await executor.execute(prepared: prepared, options: ExecutionOptions())
        #expect(write.counters["nodes_created"] == .int(5))
        #expect(write.scalar == .string("t"))
        let names = try await executor.execute(
            Self.cypher("MATCH (n:\(label)) RETURN n.name ORDER BY n.id"),
            options: ExecutionOptions()
        )
        #expect(names.rows == (0..<5).map { [Value.string("n\($0)")] })
        _ = try await executor.execute(Self.cypher("MATCH (n:\(label)) DELETE n"), options: ExecutionOptions())
        await executor.close()
    }

    @Test func rowsCountersAndMaximumRows() async throws {
        let executor = try Self.executor()
        let label = "bolt_exec_\(UInt32.random(in: 0...UInt32.max))"
        let rows: Value = .list((0..<10).map { .map([("id", .int(Int64($0)))]) })
        let write = try await executor.execute(
            Self.cypher("UNWIND $rows AS r CREATE (:\(label) {id: r.id})", ["rows": rows]),
            options: ExecutionOptions()
        )
        #expect(write.counters["nodes_created"] == .int(10))
        #expect(write.counters["properties_set"] == .int(10))
        let read = try await executor.execute(
            Self.cypher("MATCH (n:\(label)) RETURN n ORDER BY n.id"),
            options: ExecutionOptions(maximumRows: 3)
        )
        #expect(read.columns == ["n"])
        #expect(read.rows.count == 3)
        #expect(read.rowCount == 10)
        guard case .map(let node) = read.rows[0][0] else {
            Issue.record("node is not a map: \(read.rows[0][0])")
            return
        }
        #expect(node.first { $0.key == "labels" }?.value == .list([.string(label)]))
        let several = try await executor.execute(
            ResolvedQuery(statements: ["MATCH (n:\(label)) SET n.x = 1", "MATCH (n:\(label)) RETURN count(n)"]),
            options: ExecutionOptions()
        )
        #expect(several.scalar == .int(10))
        #expect(several.counters["properties_set"] == .int(10))
        _ = try await executor.execute(Self.cypher("MATCH (n:\(label)) DELETE n"), options: ExecutionOptions())
        await executor.close()
    }

    @Test func serverErrorsAreMappedWithoutTheQueryPassword() async throws {
        let executor = try Self.executor()
        let error = await #expect(throws: ExecutorError.self) {
            try await executor.execute(Self.cypher("RETURN nope("), options: ExecutionOptions(readOnly: true))
        }
        #expect(error?.code == .server)
        #expect(error?.serverCode == "SyntaxError")
        let after = try await executor.execute(Self.cypher("RETURN 1"), options: ExecutionOptions(readOnly: true))
        #expect(after.scalar == .int(1))
        await executor.close()
    }

    /// Restarts a private FalkorDB instance (own port and state directory, started and stopped here)
    /// so that the shared server used by concurrently running suites is not disturbed.
    @Test func reconnectsOnceAfterTheServerRestarted() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/bolt-server.sh")
        let port = 7697
        // system(), not Foundation.Process: Process on Linux does not see the script exit while the
        // daemonized redis-server it started holds an inherited descriptor. It runs on a thread of its own.
        let path = script.path
        func server(_ command: String) async -> Int32 {
            await OffPool.run {
                system(
                    "RUNBOOK_BOLT_DIR=/tmp/runbook-bolt-restart-test RUNBOOK_BOLT_PORT=\(port) "
                        + "bash '\(path)' \(command) >/dev/null 2>&1"
                )
            }
        }
        #expect(await server("start") == 0)
        try await withCleanup {
            let executor = try BoltQueryExecutor(
                connection: ResolvedConnection(
                    name: "restarting",
                    kind: .neo4j(url: "bolt://127.0.0.1:\(port)", user: "falkordb", password: "", database: nil)
                )
            )
            #expect(try await executor.execute(Self.cypher("RETURN 1"), options: ExecutionOptions()).scalar == .int(1))
            #expect(await server("restart") == 0)
            #expect(try await executor.execute(Self.cypher("RETURN 2"), options: ExecutionOptions()).scalar == .int(2))
            await executor.close()
        } cleanup: {
            _ = await server("stop")
        }
    }

    @Test func connectionFailureNamesNoPassword() async throws {
        let executor = try BoltQueryExecutor(
            connection: ResolvedConnection(
                name: "dead",
                kind: .neo4j(url: "bolt://127.0.0.1:1", user: "u", password: "hunter2", database: nil)
            )
        )
        let error = await #expect(throws: ExecutorError.self) {
            try await executor.execute(Self.cypher("RETURN 1"), options: ExecutionOptions())
        }
        #expect(error?.code == .connection)
        #expect(error.map { !"\($0)".contains("hunter2") } == true)
    }
}
