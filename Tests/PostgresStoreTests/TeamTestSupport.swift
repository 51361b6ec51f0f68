import Foundation
import RunbookTestSupport
import Testing

@testable import PostgresStore

/// A fresh schema per test in the PostgreSQL at `RUNBOOK_PG_URL`, dropped at the end.
final class TeamSchema {
    static var baseURL: String? { ProcessInfo.processInfo.environment["RUNBOOK_PG_URL"] }
    static var available: Bool { baseURL != nil }

    let name: String
    let base: String

    init(base: String? = TeamSchema.baseURL) throws {
        self.base = try #require(base)
        name = "team_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
    }

    /// The `--state` URL for this schema.
    var url: String { Self.url(base, schema: name) }

    static func url(_ base: String, schema: String) -> String {
        base + (base.contains("?") ? "&" : "?") + "schema=" + schema
    }

    /// Runs SQL in this schema (test inspection only).
    func query(_ sql: String, _ params: [String] = []) throws -> [[String?]] {
        let c = try PGConnection(conninfo: base, connectTimeout: 5)
        try c.exec("SELECT set_config('search_path', $1, false)", [.text(name)])
        return try c.exec(sql, params.map { .text($0) }).rows
    }

    deinit {
        if let c = try? PGConnection(conninfo: base, connectTimeout: 5) {
            _ = try? c.exec("DROP SCHEMA IF EXISTS " + PGLink.quoteIdentifier(name) + " CASCADE")
        }
    }
}

/// Shell-only runbooks whose steps append to `effects.log`, so "exactly once" is checkable.
enum TeamRunbooks {
    /// `count` steps; step `i` sleeps `sleep` seconds then appends `s<i>`; each has a reconcile probe.
    static func steps(_ id: String, count: Int, sleep: String) -> String {
        var yaml = "runbook: \(id)\nphases:\n  - id: main\n    steps:\n"
        for i in 1...count {
            yaml += """
                      - id: s\(i)
                        shell: "sleep \(sleep); echo s\(i) >> effects.log"
                        reconcile: { shell: "grep -qx s\(i) effects.log" }

                """
        }
        return yaml
    }

    /// How many times each step's effect happened.
    static func effectCounts(_ h: CLIHarness, steps: Int) -> [Int] {
        let lines = h.read("effects.log").split(separator: "\n").map(String.init)
        return (1...steps).map { i in lines.filter { $0 == "s\(i)" }.count }
    }

    /// Runs `runbook ARGS` until it stops exiting 5 (another holder's lease still live), up to 60 tries 300 ms apart.
    ///
    /// - Returns: The first run that got past the lock (nil if none did) and the refusals before it.
    static func runWhenLockFree(
        _ h: CLIHarness,
        _ args: [String],
        env: [String: String]
    ) async throws -> (output: CLIHarness.Output?, refusals: [CLIHarness.Output]) {
        var refusals: [CLIHarness.Output] = []
        for _ in 0..<60 {
            let out = try await h.run(args, env: env)
            if out.status != 5 { return (out, refusals) }
            refusals.append(out)
            try await Task.sleep(for: .milliseconds(300))
        }
        return (nil, refusals)
    }

    /// Waits (up to `seconds`, suspended between polls) until `condition` holds.
    static func wait(_ seconds: Double, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            await OffPool.pause(seconds: 0.05)
        }
        return condition()
    }
}
