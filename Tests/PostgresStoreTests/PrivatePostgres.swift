import Foundation
import RunbookTestSupport

/// A PostgreSQL instance of this test's own (port 54339, data under a temp dir), started with the binaries
/// `scripts/postgres.sh` uses, so it can be restarted without disturbing the server colleagues' tests share.
///
/// Every command is awaited without holding a cooperative thread; `discard()` stops it and removes its data
/// (call it from `withCleanup`: a `deinit` cannot await).
final class PrivatePostgres {
    static let bin = ProcessInfo.processInfo.environment["RUNBOOK_PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
    static var available: Bool {
        TeamSchema.available && FileManager.default.isExecutableFile(atPath: bin + "/initdb") && getuid() == 0
    }

    let dir: String
    let port: Int

    init(port: Int = 54339) async throws {
        self.port = port
        dir = NSTemporaryDirectory() + "runbook-team-pg-\(UUID().uuidString.prefix(8))"
        try await Self.sh("mkdir -p '\(dir)' && chown postgres:postgres '\(dir)' && chmod 700 '\(dir)'")
        try await Self.sh(
            "cd / && runuser -u postgres -- '\(Self.bin)/initdb' -D '\(dir)/data' -U postgres --auth=trust >'\(dir)/initdb.log' 2>&1"
        )
        try await start()
    }

    /// A URL for the `postgres` database (trust authentication).
    var url: String { "postgresql://postgres@127.0.0.1:\(port)/postgres" }

    func start() async throws {
        try await Self.sh(
            "cd / && runuser -u postgres -- '\(Self.bin)/pg_ctl' start -D '\(dir)/data' -l '\(dir)/log' -w -t 30 -o \"-c listen_addresses=127.0.0.1 -p \(port) -k '\(dir)' -c fsync=off\" >/dev/null"
        )
    }

    /// Stops the server (fast: connections are cut).
    func stop() async throws {
        try await Self.sh(
            "cd / && runuser -u postgres -- '\(Self.bin)/pg_ctl' stop -D '\(dir)/data' -m fast -w >/dev/null"
        )
    }

    /// Stops the server and starts it again after `downSeconds`.
    func restart(downSeconds: Double) async throws {
        try await stop()
        try await Task.sleep(for: .seconds(downSeconds))
        try await start()
    }

    /// Stops the server at once and removes its data directory.
    func discard() async {
        try? await Self.sh(
            "cd / && runuser -u postgres -- '\(Self.bin)/pg_ctl' stop -D '\(dir)/data' -m immediate -w >/dev/null 2>&1"
        )
        try? FileManager.default.removeItem(atPath: dir)
    }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a shell command with every inherited descriptor above stderr closed first: the server it starts
    /// outlives it and must not hold the pipes of `runbook` processes this test (or a parallel suite) reads to EOF.
    static func sh(_ command: String) async throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        let closeInherited =
            "for fd in /proc/self/fd/*; do n=${fd##*/}; if [ \"$n\" -gt 2 ]; then eval \"exec $n>&-\"; fi; done 2>/dev/null; "
        p.arguments = ["-c", closeInherited + command]
        try p.run()
        let status = await p.waitForExit()
        if status != 0 { throw Failed(description: "`\(command)` exited \(status)") }
    }
}
