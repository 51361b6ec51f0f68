import Foundation
import Testing

@testable import BoltClient

/// Against the real Bolt server (FalkorDB 4.18.3) at RUNBOOK_NEO4J_URL.
///
/// No temporal values in results:
/// they crash FalkorDB.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["RUNBOOK_NEO4J_URL"] != nil))
struct FalkorDBIntegrationTests {
    static func connect() async throws -> BoltConnection {
        let env = ProcessInfo.processInfo.environment
        let auth = BoltAuth.basic(
            user: env["RUNBOOK_NEO4J_USER"] ?? "falkordb",
            password: env["RUNBOOK_NEO4J_PASSWORD"] ?? ""
        )
        var configuration = try BoltConfiguration(url: env["RUNBOOK_NEO4J_URL"] ?? "", auth: auth)
        // FalkorDB serves every connection from one thread: while the parallel suites stream 100k rows or write
        // batches, a new handshake can wait well past the 10 s default on a loaded 2-core CI machine.
        configuration.connectTimeout = .seconds(60)
        return try await BoltConnection.connect(to: configuration)
    }

    static func label() -> String { "bolt_it_\(UInt32.random(in: 0...UInt32.max))" }

    @Test func handshakeAndAuthNegotiateBolt5AndDetectFalkorDB() async throws {
        let connection = try await Self.connect()
        #expect(connection.protocolVersion >= BoltVersion(5, 1))
        #expect(connection.quirks == .falkorDB)
        #expect(try await connection.run("RETURN 1 AS one").records == [[1]])
        await connection.close()
        // No GOODBYE was sent: a new connection still handshakes.
        let again = try await Self.connect()
        #expect(try await again.run("RETURN 2").records == [[2]])
        await again.close()
    }

    @Test func scalarListMapAndParameterValuesRoundTrip() async throws {
        let connection = try await Self.connect()
        let result = try await connection.run(
            "RETURN null AS n, true AS t, -129 AS i, 1099511627776 AS big, 1.5 AS f, 'héllo ✓' AS s, "
                + "[1, 'a', [true]] AS l, "
                + "{k: 1, m: {x: 'y'}} AS m, $pi AS pi, $ps AS ps, $pl AS pl, $pm AS pm",
            parameters: ["pi": .int(-(1 << 40)), "ps": "text", "pl": [1, 2.5, "x"], "pm": ["a": [1, 2]]]
        )
        #expect(result.columns == ["n", "t", "i", "big", "f", "s", "l", "m", "pi", "ps", "pl", "pm"])
        #expect(
            result.records == [
                [
                    nil, true, -129, 1_099_511_627_776, 1.5, "héllo ✓", [1, "a", [true]], ["k": 1, "m": ["x": "y"]],
                    .int(-(1 << 40)), "text", [1, 2.5, "x"], ["a": [1, 2]],
                ]
            ]
        )
        await connection.close()
    }

    @Test func nodesRelationshipsAndPaths() async throws {
        let connection = try await Self.connect()
        let label = Self.label()
        let created = try await connection.run(
            "CREATE (a:\(label) {name: 'a'})-[r:KNOWS {since: 2020}]->(b:\(label) {name: 'b'}) RETURN a, r, b"
        )
        guard case .node(let a) = created.records[0][0], case .relationship(let r) = created.records[0][1],
            case .node(let b) = created.records[0][2]
        else {
            Issue.record("unexpected values \(created.records)")
            return
        }
        #expect(a.labels == [label] && a.properties["name"] == "a")
        #expect(r.type == "KNOWS" && r.startNodeID == a.id && r.endNodeID == b.id && r.properties["since"] == 2020)
        #expect(created.summary.counters["nodes-created"] == 2)
        let path = try await connection.run("MATCH p = (:\(label))-[:KNOWS]->(:\(label)) RETURN p")
        guard case .path(let p) = path.records.first?.first else {
            Issue.record("no path in \(path.records)")
            return
        }
        #expect(p.nodes.map(\.id) == [a.id, b.id] && p.relationships.map(\.type) == ["KNOWS"] && p.indices == [1, 1])
        _ = try await connection.run("MATCH (n:\(label)) DETACH DELETE n")
        await connection.close()
    }

    @Test func hundredThousandRowsStreamIncrementally() async throws {
        let connection = try await Self.connect()
        var count = 0
        var sum: Int64 = 0
        let summary = try await connection.stream("UNWIND range(1, 100000) AS i RETURN i", fetchSize: 1000) {
            columns,
            record in
            #expect(columns == ["i"])
            count += 1
            if case .int(let i) = record[0] { sum += i }
        }
        #expect(count == 100_000)
        #expect(sum == 5_000_050_000)
        #expect(summary.metadata["has_more"] == nil)
        #expect(try await connection.run("RETURN 'after'").records == [["after"]])
        await connection.close()
    }

    @Test func abandoningAStreamResetsAndTheConnectionStaysUsable() async throws {
        struct Stop: Error {}
        let connection = try await Self.connect()
        var seen = 0
        await #expect(throws: Stop.self) {
            _ = try await connection.stream("UNWIND range(1, 50000) AS i RETURN i") { _, _ in
                seen += 1
                if seen == 10 { throw Stop() }
            }
        }
        #expect(try await connection.run("RETURN 3").records == [[3]])
        await connection.close()
    }

    @Test func failureThenResetThenAWorkingQuery() async throws {
        let connection = try await Self.connect()
        let error = await #expect(throws: BoltError.self) { try await connection.run("RETURN nope(") }
        #expect(error?.code == .server)
        #expect(error?.serverCode == "SyntaxError")
        #expect(error?.isTransient == false)
        #expect(try await connection.run("RETURN 42 AS answer").records == [[42]])
        await connection.close()
    }

    @Test func unwindBatchWritesWithParameters() async throws {
        let connection = try await Self.connect()
        let label = Self.label()
        let rows: [BoltValue] = (0..<2_000).map { i in ["id": .int(Int64(i)), "name": .string("n\(i)")] }
        var created: Int64 = 0
        for batch in stride(from: 0, to: rows.count, by: 1_000) {
            let result = try await connection.run(
                "UNWIND $rows AS row MERGE (n:\(label) {id: row.id}) SET n.name = row.name",
                parameters: ["rows": .list(Array(rows[batch..<batch + 1_000]))]
            )
            created += result.summary.counters["nodes-created"]?.int ?? 0
        }
        #expect(created == 2_000)
        let count = try await connection.run("MATCH (n:\(label)) RETURN count(n) AS c, max(n.id) AS m")
        #expect(count.records == [[2_000, 1_999]])
        _ = try await connection.run("MATCH (n:\(label)) DELETE n")
        await connection.close()
    }

    @Test func transactionsAreAcceptedByFalkorDB() async throws {
        // FalkorDB acknowledges BEGIN/COMMIT but autocommits every RUN; real rollback is covered by
        // RecordedNeo4jExchangeTests.
        let connection = try await Self.connect()
        try await connection.beginTransaction()
        #expect(connection.isInTransaction)
        #expect(try await connection.run("RETURN 1").records == [[1]])
        try await connection.commit()
        #expect(!connection.isInTransaction)
        await connection.close()
    }
}
