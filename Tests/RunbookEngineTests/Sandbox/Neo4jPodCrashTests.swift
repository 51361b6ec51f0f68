import Foundation
import RunbookTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A crashed neo4j-0 in the sandbox is a graph server that is really down.
///
/// The kubectl stand-in's `delete pod neo4j-0` stops a real FalkorDB and starts it again a few seconds later (as
/// its StatefulSet would). Meanwhile the
/// real graph-service process's graph writes fail (counted in its own neo4j_write_failure_total, logged in its own
/// log), the liveness exporter that Prometheus scrapes as job "neo4j" answers 503 (up == 0), and a Bolt handshake
/// made here is refused; `kubectl wait` returns once the server answers again, and writes succeed again.
///
/// Private servers on ports of their own: FalkorDB on 7753, graph-service on 19455, the exporter on 19456, and a
/// database of its own on the tests' PostgreSQL.
@Suite(
    .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] != nil, "needs RUNBOOK_PG_URL"),
    .enabled(if: ProcessInfo.processInfo.environment["RUNBOOK_NEO4J_URL"] != nil, "needs RUNBOOK_NEO4J_URL")
)
struct Neo4jPodCrashTests {
    static let boltPort = 7753
    static let graphServicePort = 19455
    static let exporterPort = 19456

    @Test func deletePodKillsTheGraphServerWritesFailAndItComesBack() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("neo4j-pod-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let bolt = [
            "RUNBOOK_BOLT_DIR": dir.appendingPathComponent("bolt").path, "RUNBOOK_BOLT_PORT": "\(Self.boltPort)",
        ]
        let database = try await Self.freshDatabase()
        let boltURL = "bolt://127.0.0.1:\(Self.boltPort)"
        var children: [Process] = []
        try await withCleanup {
            let started = try await RepositoryTool(name: "scripts/bolt-server.sh").run(["start"], environment: bolt)
            try #require(started.status == 0, "\(started.stderrText)")
            let python = IndependentReader.venv + "/bin/python"
            let log = dir.appendingPathComponent("graph-service.log")
            children.append(
                try Self.start(
                    python,
                    ["sandbox/graph_service.py"],
                    log: log,
                    environment: [
                        "DATABASE_URL": database, "NEO4J_URI": boltURL, "NEO4J_USER": "falkordb", "NEO4J_PASSWORD": "",
                        "NEO4J_ENABLED": "true", "GRAPH_SERVICE_PORT": "\(Self.graphServicePort)",
                    ]
                )
            )
            children.append(
                try Self.start(
                    "python3",
                    ["sandbox/neo4j_exporter.py"],
                    log: dir.appendingPathComponent("exporter.log"),
                    environment: ["NEO4J_URI": boltURL, "NEO4J_EXPORTER_PORT": "\(Self.exporterPort)"]
                )
            )
            let service = "http://127.0.0.1:\(Self.graphServicePort)"
            let exporter = "http://127.0.0.1:\(Self.exporterPort)/metrics"
            try await Self.waitUntil { try await Self.status(service + "/healthz") == 200 }
            try await Self.waitUntil { try await Self.status(exporter) == 200 }
            #expect(try await Self.follow(service, "crash-a", "crash-b") == 200)
            #expect(try await Self.counter("neo4j_write_success_total", service) == 1)

            let kubectl = RepositoryTool(name: "kubectl")
            let hold = dir.appendingPathComponent("neo4j-restart-hold")
            let env = [
                "RUNBOOK_SANDBOX_DIR": dir.appendingPathComponent("sandbox").path,
                "RUNBOOK_SANDBOX_BOLT_DIR": bolt["RUNBOOK_BOLT_DIR"]!, "RUNBOOK_SANDBOX_BOLT_PORT": "\(Self.boltPort)",
                // The new pod waits for `hold`: the graph stays down until the test has seen writes fail.
                "RUNBOOK_SANDBOX_NEO4J_RESTART_DELAY": "0", "RUNBOOK_SANDBOX_NEO4J_RESTART_HOLD": hold.path,
                "PATH": RepositoryTool.root.path + "/sandbox/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
                ,
            ]
            let pinned = ["--context", "staging", "--namespace", "nova-staging"]
            let deleted = try await kubectl.run(pinned + ["delete", "pod", "neo4j-0"], environment: env)
            #expect(deleted.status == 0, "\(deleted.stderrText)")
            // Down for real: the handshake is refused, the exporter fails its scrape, graph writes fail.
            let handshake = try await RepositoryTool(name: "python3").run(
                ["scripts/bolt-check.py", "127.0.0.1", "\(Self.boltPort)", "1"]
            )
            #expect(handshake.status != 0, "the graph server still answers: \(handshake.stdoutText)")
            #expect(try await Self.status(exporter) == 503)
            let pod = try await kubectl.run(pinned + ["get", "pod", "neo4j-0", "--no-headers"], environment: env)
            #expect(pod.stdoutText.contains("0/1"), "\(pod.stdoutText)")
            #expect(try await Self.follow(service, "crash-a", "crash-c") == 200, "non-strict: PostgreSQL took it")
            #expect(try await Self.counter("neo4j_write_failure_total", service) == 1)
            let text = try String(contentsOf: log, encoding: .utf8)
            #expect(text.contains("ERROR graph_service: Neo4j write failed (create_follow)"), "\(text.suffix(1500))")

            #expect(FileManager.default.createFile(atPath: hold.path, contents: nil))
            let waited = try await kubectl.run(
                pinned + ["wait", "--for=condition=ready", "pod/neo4j-0", "--timeout=60s"],
                environment: env
            )
            #expect(waited.status == 0, "\(waited.stderrText)")
            #expect(try await Self.status(exporter) == 200)
            let running = try await kubectl.run(pinned + ["get", "pod", "neo4j-0", "--no-headers"], environment: env)
            #expect(running.stdoutText.contains("1/1     Running   1"), "\(running.stdoutText)")
            #expect(try await Self.follow(service, "crash-a", "crash-d") == 200)
            #expect(try await Self.counter("neo4j_write_success_total", service) == 2)
            // Both sides, read independently: PostgreSQL has all three follows; the restarted graph (no
            // persistent volume) only the one written after the restart.
            let pg = try await IndependentReader.rows(
                sql: "SELECT following_id FROM follows ORDER BY 1",
                url: database
            )
            #expect(pg == ["crash-b", "crash-c", "crash-d"])
            let graph = try await IndependentReader.rows(
                cypher: "MATCH (:User {id: 'crash-a'})-[:FOLLOWS]->(b:User) RETURN b.id ORDER BY b.id",
                url: boltURL
            )
            #expect(graph == ["crash-d"])
        } cleanup: {
            for child in children {
                kill(child.processIdentifier, SIGKILL)
                _ = await child.waitForExit()
            }
            // A restart still pending would start the server after the stop: wait it out first.
            let pending = dir.appendingPathComponent("sandbox/kubectl-state/neo4j-restart.pid")
            if let pid = (try? String(contentsOf: pending, encoding: .utf8)).flatMap({
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }) {
                while kill(pid, 0) == 0 { await OffPool.pause(seconds: 0.2) }
            }
            _ = try? await RepositoryTool(name: "scripts/bolt-server.sh").run(["stop"], environment: bolt)
            _ = try? await IndependentReader.rows(sql: "DROP DATABASE IF EXISTS neo4j_pod_crash WITH (FORCE)")
            try? FileManager.default.removeItem(at: dir)
        }
    }

    /// A database of this test's own with the sandbox's schema and the three users the follows need.
    static func freshDatabase() async throws -> String {
        let server = ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] ?? ""
        _ = try await IndependentReader.rows(sql: "DROP DATABASE IF EXISTS neo4j_pod_crash WITH (FORCE)")
        _ = try await IndependentReader.rows(sql: "CREATE DATABASE neo4j_pod_crash")
        let url = String(server[..<(server.lastIndex(of: "/") ?? server.endIndex)]) + "/neo4j_pod_crash"
        let schema = try await RepositoryTool(name: "psql").run([
            url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "sandbox/schema.sql",
        ])
        try #require(schema.status == 0, "\(schema.stderrText)")
        _ = try await IndependentReader.rows(
            sql:
                "INSERT INTO users (id, username) VALUES ('crash-a', 'a'), ('crash-b', 'b'), ('crash-c', 'c'), ('crash-d', 'd')",
            url: url
        )
        return url
    }

    /// Starts a long-running child with its output in LOG (through RepositoryTool's clean signal mask).
    static func start(
        _ executable: String,
        _ arguments: [String],
        log: URL,
        environment: [String: String]
    ) throws -> Process {
        let process = RepositoryTool(name: executable).process(arguments, environment: environment)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Polls `condition` (twice a second, at most 30 s).
    static func waitUntil(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<60 {
            if (try? await condition()) == true { return }
            await OffPool.pause(seconds: 0.5)
        }
        Issue.record("condition not met within 30 s")
    }

    /// The HTTP status of GET URL (curl; 0 when nothing answers).
    static func status(_ url: String) async throws -> Int {
        let out = try await RepositoryTool(name: "curl").run(["-s", "-o", "/dev/null", "-w", "%{http_code}", url])
        return Int(out.stdoutText) ?? 0
    }

    /// POST /v1/follow through graph-service: its HTTP status.
    static func follow(_ service: String, _ follower: String, _ followee: String) async throws -> Int {
        let body = #"{"follower_id": "\#(follower)", "followee_id": "\#(followee)"}"#
        let out = try await RepositoryTool(name: "curl").run(
            ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-d", body, service + "/v1/follow"]
        )
        return Int(out.stdoutText) ?? 0
    }

    /// The sum of a counter's samples in graph-service's own /metrics.
    static func counter(_ name: String, _ service: String) async throws -> Double {
        let out = try await RepositoryTool(name: "curl").run(["-fsS", service + "/metrics"])
        return out.stdoutText.split(separator: "\n").filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }
}
