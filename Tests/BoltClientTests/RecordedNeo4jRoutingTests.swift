import RunbookCore
import Testing

@testable import BoltClient
@testable import CypherConnector

/// `neo4j://` routing against recorded Neo4j cluster members (in-process peers for a router, writers and a
/// reader): the routing context in HELLO and ROUTE, writes to the leader, reads to a follower with the write's
/// bookmark, a leader change (NotALeader), an unreachable writer, a writer lost after the send (in doubt), and an
/// expired table fetched again from the URL when its own router is gone.
@Suite struct RecordedNeo4jRoutingTests {
    typealias R = RecordedNeo4jRoutingExchanges

    static func exchange(_ parts: String..., seed: String = "*", _ more: [String: String] = [:]) throws -> BoltExchange
    {
        try BoltExchange(parts.joined(separator: "\n"), substitutions: more.merging(["SEED": seed]) { a, _ in a })
    }

    /// A router that answers `tables.count` ROUTE requests, one per connection, the n-th naming `tables[n]`'s
    /// writer (and `reader`).
    static func router(
        writers: [String],
        reader: String,
        bookmarks: [String] = []
    ) async throws
        -> RecordedNeo4jPeer
    {
        try await RecordedNeo4jPeer.start { own in
            try writers.enumerated().map { index, writer in
                let table = ["WRITER": writer, "READER": reader, "ROUTER": own]
                if index == 0 { return try Self.exchange(R.hello, R.route, seed: own, table) }
                let seen = "[" + bookmarks.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
                return try Self.exchange(
                    R.hello,
                    R.routeAgain,
                    seed: own,
                    table.merging(["BOOKMARKS": seen]) { a, _ in a }
                )
            }
        }
    }

    static func executor(_ router: RecordedNeo4jPeer) throws -> BoltQueryExecutor {
        try BoltQueryExecutor(
            connection: ResolvedConnection(
                name: "cluster",
                kind: .neo4j(url: "neo4j://\(router.address)?policy=eu", user: "neo4j", password: "pass", database: nil)
            )
        )
    }

    static func query(_ text: String) -> ResolvedQuery { ResolvedQuery(statements: [text], parameters: .named([:])) }

    @Test func recordedNeo4jRoutedWriteGoesToTheLeaderAndReadToAFollowerWithTheBookmark() async throws {
        let writer = try await RecordedNeo4jPeer.start(try Self.exchange(R.hello, R.write, "optional GOODBYE"))
        let reader = try await RecordedNeo4jPeer.start(try Self.exchange(R.hello, R.read, "optional GOODBYE"))
        let router = try await Self.router(writers: [writer.address], reader: reader.address)
        let executor = try Self.executor(router)
        let written = try await executor.execute(Self.query("CREATE (:P)"), options: ExecutionOptions())
        #expect(written.counters["nodes_created"] == .int(1))
        let read = try await executor.execute(
            Self.query("MATCH (p:P) RETURN count(p)"),
            options: ExecutionOptions(readOnly: true)
        )
        #expect(read.scalar == .int(1))
        #expect(executor.routingTable?.writers == [writer.address])
        #expect(executor.routingTable?.readers == [reader.address])
        #expect(executor.routingTable?.timeToLive == .seconds(300))
        await executor.close()
        try await router.finish(expectingConnections: 1)
        try await writer.finish(expectingConnections: 1)
        try await reader.finish(expectingConnections: 1)
    }

    @Test func recordedNeo4jNotALeaderRefreshesTheTableAndWritesOnTheNewLeader() async throws {
        let former = try await RecordedNeo4jPeer.start(try Self.exchange(R.hello, R.notALeader))
        let leader = try await RecordedNeo4jPeer.start(try Self.exchange(R.hello, R.write, "optional GOODBYE"))
        let reader = try await RecordedNeo4jPeer.start([])
        let router = try await Self.router(writers: [former.address, leader.address], reader: reader.address)
        let executor = try Self.executor(router)
        let written = try await executor.execute(Self.query("CREATE (:P)"), options: ExecutionOptions())
        #expect(written.counters["nodes_created"] == .int(1))
        #expect(executor.routingTable?.writers == [leader.address])
        await executor.close()
        try await router.finish(expectingConnections: 2)
        try await former.finish(expectingConnections: 1)
        try await leader.finish(expectingConnections: 1)
        try await reader.finish(expectingConnections: 0)
    }

    @Test func recordedNeo4jUnreachableWriterIsForgottenAndTheQueryGoesToTheNewOne() async throws {
        let gone = try await RecordedNeo4jPeer.start([])
        try await gone.finish()  // nothing listens there any more
        let leader = try await RecordedNeo4jPeer.start(try Self.exchange(R.hello, R.write, "optional GOODBYE"))
        let router = try await Self.router(writers: [gone.address, leader.address], reader: leader.address)
        let executor = try Self.executor(router)
        let written = try await executor.execute(Self.query("CREATE (:P)"), options: ExecutionOptions())
        #expect(written.counters["nodes_created"] == .int(1))
        await executor.close()
        try await router.finish(expectingConnections: 2)
        try await leader.finish(expectingConnections: 1)
    }

    @Test func recordedNeo4jWriterLostAfterTheSendIsInDoubtAndNotSentAnywhereElse() async throws {
        let leader = try await RecordedNeo4jPeer.start(try Self.exchange(R.hello, R.writeDropped))
        let other = try await RecordedNeo4jPeer.start([])
        let router = try await Self.router(writers: [leader.address, other.address], reader: other.address)
        let executor = try Self.executor(router)
        let error = await #expect(throws: ExecutorError.self) {
            _ = try await executor.execute(Self.query("CREATE (:P)"), options: ExecutionOptions())
        }
        #expect(error?.code == .inDoubt)
        await executor.close()
        // No second ROUTE, no connection to another server: the write went out exactly once.
        #expect(leader.received.first?.filter { $0 == "RUN" }.count == 1)
        try await router.finish(expectingConnections: 1)
        try await leader.finish(expectingConnections: 1)
        try await other.finish(expectingConnections: 0)
    }

    @Test func recordedNeo4jExpiredTableIsFetchedAgainFromTheURLWhenItsRouterIsGone() async throws {
        let gone = try await RecordedNeo4jPeer.start([])
        try await gone.finish()
        let writer = try await RecordedNeo4jPeer.start(
            try Self.exchange(R.hello, R.write, Self.secondWrite, "optional GOODBYE")
        )
        let router = try await RecordedNeo4jPeer.start { own in
            [
                try Self.exchange(
                    R.hello,
                    R.routeExpiring,
                    seed: own,
                    ["WRITER": writer.address, "READER": writer.address, "ROUTER": gone.address, "BOOKMARKS": "[]"]
                ),
                try Self.exchange(
                    R.hello,
                    R.routeExpiring,
                    seed: own,
                    [
                        "WRITER": writer.address, "READER": writer.address, "ROUTER": gone.address,
                        "BOOKMARKS": #"["bm-w"]"#,
                    ]
                ),
            ]
        }
        let executor = try Self.executor(router)
        _ = try await executor.execute(Self.query("CREATE (:P)"), options: ExecutionOptions())
        _ = try await executor.execute(Self.query("CREATE (:P)"), options: ExecutionOptions())
        await executor.close()
        // The table expired after the first write: the second ROUTE went to the URL's address, since the
        // table's only router did not answer.
        try await router.finish(expectingConnections: 2)
        try await writer.finish(expectingConnections: 1)
    }

    /// A second write on the same connection, carrying the first one's bookmark.
    static let secondWrite = """
        client RUN "CREATE (:P)" {} {"bookmarks": ["bm-w"]}
        client PULL {"n": 1000}
        server SUCCESS {"fields": []}
        server SUCCESS {"type": "w", "stats": {"nodes-created": 1}, "bookmark": "bm-w2"}
        """

    @Test func routingContextComesFromTheURL() throws {
        let routed = try BoltConfiguration(url: "neo4j+s://db.example:7688?policy=eu&region=west&connect_timeout=5")
        #expect(routed.routingContext == ["address": "db.example:7688", "policy": "eu", "region": "west"])
        #expect(routed.tls == .verified)
        #expect(try BoltConfiguration(url: "bolt://db.example:7688?policy=eu").routingContext == nil)
        let other = try routed.server(at: "10.0.0.2:7690")
        #expect(other.host == "10.0.0.2" && other.port == 7690 && other.routingContext == routed.routingContext)
    }
}
