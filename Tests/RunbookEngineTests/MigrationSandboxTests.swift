import Foundation
import RunbookCore
import RunbookTestSupport
import Testing

/// `runbooks/migration.yaml` end to end through `sandbox/run.sh`, at small scale: real PostgreSQL, a real
/// FalkorDB of the sandbox's own (port 7688), a real Prometheus of the sandbox's own (Debian's, scraping
/// graph-service and a liveness exporter of the graph server), and the sandbox's labelled stand-ins for kubectl and
/// graph-service (no Kubernetes cluster can exist here).
///
/// Serialized: both runs use the sandbox's database, graph server and stand-in ports.
@Suite(
    .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] != nil, "needs RUNBOOK_PG_URL"),
    .enabled(if: ProcessInfo.processInfo.environment["RUNBOOK_NEO4J_URL"] != nil, "needs RUNBOOK_NEO4J_URL")
)
struct MigrationSandboxTests {
    /// The counts the verification phase compares; each must end equal on both sides.
    static let verifiedCounts = ["user-count", "follow-count", "mute-count", "block-count"]

    @Test func migrationRunsEndToEndWithKubectlStandInAndEveryCountMatches() async throws {
        let run = try await SandboxRun(arguments: [])
        #expect(run.status == 0, "sandbox/run.sh exited \(run.status):\n\(run.tail)")
        #expect(run.journal.problem == nil)
        let events = run.journal.events
        #expect(events.last?.type == "run.finished")
        #expect(events.last?.data["outcome"]?.text == "succeeded")
        #expect(!events.contains { $0.type == "rollback.started" })
        for step in Self.verifiedCounts { try expectEqualCounts(step, in: events, seeded: run.seeded) }
        #expect(succeeded("smoke-create-follow", in: events))
        #expect(succeeded("sample-followers", in: events))
        // The seed's users: the backfill moved every active one.
        let users = try #require(finalOutputs("backfill-users", in: events)?["rows_moved"]?.numeric)
        #expect(Int(users) == run.seeded.activeUsers)
    }

    /// `--live-traffic`: the migration ends exact while users keep writing.
    ///
    /// Follows, unfollows and soft-deleted users keep arriving from the start of the run, through the
    /// backfill and the verification (PostgreSQL only: graph-service is not dual-writing yet) and then under dual-write,
    /// until the monitoring phase; the run still ends green and the graph equals PostgreSQL's active data, read here
    /// with psql and the Python neo4j driver (run.sh checks the same way on its own). The generator's own log of
    /// operations, with their times, is set against the journal's: writes landed while the transfers ran, between the
    /// backfill and dual-write, and under dual-write, and none after the final syncs began.
    @Test func liveTrafficEndsWithTheGraphEqualToPostgreSQLsActiveData() async throws {
        let run = try await SandboxRun(arguments: ["--live-traffic"])
        #expect(run.status == 0, "sandbox/run.sh --live-traffic exited \(run.status):\n\(run.tail)")
        let line = try #require(
            run.output.firstMatch(
                of: /traffic: (\d+) follows, (\d+) unfollows, (\d+) users deleted, (\d+) Neo4j writes failed/
            ),
            "no traffic line:\n\(run.tail)"
        )
        #expect(Int(line.1) ?? 0 > 0 && Int(line.2) ?? 0 > 0, "the generator wrote nothing: \(line.0)")
        for table in ["users", "follows", "mutes", "blocks"] {
            #expect(run.output.contains("sandbox: \(table) exact"), "\(run.tail)")
        }
        let events = run.journal.events
        #expect(events.last?.data["outcome"]?.text.hasPrefix("succeeded") == true, "\(run.tail)")
        #expect(!events.contains { $0.type == "rollback.started" }, "\(run.tail)")
        try expectTrafficAcrossTheMigration(run, events)
        // The syncs after dual-write repaired the writes that reached PostgreSQL only…
        let repaired = ["catch-up-users", "catch-up-follows"].reduce(0.0) { total, step in
            let outputs = finalOutputs(step, in: events)
            return total + (outputs?["upserted"]?.numeric ?? 0) + (outputs?["deleted"]?.numeric ?? 0)
        }
        #expect(repaired > 0, "the catch-up syncs found nothing to repair")
        // …and the final exact diffs held.
        for step in ["exact-users", "exact-follows", "exact-mutes", "exact-blocks"] {
            let outputs = try #require(finalOutputs(step, in: events), "\(step) did not succeed")
            for field in ["only_left", "only_right", "changed"] { #expect(outputs[field]?.numeric == 0, "\(step)") }
        }
        try expectGraphEqualsPostgreSQL()
    }

    /// The generator's operations (sandbox/traffic.py's log) placed in the journal's timeline.
    private func expectTrafficAcrossTheMigration(_ run: SandboxRun, _ events: [JournalEvent]) throws {
        struct Operation: Decodable {
            var op: String
            var ok: Bool
            var started: String
            var ended: String
        }
        let text = try String(contentsOf: run.directory.appendingPathComponent("traffic-ops.jsonl"), encoding: .utf8)
        let ops = try text.split(separator: "\n").map { try JSONDecoder().decode(Operation.self, from: Data($0.utf8)) }
            .filter(\.ok)
        func time(_ type: String, _ step: String, last: Bool = false) throws -> String {
            let matching = events.filter { $0.type == type && $0.data["step"]?.text == step }
            let found = last ? matching.last : matching.first
            return try #require(found, "no \(type) of \(step)").time
        }
        // The journal's and the generator's times share one format (UTC, milliseconds): they order as text.
        let backfillStarted = try time("step.started", "backfill-users")
        let backfillEnded = try time("step.succeeded", "backfill-blocks", last: true)
        let dualWrite = try time("step.succeeded", "dual-write-active", last: true)
        let finalSync = try time("step.started", "final-sync-users")
        let during = ops.filter { $0.started >= backfillStarted && $0.ended <= backfillEnded }
        #expect(!during.isEmpty, "no write landed while the backfill ran (\(backfillStarted) – \(backfillEnded))")
        let beforeDualWrite = ops.filter { $0.started > backfillEnded && $0.ended < dualWrite }
        #expect(!beforeDualWrite.isEmpty, "no write between the backfill and dual-write")
        #expect(ops.contains { $0.started > dualWrite }, "no write under dual-write")
        #expect(ops.contains { $0.op == "delete_user" && $0.ended < dualWrite }, "no user deleted before dual-write")
        let last = try #require(ops.map(\.ended).max())
        #expect(last < finalSync, "a write ended at \(last), after the final sync started at \(finalSync)")
    }

    /// Every active user, follow, mute and block, read from PostgreSQL with psql and from the graph with the Python
    /// neo4j driver: the same rows on both sides.
    private func expectGraphEqualsPostgreSQL() throws {
        let server = ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] ?? ""
        let url = String(server[..<(server.lastIndex(of: "/") ?? server.endIndex)]) + "/sandbox_nova"
        let graph = "bolt://127.0.0.1:\(ProcessInfo.processInfo.environment["RUNBOOK_SANDBOX_BOLT_PORT"] ?? "7688")"
        let users = try IndependentReader.sql(
            "SELECT id FROM users WHERE deleted_at IS NULL ORDER BY id COLLATE \"C\"",
            url: url
        )
        #expect(users == (try IndependentReader.cypher("MATCH (u:User) RETURN u.id ORDER BY u.id", url: graph)))
        #expect(!users.isEmpty)
        for (table, from, to, type) in [
            ("follows", "follower_id", "following_id", "FOLLOWS"), ("mutes", "muter_id", "muted_id", "MUTES"),
            ("blocks", "blocker_id", "blocked_id", "BLOCKS"),
        ] {
            let rows = try IndependentReader.sql(
                "SELECT x.\(from), x.\(to) FROM \(table) x JOIN users a ON a.id = x.\(from) AND a.deleted_at IS NULL JOIN users b ON b.id = x.\(to) AND b.deleted_at IS NULL ORDER BY x.\(from) COLLATE \"C\", x.\(to) COLLATE \"C\"",
                url: url
            )
            let edges = try IndependentReader.cypher(
                "MATCH (a:User)-[:\(type)]->(b:User) RETURN a.id, b.id ORDER BY a.id, b.id",
                url: graph
            )
            #expect(rows.count == edges.count, "\(table)")
            #expect(rows == edges, "\(table)")
            #expect(!rows.isEmpty, "\(table)")
        }
    }

    @Test func brokenGraphTakesScenario1AndRecoversWithKubectlStandIn() async throws {
        let run = try await SandboxRun(arguments: ["--break-graph"])
        #expect(run.status == 0, "sandbox/run.sh --break-graph exited \(run.status):\n\(run.tail)")
        #expect(run.journal.problem == nil)
        let events = run.journal.events
        // Verification caught the 25 lost nodes…
        let failed = try #require(events.first { $0.type == "step.failed" && $0.data["step"]?.text == "user-count" })
        #expect(
            failed.data["outputs"]?["difference"]?.numeric == -25
                || failed.data["error"]?.text.contains("got -25") == true,
            "\(failed.data)"
        )
        // …Scenario 1 started automatically, cleared the graph and sent the run back to the backfill…
        let started = try #require(events.first { $0.type == "rollback.started" })
        #expect(started.data["scenario"]?.text == "migration-incomplete")
        #expect(started.data["trigger"]?.text == "user-count")
        let finished = try #require(events.first { $0.type == "rollback.finished" })
        #expect(finished.data["outcome"]?.text == "succeeded")
        #expect(finished.data["resume_from"]?.text == "user-index-check")
        #expect(events.filter { $0.type == "rollback.started" }.count == 1)
        // …the backfill ran twice, and the second verification held.
        let backfills = events.filter { $0.type == "step.succeeded" && $0.data["step"]?.text == "backfill-users" }
        #expect(backfills.count == 2)
        let rollbackAt = try #require(events.firstIndex { $0.type == "rollback.finished" })
        for step in Self.verifiedCounts {
            try expectEqualCounts(step, in: Array(events[rollbackAt...]), seeded: run.seeded)
        }
        #expect(events.last?.type == "run.finished")
        #expect(events.last?.data["outcome"]?.text == "succeeded")
    }

    /// `sandbox/run.sh --rehearse`: every rollback scenario of migration.yaml rehearsed against the sandbox (a reset
    /// world per scenario), none `rollback_failed`, and after Scenario 2 the running graph-service process itself
    /// serves reads from PostgreSQL (its HTTP answer, its own counter and its own log line, read from its files).
    @Test func rehearseRunsEveryScenarioAndScenario2LeavesGraphServiceOnPostgreSQL() async throws {
        let run = try await SandboxRun(arguments: ["--rehearse"])
        #expect(run.status == 0, "sandbox/run.sh --rehearse exited \(run.status):\n\(run.tail)")
        let data = try Data(contentsOf: run.directory.appendingPathComponent("rehearsal.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["format"] as? String == "runbook-rehearsal/1")
        let rehearsals = try #require(json["rehearsals"] as? [[String: Any]])
        let file = run.root.appendingPathComponent("runbooks/migration.yaml")
        let runbook = try #require(RunbookLoader.load(bytes: Array(try Data(contentsOf: file))).runbook)
        let scenarios = Set(rehearsals.compactMap { $0["scenario"] as? String })
        #expect(scenarios == Set(runbook.rollbacks.map(\.id)), "rehearsed \(scenarios)")
        for rehearsal in rehearsals {
            let outcome = rehearsal["outcome"] as? String
            #expect(outcome != "rollback_failed", "\(rehearsal)")
            #expect(outcome == "succeeded" || outcome == "rolled_back", "\(rehearsal)")
        }
        // Scenario 2 through its own trigger steps, each in its own run.
        #expect(rehearsals.filter { $0["scenario"] as? String == "dual-write-issues" }.count > 1)
        let service = try #require(json["graph_service"] as? [String: [String: Any]])
        let after = try #require(service["dual-write-issues"])
        #expect(after["followers_source"] as? String == "postgres", "\(after)")
        #expect((after["postgres_only_queries"] as? Double ?? 0) > 0, "\(after)")
        // graph-service's own log (not the kubectl stand-in's synthesised one): it switched to dual-write when the
        // rollout happened and back to PostgreSQL-only when the rollback disabled Neo4j.
        let log = try String(
            contentsOf: run.directory.appendingPathComponent("graph-service-dual-write-issues.log"),
            encoding: .utf8
        )
        let modes = log.split(separator: "\n").filter {
            $0.contains("PostgreSQL-only mode") || $0.contains("Dual-write mode enabled")
        }
        #expect(modes.contains { $0.contains("Dual-write mode enabled") }, "\(log.suffix(2000))")
        #expect(modes.last?.contains("PostgreSQL-only mode") == true, "\(log.suffix(2000))")
        // The real Prometheus: every scenario's run applied the PrometheusRule and Prometheus loaded the guide's
        // alerts from it; during Scenario 3 it saw neo4j-0 down (the graph server really stopped by `kubectl delete
        // pod`) and up again afterwards.
        let prometheus = try #require(json["prometheus"] as? [String: [String: Any]])
        for (scenario, seen) in prometheus {
            #expect(
                seen["alert_rules"] as? [String] == [
                    "Neo4jUnavailable", "Neo4jWriteFailureHigh", "PostgreSQLFallbackHigh",
                ],
                "\(scenario): \(seen)"
            )
        }
        let crashed = try #require(prometheus["neo4j-pod-crashed"])
        #expect(crashed["neo4j_up_min"] as? Double == 0, "\(crashed)")
        #expect(crashed["neo4j_up_back"] as? Bool == true, "\(crashed)")
    }

    private func succeeded(_ step: String, in events: [JournalEvent]) -> Bool {
        events.contains { $0.type == "step.succeeded" && $0.data["step"]?.text == step }
    }

    private func finalOutputs(_ step: String, in events: [JournalEvent]) -> Value? {
        events.last { $0.type == "step.succeeded" && $0.data["step"]?.text == step }?.data["outputs"]
    }

    /// A verification step: the graph holds exactly the rows the backfill moved (Phase 3's exact check), and without
    /// traffic PostgreSQL's count now (its `-drift` report) is the same.
    private func expectEqualCounts(_ step: String, in events: [JournalEvent], seeded: SandboxRun.Seeded) throws {
        let outputs = try #require(finalOutputs(step, in: events), "\(step) did not succeed")
        let moved = try #require(outputs["moved"]?.numeric, "\(step): no moved value")
        #expect(outputs["graph"]?.numeric == moved, "\(step): \(outputs)")
        #expect(moved > 0, "\(step) compared nothing")
        if step == "user-count" { #expect(Int(moved) == seeded.activeUsers) }
        let drift = try #require(finalOutputs(step + "-drift", in: events), "\(step)-drift did not succeed")
        #expect(drift["left"]?.numeric == moved && drift["right"]?.numeric == moved, "\(step)-drift: \(drift)")
    }
}

/// One `sandbox/run.sh` run with the binary under test, at 2,000 users and 10,000 follows.
struct SandboxRun {
    struct Seeded {
        var activeUsers: Int
    }

    let status: Int32
    let output: String
    let journal: JournalReadResult
    let seeded: Seeded
    /// The run's RUNBOOK_SANDBOX_DIR (rehearsal.json, graph-service's logs).
    let directory: URL
    /// The repository's root.
    let root: URL

    var tail: String { String(output.suffix(4000)) }

    init(arguments: [String]) async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-sandbox-\(UUID().uuidString)")
        directory = dir
        self.root = root
        var env = ProcessInfo.processInfo.environment
        env["RUNBOOK_BIN"] = CLIHarness.binary
        env["RUNBOOK_NO_INSTALL"] = "1"  // scripts/test.sh (or .ci/run) installed what the sandbox needs
        env["RUNBOOK_SANDBOX_DIR"] = dir.path
        env["RUNBOOK_SANDBOX_USERS"] = "2000"
        env["RUNBOOK_SANDBOX_FOLLOWS"] = "10000"
        let log = dir.appendingPathExtension("log")
        let script = root.appendingPathComponent("sandbox/run.sh").path
        let argv = ["/bin/bash", script] + arguments
        let environment = env
        // Waits on a thread of its own: a blocked cooperative thread would starve the tests running beside it.
        status = try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try Self.spawnAndWait(argv, env: environment, log: log.path) })
            }
            .start()
        }
        output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let runs = dir.appendingPathComponent("state/runs")
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
        let id = try #require(ids.first, "no run directory in \(runs.path):\n\(String(output.suffix(4000)))")
        let text = try String(contentsOf: runs.appendingPathComponent("\(id)/journal.jsonl"), encoding: .utf8)
        journal = JournalReader.read(text)
        // seed.sql ends by printing a table whose first column is active_users (header, rule, values).
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let header = lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("active_users") }
        let active = header.flatMap { $0 + 2 < lines.count ? lines[$0 + 2] : nil }
            .flatMap { Int($0.split(separator: "|").first?.trimmingCharacters(in: .whitespaces) ?? "") }
        seeded = Seeded(activeUsers: try #require(active, "seed.sql did not print the active users"))
    }

    /// Runs ARGV with stdout and stderr into LOG and waits for it (posix_spawn with a clean signal mask:
    /// Foundation's Process hands test-runner threads' blocked signals to the child, so the sandbox's
    /// background stand-ins could not be stopped with SIGTERM).
    static func spawnAndWait(_ argv: [String], env: [String: String], log: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attr, cArgs, cEnv)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, spelled out (the C macros are not imported).
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
