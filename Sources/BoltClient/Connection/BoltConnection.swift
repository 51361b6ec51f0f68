import NIOCore
import NIOPosix
import Synchronization

/// One Bolt connection: handshake, authentication, queries, explicit transactions.
///
/// **One request at a time.** A connection runs one query (or BEGIN/COMMIT/…) at a time; starting a
/// second while one is in flight throws ``BoltError`` with code `misuse`. Runbook runs steps
/// sequentially, so it needs no more; use several connections for parallel work.
///
/// After a server FAILURE the connection sends RESET at once and reads the IGNORED/SUCCESS answers,
/// so it is ready for the next query. A query timeout sends RESET and reports code `timeout`; the
/// connection stays usable. Cancelling the calling task sends RESET and closes the connection.
public final class BoltConnection: Sendable {
    /// The configuration the connection was made with.
    public let configuration: BoltConfiguration
    /// The negotiated protocol version.
    public let protocolVersion: BoltVersion
    /// The server agent from HELLO's SUCCESS, such as `Neo4j/5.26.0`.
    public let serverAgent: String
    /// The connection id from HELLO's SUCCESS (`bolt-123` on Neo4j).
    public let connectionID: String
    /// The accommodations in effect for this server.
    public let quirks: BoltServerQuirks
    /// Whether date-times arrive as UTC instants: Bolt 5, or 4.4 with the server's agreement to `patch_bolt: ["utc"]`.
    public let utcDateTimes: Bool

    let channel: any Channel
    let mailbox: ResponseMailbox
    let state = Mutex(ConnectionState())

    init(
        configuration: BoltConfiguration,
        protocolVersion: BoltVersion,
        serverAgent: String,
        connectionID: String,
        utcDateTimes: Bool,
        channel: any Channel,
        mailbox: ResponseMailbox
    ) {
        self.utcDateTimes = utcDateTimes
        self.configuration = configuration
        self.protocolVersion = protocolVersion
        self.serverAgent = serverAgent
        self.connectionID = connectionID
        self.channel = channel
        self.mailbox = mailbox
        switch configuration.serverQuirks {
        case .automatic: quirks = .detected(serverAgent: serverAgent, connectionID: connectionID)
        case .fixed(let fixed): quirks = fixed
        }
    }

    /// Whether the connection has been closed (by ``close()``, the server, or an error).
    public var isClosed: Bool { state.withLock { $0.closed } || !channel.isActive }

    /// Whether an explicit transaction is open.
    public var isInTransaction: Bool { state.withLock { $0.inTransaction } }

    /// The bookmark of the last committed transaction (or auto-commit query) on this connection.
    public var lastBookmark: String? { state.withLock { $0.lastBookmark } }

    // MARK: - Queries

    /// Runs a query and collects all its records.
    ///
    /// - Parameters:
    ///   - query: Cypher text.
    ///   - parameters: Values for `$name` placeholders.
    ///   - database: The database (`db` in RUN extra); ignored inside a transaction and on FalkorDB.
    ///   - accessMode: `.read` sends `mode: "r"`.
    ///   - bookmarks: Bookmarks the query must see (ignored inside a transaction and on FalkorDB).
    ///   - timeout: Cancel the query with RESET after this long; also sent as `tx_timeout`.
    /// - Returns: Columns, records and summary.
    /// - Throws: ``BoltError``.
    public func run(
        _ query: String,
        parameters: [String: BoltValue] = [:],
        database: String? = nil,
        accessMode: BoltAccessMode = .write,
        bookmarks: [String] = [],
        timeout: Duration? = nil
    ) async throws -> BoltResult {
        var columns: [String] = []
        var records: [[BoltValue]] = []
        let summary = try await stream(
            query,
            parameters: parameters,
            database: database,
            accessMode: accessMode,
            bookmarks: bookmarks,
            timeout: timeout
        ) { names, record in
            columns = names
            records.append(record)
        }
        if records.isEmpty { columns = summary.metadata["fields"]?.stringList ?? [] }
        return BoltResult(columns: columns, records: records, summary: summary)
    }

    /// Runs a query and hands each record to `body` as it arrives, PULLing `fetchSize` at a time.
    ///
    /// Memory stays bounded however large the result: the connection stops reading from the socket
    /// while `body` is behind. It does not depend on `has_more` (some servers send everything at once).
    /// If `body` throws, the query is cancelled with RESET and the error is rethrown.
    /// - Returns: The summary (RUN's and the last PULL's metadata merged).
    /// - Throws: ``BoltError`` or what `body` throws.
    public func stream(
        _ query: String,
        parameters: [String: BoltValue] = [:],
        database: String? = nil,
        accessMode: BoltAccessMode = .write,
        bookmarks: [String] = [],
        timeout: Duration? = nil,
        fetchSize: Int64? = nil,
        _ body: (_ columns: [String], _ record: [BoltValue]) async throws -> Void
    ) async throws -> BoltSummary {
        try await exclusive(timeout: timeout) {
            let extra = runExtra(database: database, accessMode: accessMode, bookmarks: bookmarks, timeout: timeout)
            return try await runUnlocked(
                query,
                parameters: parameters,
                extra: extra,
                fetchSize: fetchSize ?? configuration.fetchSize,
                body
            )
        }
    }

    /// Sends RESET and waits for it: ends any open transaction and clears a failed state.
    public func reset() async throws {
        try await exclusive(timeout: nil) {
            try await send([.reset])
            try await drain()
            state.withLock { $0.inTransaction = false }
        }
    }

    /// Closes the connection; sends GOODBYE first unless the server's quirks forbid it.
    ///
    /// Safe to repeat.
    public func close() async {
        let first = state.withLock { s in
            defer { s.closed = true }
            return !s.closed
        }
        guard first else { return }
        if quirks.sendGoodbyeOnClose, channel.isActive {
            try? await channel.writeAndFlush(BoltRequest.goodbye).get()
        }
        try? await channel.close().get()
    }

    // MARK: - Internals shared with transactions

    /// The RUN extra map for an auto-commit query.
    func runExtra(database: String?, accessMode: BoltAccessMode, bookmarks: [String], timeout: Duration?) -> BoltMap {
        guard quirks.sendRunExtra, !isInTransaction else { return [:] }
        var extra = BoltMap()
        if !bookmarks.isEmpty { extra["bookmarks"] = .list(bookmarks.map(BoltValue.string)) }
        if let database { extra["db"] = .string(database) }
        if accessMode == .read { extra["mode"] = "r" }
        if let timeout { extra["tx_timeout"] = .int(timeout.milliseconds) }
        return extra
    }

    /// RUN + PULL loop; the caller holds the connection.
    func runUnlocked(
        _ query: String,
        parameters: [String: BoltValue],
        extra: BoltMap,
        fetchSize: Int64,
        _ body: (_ columns: [String], _ record: [BoltValue]) async throws -> Void
    ) async throws -> BoltSummary {
        try await send([
            .run(query: query, parameters: BoltMap(parameters), extra: extra), .pull(n: fetchSize, qid: -1),
        ])
        var metadata = try await expectSuccess(of: "RUN")
        let columns = metadata["fields"]?.stringList ?? []
        while true {
            switch try await receive() {
            case .record(let values):
                do {
                    try await body(columns, values)
                } catch {
                    try await recover()
                    throw error
                }
            case .success(let more):
                metadata.merge(more) { _, new in new }
                guard more["has_more"] == .bool(true) else {
                    if let bookmark = more["bookmark"]?.string { state.withLock { $0.lastBookmark = bookmark } }
                    metadata["has_more"] = nil
                    return BoltSummary(metadata: metadata)
                }
                guard !state.withLock({ $0.timerFired }) else {
                    throw BoltError(.timeout, "the query timed out")
                }
                try await send([.pull(n: fetchSize, qid: -1)])
            case .failure(let code, let message, let gqlStatus):
                await recoverKeepingTheFailure()
                throw BoltError(.server, message, serverCode: code, gqlStatus: gqlStatus)
            case .ignored:
                try await recover()
                throw BoltError(.protocolViolation, "the server ignored PULL")
            }
        }
    }

    /// Reads the summary of a request that must succeed; on FAILURE resets and throws.
    func expectSuccess(of name: String) async throws -> [String: BoltValue] {
        switch try await receive() {
        case .success(let metadata):
            return metadata
        case .failure(let code, let message, let gqlStatus):
            await recoverKeepingTheFailure()
            throw BoltError(.server, message, serverCode: code, gqlStatus: gqlStatus)
        case .ignored:
            try await recover()
            throw BoltError(.protocolViolation, "the server ignored \(name)")
        case .record:
            await abandon()
            throw BoltError(.protocolViolation, "the server sent a RECORD in answer to \(name)")
        }
    }

    /// Writes requests as one flush (each message whole in one buffer) and counts their summaries.
    func send(_ requests: [BoltRequest]) async throws {
        state.withLock { $0.outstanding += requests.count }
        do {
            for request in requests.dropLast() { channel.write(request, promise: nil) }
            if let last = requests.last { try await channel.writeAndFlush(last).get() }
        } catch {
            state.withLock { $0.closed = true }
            // The server acts on a message only once it has it whole, and a failed write delivers none of it.
            throw BoltError(.connection, "the connection is closed (\(error))", mayHaveReachedServer: false)
        }
    }

    /// The next response; keeps count of outstanding summaries.
    func receive() async throws -> BoltResponse {
        let response = try await mailbox.next()
        if response.isSummary { state.withLock { $0.outstanding -= 1 } }
        return response
    }

    /// Reads until every request sent has been answered.
    func drain() async throws {
        while state.withLock({ $0.outstanding }) > 0 { _ = try await receive() }
    }

    /// After a FAILURE (or an abandoned stream): RESET at once, then read IGNORED… and RESET's SUCCESS.
    func recover() async throws {
        try await send([.reset])
        try await drain()
        state.withLock { $0.inTransaction = false }
    }

    /// After a FAILURE: RESET, or give the connection up if that fails, so the server's error is what is reported
    /// (a connection lost here must not pass for a query that never reached the server).
    func recoverKeepingTheFailure() async {
        do {
            try await recover()
        } catch {
            await abandon()
        }
    }

    /// Gives up on the connection after a protocol violation.
    func abandon() async {
        state.withLock { $0.closed = true }
        try? await channel.close().get()
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 for a positive duration.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return ms == 0 && attoseconds > 0 ? 1 : ms
    }
}
