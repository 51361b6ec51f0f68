// pg-bench: times the PostgreSQL connector, and runs single queries for tests that need a separate process.
//
//   pg-bench small N            N sequential `SELECT $1::int` round trips on one connection
//   pg-bench once SQL           one query, timed
//   pg-bench query SQL          one query; prints the first value as JSON (exit 1 and the error on failure)
//
// The DSN comes from RUNBOOK_PG_DSN, else RUNBOOK_PG_URL, else libpq's defaults (PG* variables).
import Foundation
import PostgresConnector
import RunbookCore

let environment = ProcessInfo.processInfo.environment
let dsn = environment["RUNBOOK_PG_DSN"] ?? environment["RUNBOOK_PG_URL"] ?? ""
let arguments = Array(CommandLine.arguments.dropFirst())

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}

func seconds(_ duration: Duration) -> String {
    let (s, attoseconds) = duration.components
    return String(format: "%.3f", Double(s) + Double(attoseconds) / 1e18)
}

guard let mode = arguments.first, arguments.count == 2 else {
    fail("usage: pg-bench small N | once SQL | query SQL")
}
let connection = PostgresConnection(dsn: dsn)
let clock = ContinuousClock()
do {
    switch mode {
    case "small":
        guard let count = Int(arguments[1]), count > 0 else { fail("small: N must be a positive integer") }
        _ = try await connection.execute(["SELECT 1"])
        let start = clock.now
        for i in 0..<count {
            let result = try await connection.execute(["SELECT $1::int AS n"], parameters: [.int(Int64(i))])
            if result.scalar != .int(Int64(i)) { fail("wrong answer at \(i): \(result.scalar)") }
        }
        let elapsed = clock.now - start
        print("connector: \(count) small queries in \(seconds(elapsed)) s")
    case "once":
        let start = clock.now
        let result = try await connection.execute([arguments[1]])
        print("connector: 1 query in \(seconds(clock.now - start)) s (incl. connect) -> \(result.scalar.text)")
    case "query":
        let result = try await connection.execute([arguments[1]])
        print(JSONWriter.string(result.scalar))
    default:
        fail("unknown mode \(mode)")
    }
} catch {
    fail("error: \(error)")
}
await connection.close()
