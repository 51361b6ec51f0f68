import BoltClient

let config = try BoltConfiguration(url: "bolt://127.0.0.1:7687", auth: .basic(user: "falkordb", password: ""))
let c = try await BoltConnection.connect(to: config)
print(c.protocolVersion, c.serverAgent, c.quirks)
let r = try await c.run("RETURN 1 AS a, 'x' AS b, [1,2.5,null] AS l, {k: true} AS m")
print(r)
do { _ = try await c.run("RETURN nope(") } catch { print("err", error) }
let r2 = try await c.run("UNWIND range(1,5) AS i RETURN i")
print(r2.records.count, r2.summary)
let r3 = try await c.run(
    "CREATE (n:BoltSmoke {x: $x})-[r:R {w: 1}]->(m:BoltSmoke) RETURN n, r, m",
    parameters: ["x": 42]
)
print(r3)
let r4 = try await c.run("MATCH p=(:BoltSmoke)-[:R]->(:BoltSmoke) RETURN p LIMIT 1")
print(r4.records)
_ = try await c.run("MATCH (n:BoltSmoke) DELETE n")
await c.close()
