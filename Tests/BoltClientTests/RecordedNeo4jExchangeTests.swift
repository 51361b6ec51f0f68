import Foundation
import Testing

@testable import BoltClient

/// Replays Neo4j's recorded Bolt exchanges through an in-process peer.
///
/// The scripts are TestKit stub scripts in ../shared/reference/bolt-transcripts; they cover the
/// real-Neo4j behaviour FalkorDB lacks (rollback, databases, bookmarks, Neo4j error codes).
/// The transcripts are read from the shared reference directory, never copied.
@Suite struct RecordedNeo4jExchangeTests {
    static let transcripts = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/reference/bolt-transcripts").standardizedFileURL
    static let available = FileManager.default.fileExists(atPath: transcripts.path)
    /// Under CI the transcripts must be there: run (and fail) rather than skip.
    static let enabled = available || ProcessInfo.processInfo.environment["CI"] == "true"

    static func script(_ path: String, _ substitutions: [String: String] = [:]) throws -> StubScript {
        let url = transcripts.appendingPathComponent(path)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing Bolt transcript \(url.path)")
            throw ScriptPlayer.Failure("missing transcript \(path)")
        }
        return try StubScript(text, substitutions: substitutions)
    }

    static func connect(_ player: ScriptPlayer) async throws -> BoltConnection {
        try await BoltConnection.connect(
            to: BoltConfiguration(host: "127.0.0.1", port: player.port, auth: .basic(user: "neo4j", password: "pass"))
        )
    }

    @Test(.enabled(if: enabled)) func recordedNeo4jTransactionCommitReturnsBookmark() async throws {
        let player = try await ScriptPlayer.start(try Self.script("tx_run/scripts/tx_commit.script"))
        let connection = try await Self.connect(player)
        #expect(connection.protocolVersion == BoltVersion(4, 4))
        try await connection.beginTransaction()
        let result = try await connection.run("RETURN 1 AS n")
        #expect(result.records == [[.int(1)], [.int(2)]])
        #expect(result.columns == ["n"])
        let bookmark = try await connection.commit()
        #expect(bookmark == "neo4j:bookmark:v1:tx424242")
        #expect(connection.lastBookmark == "neo4j:bookmark:v1:tx424242")
        await connection.close()
        try await player.finish()
    }

    @Test(.enabled(if: enabled)) func recordedNeo4jTransactionRollback() async throws {
        let player = try await ScriptPlayer.start(try Self.script("tx_run/scripts/tx_pull_then_rollback.script"))
        let connection = try await Self.connect(player)
        try await connection.beginTransaction()
        let result = try await connection.run("RETURN 1 AS n")
        #expect(result.records.count == 2)
        try await connection.rollback()
        #expect(!connection.isInTransaction)
        await connection.close()
        try await player.finish()
    }

    @Test(.enabled(if: enabled)) func recordedNeo4jFailureOnRunInTransactionResets() async throws {
        let player = try await ScriptPlayer.start(try Self.script("tx_run/scripts/tx_error_on_run.script"))
        let connection = try await Self.connect(player)
        try await connection.beginTransaction()
        let error = await #expect(throws: BoltError.self) { try await connection.run("RETURN 1 AS n") }
        #expect(error?.serverCode == "Neo.ClientError.MadeUp.Code")
        #expect(error?.message == "Something went wrong...")
        #expect(error?.isTransient == false)
        #expect(!connection.isInTransaction)
        await connection.close()
        try await player.finish()
    }

    @Test(.enabled(if: enabled)) func recordedNeo4jFailureAfterRecordsOnBolt53() async throws {
        let player = try await ScriptPlayer.start(try Self.script("tx_run/scripts/tx_error_on_pull.script"))
        let connection = try await Self.connect(player)
        #expect(connection.protocolVersion == BoltVersion(5, 3))
        try await connection.beginTransaction()
        var seen: [[BoltValue]] = []
        await #expect(throws: BoltError.self) {
            _ = try await connection.stream("RETURN 1 AS n") { _, record in seen.append(record) }
        }
        #expect(seen == [[.int(1)], [.int(2)]])
        await connection.close()
        try await player.finish()
    }

    @Test(.enabled(if: enabled)) func recordedNeo4jBeginWithBookmarksAndDatabase() async throws {
        let player = try await ScriptPlayer.start(
            try Self.script("tx_begin_parameters/scripts/bookmarks_homedb.script")
        )
        let connection = try await Self.connect(player)
        try await connection.beginTransaction(database: "homedb", bookmarks: ["b1", "b2"])
        _ = try await connection.run("RETURN 1 as n")
        try await connection.commit()
        await connection.close()
        try await player.finish()
    }

    @Test(.enabled(if: enabled)) func recordedNeo4jBeginWithTimeoutAndReadMode() async throws {
        let timeout = try await ScriptPlayer.start(try Self.script("tx_begin_parameters/scripts/timeout_17.script"))
        var connection = try await Self.connect(timeout)
        try await connection.beginTransaction(timeout: .milliseconds(17))
        _ = try await connection.run("RETURN 1 as n")
        try await connection.commit()
        await connection.close()
        try await timeout.finish()

        let read = try await ScriptPlayer.start(try Self.script("tx_begin_parameters/scripts/access_mode_read.script"))
        connection = try await Self.connect(read)
        try await connection.beginTransaction(accessMode: .read)
        _ = try await connection.run("RETURN 1 as n")
        try await connection.commit()
        await connection.close()
        try await read.finish()
    }

    @Test(.enabled(if: enabled)) func recordedNeo4jBolt57HelloLogonRun() async throws {
        let script = try Self.script("versions/scripts/v5x7_return_1.script", ["SERVER_AGENT": "Neo4j/5.26.0"])
        let player = try await ScriptPlayer.start(script)
        let connection = try await Self.connect(player)
        #expect(connection.protocolVersion == BoltVersion(5, 7))
        #expect(connection.serverAgent == "Neo4j/5.26.0")
        #expect(connection.quirks == .neo4j)
        let result = try await connection.run("MATCH (n) RETURN n.name")
        #expect(result.columns == ["n.name"])
        #expect(result.summary.queryType == "w")
        await connection.close()
        try await player.finish()
    }

    @Test(.enabled(if: enabled)) func recordedNeo4jTransientErrorThenReset() async throws {
        let script = try Self.script(
            "errors/scripts/error.script",
            [
                "BOLT_VERSION": "5.4",
                "ERROR":
                    #"{"code": "Neo.TransientError.Database.DatabaseUnavailable", "message": "Database unavailable"}"#,
            ]
        )
        let player = try await ScriptPlayer.start(script)
        let connection = try await Self.connect(player)
        let error = await #expect(throws: BoltError.self) { try await connection.run("RETURN 1") }
        #expect(error?.code == .server)
        #expect(error?.isTransient == true)
        await connection.close()
        try await player.finish()
    }

    @Test(.enabled(if: enabled)) func recordedNeo4jBolt50CommitWithoutLogon() async throws {
        let player = try await ScriptPlayer.start(try Self.script("bookmarks/scripts/v5/send_bookmark_write_tx.script"))
        let connection = try await Self.connect(player)
        #expect(connection.protocolVersion == BoltVersion(5, 0))
        try await connection.beginTransaction()
        _ = try await connection.run("RETURN 1 as n")
        #expect(try await connection.commit() == "bm")
        await connection.close()
        try await player.finish()
    }
}
