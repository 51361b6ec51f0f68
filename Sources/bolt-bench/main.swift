import BoltClient

// bolt-bench: sequential RETURN 1 and UNWIND…MERGE batch writes against a Bolt server.
//
//   bolt-bench [bolt-url] [user] [password]
let arguments = CommandLine.arguments
let url = arguments.count > 1 ? arguments[1] : "bolt://127.0.0.1:7687"
let auth = BoltAuth.basic(
    user: arguments.count > 2 ? arguments[2] : "falkordb",
    password: arguments.count > 3 ? arguments[3] : ""
)
let connection = try await BoltConnection.connect(to: try BoltConfiguration(url: url, auth: auth))
let clock = ContinuousClock()

func seconds(_ d: Duration) -> String {
    let (s, atto) = d.components
    let ms = s * 1000 + atto / 1_000_000_000_000_000
    return "\(ms / 1000).\(String(repeating: "0", count: 3 - String(ms % 1000).count))\(ms % 1000)"
}

let returnOne = try await clock.measure {
    for _ in 0..<1_000 { _ = try await connection.run("RETURN 1") }
}
print("swift  return1_x1000 \(seconds(returnOne)) s")

let label = "bolt_bench_node"
_ = try? await connection.run("CREATE INDEX FOR (n:\(label)) ON (n.id)")
for batch in [1_000, 10_000] {
    _ = try await connection.run("MATCH (n:\(label)) DELETE n")
    let elapsed = try await clock.measure {
        for start in stride(from: 0, to: 100_000, by: batch) {
            let rows: [BoltValue] = (start..<start + batch).map { ["id": .int(Int64($0)), "name": .string("u\($0)")] }
            _ = try await connection.run(
                "UNWIND $rows AS row MERGE (n:\(label) {id: row.id}) SET n.name = row.name",
                parameters: ["rows": .list(rows)]
            )
        }
    }
    print("swift  merge100k_batch\(batch) \(seconds(elapsed)) s")
}
_ = try await connection.run("MATCH (n:\(label)) DELETE n")
await connection.close()
