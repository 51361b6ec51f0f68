import Foundation
import RunbookTestSupport

/// Reads the stores the way a person checking the tool would, through paths that share no code with the tool.
///
/// PostgreSQL through `psql`, the graph through the official Python neo4j driver (in the venv `scripts/bolt-server.sh` made; the driver is pip-installed there on
/// first use, as `sandbox/run.sh` does).
enum IndependentReader {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var venv: String {
        (environment["RUNBOOK_CACHE_DIR"] ?? "/var/cache/runbook") + "/venv"
    }

    /// Rows of a SQL query, one line per row, columns joined by a tab.
    static func sql(_ query: String, url: String? = nil) throws -> [String] {
        let out = try run(
            "/usr/bin/env",
            ["psql", url ?? environment["RUNBOOK_PG_URL"] ?? "", "-X", "-At", "-F", "\t", "-c", query]
        )
        return out.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// Rows of a Cypher query, one line per record, values joined by a tab (Python's `str` of each value).
    static func cypher(_ query: String, url: String? = nil) throws -> [String] {
        try ensureDriver()
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
        let out = try run(venv + "/bin/python", ["-c", script, query, url ?? environment["RUNBOOK_NEO4J_URL"] ?? ""])
        return out.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    static func ensureDriver() throws {
        if (try? run(venv + "/bin/python", ["-c", "import neo4j"])) != nil { return }
        _ = try run(venv + "/bin/pip", ["install", "-q", "--disable-pip-version-check", "neo4j==6.4.1"])
    }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        let status = p.waitForExit()
        guard status == 0 else {
            throw Failed(
                description:
                    "\(executable) \(arguments.first ?? "") exited \(status): \(String(decoding: errors, as: UTF8.self))"
            )
        }
        return String(decoding: data, as: UTF8.self)
    }
}
