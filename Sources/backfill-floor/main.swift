import BoltClient
import Foundation
import PostgresConnector
import RunbookCore

// backfill-floor: the floor of benchmarks/backfill.sh. Reads all rows of each source query from PostgreSQL first
// (one query each, timed on their own), then sends the same UNWIND batches with the raw BoltClient from prebuilt
// PackStream values: the time the graph server itself needs for those writes.
//
//   backfill-floor BOLT_URL BATCH SETUP_CYPHER 'SQL|KEY|CYPHER' …   (DSN from RUNBOOK_PG_DSN or RUNBOOK_PG_URL)
//
// SETUP_CYPHER (e.g. the index) runs before the timed writes.
//
// Prints `pg_read S`, `floor S` and `rows N`.
let environment = ProcessInfo.processInfo.environment
let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 4, let batch = Int(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: backfill-floor BOLT_URL BATCH SETUP_CYPHER 'SQL|KEY|CYPHER' …\n".utf8))
    exit(2)
}
let postgres = PostgresConnection(dsn: environment["RUNBOOK_PG_DSN"] ?? environment["RUNBOOK_PG_URL"] ?? "")
let clock = ContinuousClock()

func seconds(_ duration: Duration) -> String {
    let (s, attoseconds) = duration.components
    return String(format: "%.3f", Double(s) + Double(attoseconds) / 1e18)
}

func bolt(_ value: Value) -> BoltValue {
    switch value {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .double(let d): return .float(d)
    case .string(let s): return .string(s)
    case .list(let items): return .list(items.map(bolt))
    case .map(let pairs): return .map(BoltMap(pairs.map { ($0.key, bolt($0.value)) }))
    }
}

/// Reads one source with a single query (all rows in memory); returns its batches as Bolt lists of row maps.
func read(sql: String, key: String) async throws -> [BoltValue] {
    let result = try await postgres.execute(
        ["SELECT * FROM (\(sql)) AS s ORDER BY \"\(key)\""],
        maximumRows: Int.max
    )
    let rows: [BoltValue] = result.rows.map { row in .map(BoltMap(zip(result.columns, row).map { ($0, bolt($1)) })) }
    return stride(from: 0, to: rows.count, by: batch).map { .list(Array(rows[$0..<min($0 + batch, rows.count)])) }
}

var sources: [(batches: [BoltValue], cypher: String)] = []
var rows = 0
let readTime = try await clock.measure {
    for spec in arguments.dropFirst(3) {
        let parts = spec.components(separatedBy: "|")
        guard parts.count == 3 else { fatalError("bad source spec: \(spec)") }
        let batches = try await read(sql: parts[0], key: parts[1])
        for case .list(let items) in batches { rows += items.count }
        sources.append((batches, parts[2]))
    }
}
await postgres.close()
print("pg_read \(seconds(readTime))")

let connection = try await BoltConnection.connect(
    to: try BoltConfiguration(url: arguments[0], auth: .basic(user: "falkordb", password: ""))
)
_ = try await connection.run(arguments[2])
let writeTime = try await clock.measure {
    for source in sources {
        for rows in source.batches { _ = try await connection.run(source.cypher, parameters: ["rows": rows]) }
    }
}
await connection.close()
print("floor \(seconds(writeTime))")
print("rows \(rows)")
