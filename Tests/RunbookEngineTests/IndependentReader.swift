import Foundation
import RunbookTestSupport

/// Reads the stores the way a person checking the tool would, through paths that share no code with the tool.
///
/// PostgreSQL through `psql`, the graph through the official Python neo4j driver (in the venv `scripts/bolt-server.sh` made; the driver is pip-installed there on
/// first use, as `sandbox/run.sh` does). `rows(sql:)` and `rows(cypher:)` await the reader without holding a
/// cooperative thread; `sql` and `cypher` block the calling thread (kept for callers that cannot await).
enum IndependentReader {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var venv: String {
        (environment["RUNBOOK_CACHE_DIR"] ?? "/var/cache/runbook") + "/venv"
    }

    /// A reader's command line: the executable and its arguments.
    struct Command {
        var executable: String
        var arguments: [String]
    }

    /// Rows of a SQL query, one line per row, columns joined by a tab.
    static func rows(sql query: String, url: String? = nil) async throws -> [String] {
        lines(try await output(psql(query, url: url)))
    }

    /// Rows of a Cypher query, one line per record, values joined by a tab (Python's `str` of each value).
    static func rows(cypher query: String, url: String? = nil) async throws -> [String] {
        if (try? await output(Command(executable: venv + "/bin/python", arguments: ["-c", "import neo4j"]))) == nil {
            _ = try await output(installDriver)
        }
        return lines(try await output(python(query, url: url)))
    }

    /// `rows(sql:url:)`, blocking the calling thread.
    static func sql(_ query: String, url: String? = nil) throws -> [String] {
        lines(try blockingOutput(psql(query, url: url)))
    }

    /// `rows(cypher:url:)`, blocking the calling thread.
    static func cypher(_ query: String, url: String? = nil) throws -> [String] {
        if (try? blockingOutput(Command(executable: venv + "/bin/python", arguments: ["-c", "import neo4j"]))) == nil {
            _ = try blockingOutput(installDriver)
        }
        return lines(try blockingOutput(python(query, url: url)))
    }

    static func psql(_ query: String, url: String?) -> Command {
        Command(
            executable: "/usr/bin/env",
            arguments: ["psql", url ?? environment["RUNBOOK_PG_URL"] ?? "", "-X", "-At", "-F", "\t", "-c", query]
        )
    }

    static func python(_ query: String, url: String?) -> Command {
        let script = """
            import os, sys
            import neo4j
            d = neo4j.GraphDatabase.driver(sys.argv[2], auth=(os.environ.get("RUNBOOK_NEO4J_USER", "falkordb"), os.environ.get("RUNBOOK_NEO4J_PASSWORD", "")))
            records, _, _ = d.execute_query(sys.argv[1])
            for r in records:
                print("\\t".join(str(v) for v in r.values()))
            sys.stdout.flush()
            # No d.close(): FalkorDB mishandles the GOODBYE it would send (the next connection's handshake breaks).
            os._exit(0)
            """
        return Command(
            executable: venv + "/bin/python",
            arguments: ["-c", script, query, url ?? environment["RUNBOOK_NEO4J_URL"] ?? ""]
        )
    }

    static var installDriver: Command {
        Command(
            executable: venv + "/bin/pip",
            arguments: ["install", "-q", "--disable-pip-version-check", "neo4j==6.4.1"]
        )
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// The command's standard output; throws when it exits non-zero.
    static func output(_ command: Command) async throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: command.executable)
        p.arguments = command.arguments
        return try check(command, try await p.runCollecting())
    }

    /// `output(_:)`, blocking the calling thread.
    static func blockingOutput(_ command: Command) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: command.executable)
        p.arguments = command.arguments
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        try? out.fileHandleForReading.close()
        try? err.fileHandleForReading.close()
        let status = p.blockingWaitForExit()
        return try check(command, CollectedOutput(status: status, stdout: data, stderr: errors))
    }

    static func check(_ command: Command, _ result: CollectedOutput) throws -> String {
        guard result.status == 0 else {
            throw Failed(
                description:
                    "\(command.executable) \(command.arguments.first ?? "") exited \(result.status): \(result.stderrText)"
            )
        }
        return result.stdoutText
    }
}
