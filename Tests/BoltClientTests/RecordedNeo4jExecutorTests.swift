import RunbookCore
import Testing

@testable import BoltClient
@testable import CypherConnector

/// `BoltQueryExecutor` (what a `cypher` step runs through) against recorded Neo4j exchanges: no silent replay of
/// a query that reached the server, typed parameters on the wire, the server's codes in errors, statements in one
/// transaction with bookmarks, Bolt 4.4 date-times.
@Suite struct RecordedNeo4jExecutorTests {
    typealias X = RecordedNeo4jExchanges

    static func executor(_ peer: RecordedNeo4jPeer) throws -> BoltQueryExecutor {
        try BoltQueryExecutor(
            connection: ResolvedConnection(
                name: "graph",
                kind: .neo4j(url: "bolt://\(peer.address)", user: "neo4j", password: "pass", database: nil)
            )
        )
    }

    static func query(_ text: String..., transaction: Bool = false, params: [String: Value] = [:]) -> ResolvedQuery {
        ResolvedQuery(statements: text, parameters: .named(params), transaction: transaction)
    }

    static let v57 = RecordedNeo4jExchangeTests.logon("5.7")

    @Test func recordedNeo4jWriteDroppedAfterRunIsInDoubtAndNotSentAgain() async throws {
        let peer = try await RecordedNeo4jPeer.start(
            try RecordedNeo4jExchangeTests.exchange(
                X.helloLogon,
                X.firstQueryWithBookmark,
                X.writeDroppedMidStream,
                substitutions: Self.v57
            )
        )
        let executor = try Self.executor(peer)
        let first = try await executor.execute(Self.query("RETURN 1 AS n"), options: ExecutionOptions())
        #expect(first.scalar == .int(1))
        #expect(executor.lastBookmark == "bm-1")
        let error = await #expect(throws: ExecutorError.self) {
            _ = try await executor.execute(
                Self.query("UNWIND range(1, 3) AS i CREATE (:Item {i: i}) RETURN i"),
                options: ExecutionOptions()
            )
        }
        #expect(error?.code == .inDoubt)
        #expect(error?.message.contains("in doubt") == true)
        await executor.close()
        // One connection, two RUNs: the write was not sent again on a new connection.
        try await peer.finish(expectingConnections: 1)
        #expect(peer.received.first?.filter { $0 == "RUN" }.count == 2)
    }

    @Test func recordedNeo4jConnectionFoundClosedBeforeTheSendIsRetriedOnANewOne() async throws {
        let peer = try await RecordedNeo4jPeer.start([
            try RecordedNeo4jExchangeTests.exchange(X.helloLogon, X.firstQueryThenHangup, substitutions: Self.v57),
            try RecordedNeo4jExchangeTests.exchange(X.helloLogon, X.write, X.goodbye, substitutions: Self.v57),
        ])
        let executor = try Self.executor(peer)
        _ = try await executor.execute(Self.query("RETURN 1 AS n"), options: ExecutionOptions())
        // Wait (bounded) until the client has seen the server close the connection.
        for _ in 0..<500 where executor.hasLiveConnection { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!executor.hasLiveConnection)
        let result = try await executor.execute(Self.query("CREATE (:Item)"), options: ExecutionOptions())
        #expect(result.counters["nodes_created"] == .int(1))
        await executor.close()
        try await peer.finish(expectingConnections: 2)
    }

    @Test func recordedNeo4jFailureThenLostConnectionReportsTheServerErrorAndIsNotSentAgain() async throws {
        let peer = try await RecordedNeo4jPeer.start(
            try RecordedNeo4jExchangeTests.exchange(X.helloLogon, X.failureThenHangup, substitutions: Self.v57)
        )
        let executor = try Self.executor(peer)
        let error = await #expect(throws: ExecutorError.self) {
            _ = try await executor.execute(Self.query("CREATE (:Item {id: 1})"), options: ExecutionOptions())
        }
        #expect(error?.code == .server)
        #expect(error?.serverCode == "Neo.ClientError.Schema.ConstraintValidationFailed")
        await executor.close()
        try await peer.finish(expectingConnections: 1)
    }

    @Test func recordedNeo4jParametersArriveWithTheirTypes() async throws {
        let peer = try await RecordedNeo4jPeer.start(
            try RecordedNeo4jExchangeTests.exchange(X.helloLogon, X.typedParameters, X.goodbye, substitutions: Self.v57)
        )
        let executor = try Self.executor(peer)
        let params: [String: Value] = [
            "id": .int(42), "min": .double(0.5), "active": .bool(true), "label": .string("42"), "none": .null,
            "tags": .list([.string("a"), .int(1), .double(2.5)]),
            "meta": .map([("k", .int(1)), ("nested", .list([.bool(false)]))]),
        ]
        let result = try await executor.execute(
            Self.query(
                "MATCH (u:User {id: $id}) WHERE u.score >= $min AND u.active = $active RETURN u.id",
                params: params
            ),
            options: ExecutionOptions()
        )
        #expect(result.scalar == .int(42))
        await executor.close()
        try await peer.finish()
    }

    @Test func recordedNeo4jServerErrorCarriesCodeAndGQLStatus() async throws {
        let peer = try await RecordedNeo4jPeer.start(
            try RecordedNeo4jExchangeTests.exchange(
                X.helloLogon,
                X.syntaxErrorWithGQLStatus,
                X.goodbye,
                substitutions: Self.v57
            )
        )
        let executor = try Self.executor(peer)
        let error = await #expect(throws: ExecutorError.self) {
            _ = try await executor.execute(Self.query("RETURN 1 +"), options: ExecutionOptions())
        }
        #expect(error?.code == .server)
        #expect(error?.serverCode == "Neo.ClientError.Statement.SyntaxError")
        #expect(error?.gqlStatus == "42001")
        #expect(error?.codeSuffix == " [Neo.ClientError.Statement.SyntaxError, GQL status 42001]")
        await executor.close()
        try await peer.finish()
    }

    @Test func recordedNeo4jStatementsRunInOneTransactionAndBookmarksCarryOver() async throws {
        let peer = try await RecordedNeo4jPeer.start(
            try RecordedNeo4jExchangeTests.exchange(
                X.helloLogon,
                X.statementsInOneTransaction,
                X.statementsRolledBack,
                X.goodbye,
                substitutions: Self.v57
            )
        )
        let executor = try Self.executor(peer)
        let written = try await executor.execute(
            Self.query("CREATE (:A)", "CREATE (:B)", transaction: true),
            options: ExecutionOptions()
        )
        #expect(written.counters["nodes_created"] == .int(2))
        #expect(executor.lastBookmark == "bm-tx")
        let count = try await executor.execute(Self.query("MATCH (n) RETURN count(n)"), options: ExecutionOptions())
        #expect(count.scalar == .int(2))
        #expect(executor.lastBookmark == "bm-after")
        let error = await #expect(throws: ExecutorError.self) {
            _ = try await executor.execute(
                Self.query("CREATE (:A)", "CREATE (:B {id: 1 / 0})", transaction: true),
                options: ExecutionOptions()
            )
        }
        #expect(error?.serverCode == "Neo.ClientError.Statement.ArithmeticError")
        await executor.close()
        try await peer.finish(expectingConnections: 1)
    }

    @Test(arguments: [
        // 2023-11-14T22:13:20Z shown at +01:00: the UTC instant (patched 4.4, as Bolt 5) …
        (X.hello44, #"{"S": ["I", 1700000000, 0, 3600]}"#),
        // … and the legacy structure of a 4.4 server that did not take the patch (local seconds).
        (X.hello44WithoutPatch, #"{"S": ["F", 1700003600, 0, 3600]}"#),
    ])
    func recordedNeo4jBolt44DateTimes(hello: String, value: String) async throws {
        let peer = try await RecordedNeo4jPeer.start(
            try RecordedNeo4jExchangeTests.exchange(hello, X.dateTimes, X.goodbye, substitutions: ["DATETIME": value])
        )
        let executor = try Self.executor(peer)
        let result = try await executor.execute(Self.query("RETURN datetime() AS t"), options: ExecutionOptions())
        #expect(result.scalar == .string("2023-11-14T23:13:20+01:00"))
        await executor.close()
        try await peer.finish()
    }
}
