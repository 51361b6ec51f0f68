import Testing

@testable import BoltClient

/// Plays Neo4j's side of recorded Bolt exchanges (``RecordedNeo4jExchanges``) to the client through an
/// in-process peer: the Neo4j behaviour our real test server (FalkorDB) lacks — rollback, databases, bookmarks,
/// Neo4j status codes, Bolt 4.4 and 5.0–5.7 authentication.
@Suite struct RecordedNeo4jExchangeTests {
    typealias X = RecordedNeo4jExchanges

    /// An exchange made of parts (a HELLO variant, the body, the goodbye).
    static func exchange(_ parts: String..., substitutions: [String: String] = [:]) throws -> BoltExchange {
        try BoltExchange(parts.joined(separator: "\n"), substitutions: substitutions)
    }

    /// HELLO + LOGON for a Bolt 5.1+ version.
    static func logon(_ version: String, agent: String = "Neo4j/5.26.0") -> [String: String] {
        ["VERSION": version, "AGENT": agent]
    }

    static let timeout17 = ["BEGIN": #"{"tx_timeout": 17}"#, "BOOKMARK": "bm-timeout"]
    static let readMode = ["BEGIN": #"{"mode": "r"}"#, "BOOKMARK": "bm-read"]

    static func connect(_ peer: RecordedNeo4jPeer) async throws -> BoltConnection {
        try await BoltConnection.connect(
            to: BoltConfiguration(host: "127.0.0.1", port: peer.port, auth: .basic(user: "neo4j", password: "pass"))
        )
    }

    @Test func recordedNeo4jTransactionCommitReturnsBookmark() async throws {
        let peer = try await RecordedNeo4jPeer.start(try Self.exchange(X.hello44, X.transactionCommit, X.goodbye))
        let connection = try await Self.connect(peer)
        #expect(connection.protocolVersion == BoltVersion(4, 4))
        #expect(connection.utcDateTimes)
        try await connection.beginTransaction()
        let result = try await connection.run("RETURN 1 AS n")
        #expect(result.records == [[.int(1)], [.int(2)]])
        #expect(result.columns == ["n"])
        let bookmark = try await connection.commit()
        #expect(bookmark == "neo4j:bookmark:v1:tx424242")
        #expect(connection.lastBookmark == "neo4j:bookmark:v1:tx424242")
        await connection.close()
        try await peer.finish()
    }

    @Test func recordedNeo4jTransactionRollback() async throws {
        let peer = try await RecordedNeo4jPeer.start(try Self.exchange(X.hello44, X.transactionRollback, X.goodbye))
        let connection = try await Self.connect(peer)
        try await connection.beginTransaction()
        let result = try await connection.run("RETURN 1 AS n")
        #expect(result.records.count == 2)
        try await connection.rollback()
        #expect(!connection.isInTransaction)
        await connection.close()
        try await peer.finish()
    }

    @Test func recordedNeo4jFailureOnRunInTransactionResets() async throws {
        let peer = try await RecordedNeo4jPeer.start(
            try Self.exchange(X.hello44, X.failureOnRunInTransaction, X.goodbye)
        )
        let connection = try await Self.connect(peer)
        try await connection.beginTransaction()
        let error = await #expect(throws: BoltError.self) { try await connection.run("RETURN 1 AS n") }
        #expect(error?.serverCode == "Neo.ClientError.MadeUp.Code")
        #expect(error?.message == "Something went wrong...")
        #expect(error?.isTransient == false)
        #expect(!connection.isInTransaction)
        await connection.close()
        try await peer.finish()
    }

    @Test func recordedNeo4jFailureAfterRecordsOnBolt53() async throws {
        let peer = try await RecordedNeo4jPeer.start(
            try Self.exchange(X.helloLogon, X.failureAfterRecords, X.goodbye, substitutions: Self.logon("5.3"))
        )
        let connection = try await Self.connect(peer)
        #expect(connection.protocolVersion == BoltVersion(5, 3))
        try await connection.beginTransaction()
        var seen: [[BoltValue]] = []
        let error = await #expect(throws: BoltError.self) {
            _ = try await connection.stream("RETURN 1 AS n") { _, record in seen.append(record) }
        }
        #expect(error?.serverCode == "Neo.ClientError.Statement.ArithmeticError")
        #expect(seen == [[.int(1)], [.int(2)]])
        await connection.close()
        try await peer.finish()
    }

    @Test func recordedNeo4jBeginWithBookmarksAndDatabase() async throws {
        let peer = try await RecordedNeo4jPeer.start(
            try Self.exchange(X.hello44, X.beginWithBookmarksAndDatabase, X.goodbye)
        )
        let connection = try await Self.connect(peer)
        try await connection.beginTransaction(database: "homedb", bookmarks: ["b1", "b2"])
        _ = try await connection.run("RETURN 1 as n")
        #expect(try await connection.commit() == "homedb:bookmark:1")
        await connection.close()
        try await peer.finish()
    }

    @Test func recordedNeo4jBeginWithTimeoutAndReadMode() async throws {
        let timeout = try await RecordedNeo4jPeer.start(
            try Self.exchange(X.hello50, X.beginQueryCommit, X.goodbye, substitutions: Self.timeout17)
        )
        var connection = try await Self.connect(timeout)
        try await connection.beginTransaction(timeout: .milliseconds(17))
        _ = try await connection.run("RETURN 1 as n")
        try await connection.commit()
        await connection.close()
        try await timeout.finish()

        let read = try await RecordedNeo4jPeer.start(
            try Self.exchange(X.hello50, X.beginQueryCommit, X.goodbye, substitutions: Self.readMode)
        )
        connection = try await Self.connect(read)
        try await connection.beginTransaction(accessMode: .read)
        _ = try await connection.run("RETURN 1 as n")
        try await connection.commit()
        await connection.close()
        try await read.finish()
    }

    @Test func recordedNeo4jBolt57HelloLogonRun() async throws {
        let peer = try await RecordedNeo4jPeer.start(
            try Self.exchange(X.helloLogon, X.autoCommitNames, X.goodbye, substitutions: Self.logon("5.7"))
        )
        let connection = try await Self.connect(peer)
        #expect(connection.protocolVersion == BoltVersion(5, 7))
        #expect(connection.serverAgent == "Neo4j/5.26.0")
        #expect(connection.quirks == .neo4j)
        let result = try await connection.run("MATCH (n) RETURN n.name")
        #expect(result.columns == ["n.name"])
        #expect(result.records == [[.string("alice")], [.string("bob")]])
        #expect(result.summary.queryType == "w")
        #expect(connection.lastBookmark == "bm-names")
        await connection.close()
        try await peer.finish()
    }

    @Test func recordedNeo4jTransientErrorThenReset() async throws {
        let substitutions = Self.logon("5.4").merging([
            "CODE": "Neo.TransientError.Database.DatabaseUnavailable", "MESSAGE": "Database unavailable",
        ]) { a, _ in a }
        let peer = try await RecordedNeo4jPeer.start(
            try Self.exchange(X.helloLogon, X.failureOnRun, X.goodbye, substitutions: substitutions)
        )
        let connection = try await Self.connect(peer)
        let error = await #expect(throws: BoltError.self) { try await connection.run("RETURN 1") }
        #expect(error?.code == .server)
        #expect(error?.isTransient == true)
        #expect(error?.serverCode == "Neo.TransientError.Database.DatabaseUnavailable")
        await connection.close()
        try await peer.finish()
    }

    @Test func recordedNeo4jBolt50CommitWithoutLogon() async throws {
        let peer = try await RecordedNeo4jPeer.start(
            try Self.exchange(X.hello50, X.beginQueryCommit, X.goodbye, substitutions: Self.timeout17)
        )
        let connection = try await Self.connect(peer)
        #expect(connection.protocolVersion == BoltVersion(5, 0))
        try await connection.beginTransaction(timeout: .milliseconds(17))
        _ = try await connection.run("RETURN 1 as n")
        #expect(try await connection.commit() == "bm-timeout")
        await connection.close()
        try await peer.finish()
    }

    @Test func recordedNeo4jBolt57FailureCarriesGQLStatus() async throws {
        let peer = try await RecordedNeo4jPeer.start(
            try Self.exchange(X.helloLogon, X.syntaxErrorWithGQLStatus, X.goodbye, substitutions: Self.logon("5.7"))
        )
        let connection = try await Self.connect(peer)
        let error = await #expect(throws: BoltError.self) { try await connection.run("RETURN 1 +") }
        #expect(error?.serverCode == "Neo.ClientError.Statement.SyntaxError")
        #expect(error?.gqlStatus == "42001")
        #expect(error?.description.contains("[Neo.ClientError.Statement.SyntaxError, GQL status 42001]") == true)
        await connection.close()
        try await peer.finish()
    }

    @Test func recordedNeo4jExchangeNotationRejectsAStrayClient() async throws {
        // The peer itself: a client that sends something else than the exchange says is reported.
        let peer = try await RecordedNeo4jPeer.start(
            try Self.exchange(X.hello50, X.beginQueryCommit, X.goodbye, substitutions: Self.readMode)
        )
        let connection = try await Self.connect(peer)
        await #expect(throws: BoltError.self) { try await connection.beginTransaction(accessMode: .write) }
        await connection.close()
        await #expect(throws: (any Error).self) { try await peer.finish() }
    }
}
