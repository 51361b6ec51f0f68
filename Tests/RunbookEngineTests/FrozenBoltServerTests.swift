import Foundation
import RunbookTestSupport
import Testing

/// A Bolt server that stops answering (SIGSTOP) must not hang a run: a `cypher` step without its own timeout
/// fails within the runbook's `defaults.timeout`, and a `transfer` frozen mid-way fails after `stall:` and its
/// retry finishes with exactly the source's rows once the server answers again (SIGCONT).
///
/// The server frozen here is a private FalkorDB on port 7741 started by this suite (never the shared one);
/// the graph is checked by an independent reader: a RESP client on the server's Unix socket.
@Suite(.serialized, .needsPostgresAndBolt)
struct FrozenBoltServerTests {
    static let port = 7741
    static let stateDir = "/tmp/runbook-frozen-bolt-\(port)"
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// How a helper command ended.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `scripts/bolt-server.sh start|stop` for the private server.
    @discardableResult
    static func server(_ command: String) async throws -> Output {
        try await shell(
            "RUNBOOK_BOLT_DIR=\(stateDir) RUNBOOK_BOLT_PORT=\(port) "
                + "\(root.appendingPathComponent("scripts/bolt-server.sh").path) \(command)"
        )
    }

    static func shell(_ script: String) async throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", script]
        let result = try await p.runCollecting()
        return Output(
            status: result.status,
            stdout: result.stdoutText,
            stderr: result.stderrText
        )
    }

    static func serverPID() throws -> Int32 {
        let text = try String(contentsOfFile: "\(stateDir)/redis.pid", encoding: .utf8)
        return try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// The first integer of a `GRAPH.QUERY` answer, read over RESP on the Unix socket (not over Bolt).
    static func graphCount(_ cypher: String) async throws -> Int {
        let reader = """
            import re, socket, sys
            s = socket.socket(socket.AF_UNIX); s.settimeout(10); s.connect(sys.argv[1])
            args = [b"GRAPH.QUERY", b"falkordb", sys.argv[2].encode()]
            s.sendall(b"*%d\\r\\n" % len(args) + b"".join(b"$%d\\r\\n%s\\r\\n" % (len(a), a) for a in args))
            data = b""
            while not re.search(rb"\\r\\n:(\\d+)\\r\\n", data):
                chunk = s.recv(65536)
                if not chunk: break
                data += chunk
            print(re.search(rb"\\r\\n:(\\d+)\\r\\n", data).group(1).decode())
            """
        let out = try await shell("python3 -c '\(reader)' \(stateDir)/redis.sock '\(cypher)'")
        return try #require(Int(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(out.stderr)")
    }

    static func journal(_ h: CLIHarness) -> String {
        let runs = h.dir.appendingPathComponent("st/runs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
        return names.map { h.read("st/runs/\($0)/journal.jsonl") }.joined()
    }

    init() async throws {
        let started = try await Self.server("start")
        try #require(started.status == 0, "private FalkorDB did not start: \(started.stderr)")
    }

    @Test func aCypherStepWithoutItsOwnTimeoutFailsWithinTheRunbooksDefault() async throws {
        let h = try CLIHarness()
        let pid = try Self.serverPID()
        try await withCleanup {
            try h.write(
                "f.yaml",
                """
                runbook: frozen-cypher
                defaults: { timeout: 3s }
                connections:
                  graph: { neo4j: "bolt://127.0.0.1:\(Self.port)", user: falkordb, password: "" }
                phases:
                  - id: p
                    steps:
                      - id: connect
                        cypher: { on: graph, query: "RETURN 1" }
                      - id: freeze
                        shell: "kill -STOP \(pid)"
                      - id: frozen-query
                        cypher: { on: graph, query: "RETURN 2" }
                """
            )
            let run = try await h.run(["run", "f.yaml", "--state", "st"])
            kill(pid, SIGCONT)
            #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("✘ frozen-query"), "\(run.stdout)")
            #expect(run.stdout.contains("did not finish within 3.0 seconds"), "\(run.stdout)")
            // Waiting is not silent: the run said what it waited on.
            #expect(run.stdout.contains("… frozen-query still running"), "\(run.stdout)")
            #expect(run.stdout.contains("waiting on graph connection 'graph'"))
            let plan = try await h.run(["plan", "f.yaml", "--format", "json"])
            #expect(plan.stdout.contains("\"timeout_seconds\" : 3") || plan.stdout.contains("\"timeout_seconds\": 3"))
        } cleanup: {
            kill(pid, SIGCONT)
            _ = try? await Self.server("stop")
        }
    }

    @Test func aTransferFrozenMidwayFailsAfterStallAndItsRetryFinishesWithExactlyTheSourceRows() async throws {
        let h = try CLIHarness()
        let pid = try Self.serverPID()
        try await withCleanup {
            let (table, label) = TestRunbooks.scratchNames(table: "frozen_src_", label: "Frozen")
            try h.write(
                "t.yaml",
                TestRunbooks.header("frozen-transfer", graph: "bolt://127.0.0.1:\(Self.port)", user: "falkordb") + """

                    phases:
                      - id: setup
                        steps:
                    \(TestRunbooks.sourceStep(recreating: table, columns: "id int PRIMARY KEY, v text", rows: "SELECT g, 'v' || g FROM generate_series(1, 20000) g", idempotent: true))
                    \(TestRunbooks.indexStep(label: label, continueOnFailure: false))
                      - id: copy
                        steps:
                    \(TestRunbooks.transferStep(table: table, label: label, batch: 100, stall: "3s", fields: ["idempotent: true", "retry: { attempts: 4, delay: 1s, backoff: fixed }"]))
                    """
            )
            let running = try h.start(["run", "t.yaml", "--state", "st"])
            var waited = 0
            while waited < 4000, running.process.isRunning, !Self.journal(h).contains("transfer.checkpoint") {
                try await Task.sleep(for: .milliseconds(5))
                waited += 1
            }
            kill(pid, SIGSTOP)
            // The frozen attempt fails as a stall (after the 3 s budget and the Bolt client's RESET grace).
            waited = 0
            while waited < 1200, running.process.isRunning, !Self.journal(h).contains("transfer stalled") {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            kill(pid, SIGCONT)
            let out = await running.finish()
            #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
            let journal = Self.journal(h)
            #expect(journal.contains("transfer stalled: no batch committed for 3s"), "\(out.stdout)")
            #expect(out.stdout.contains("move: resuming after key"), "\(out.stdout)")
            let source = try await Self.shell(
                "psql \"$RUNBOOK_PG_URL\" -Atc 'SELECT count(*), count(DISTINCT id) FROM \(table)'"
            )
            #expect(source.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "20000|20000", "\(source.stderr)")
            #expect(try await Self.graphCount("MATCH (n:\(label)) RETURN count(n)") == 20000)
            #expect(try await Self.graphCount("MATCH (n:\(label)) RETURN count(DISTINCT n.id)") == 20000)
            _ = try await Self.shell("psql \"$RUNBOOK_PG_URL\" -qc 'DROP TABLE \(table)'")
        } cleanup: {
            kill(pid, SIGCONT)
            _ = try? await Self.server("stop")
        }
    }
}
