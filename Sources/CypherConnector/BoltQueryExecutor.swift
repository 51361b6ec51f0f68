import BoltClient
import NIOCore
import RunbookCore
import Synchronization

/// Runs Cypher on a Neo4j-protocol server (Neo4j, FalkorDB) for one runbook connection.
///
/// Connects lazily on the first query. A query is sent again on a new connection only when it provably never
/// reached the server: the connection was found closed before the send (the server restarted between steps), or
/// the send itself failed. Once a request went out, a lost connection fails the attempt with code `inDoubt`
/// (the query may have run); the step's own `retry`, `idempotent` and `reconcile` settings decide what next.
/// Several statements, or `transaction: true`, run in one explicit transaction. Each query carries the bookmark
/// of the previous one on this connection (causal consistency). A `neo4j://` URL routes (see ``BoltRouter``): writes
/// to the database's leader, read-only queries to its readers; NotALeader (a write refused by a former leader) and
/// a server that cannot be reached or was found closed invalidate the table, and the query is tried again on the
/// new server, never when it may have run. The database name goes into RUN/BEGIN `db` only
/// when configured, and never to FalkorDB (see ``BoltServerQuirks``). Queries run one at a time (the engine runs
/// steps sequentially).
public final class BoltQueryExecutor: QueryExecutor {
    private let configuration: BoltConfiguration
    let database: String?
    private let group: (any EventLoopGroup)?
    private let current = Mutex<BoltConnection?>(nil)
    private let bookmark = Mutex<String?>(nil)
    private let router: BoltRouter?
    /// Tries of a routed query (each after the table was refreshed).
    static let routedAttempts = 3

    /// Creates an executor for a `.neo4j` connection; does not connect yet.
    ///
    /// - Throws: ``ExecutorError`` with code `configuration` for another kind or a bad URL.
    public init(connection: ResolvedConnection, eventLoopGroup: (any EventLoopGroup)? = nil) throws {
        guard case .neo4j(let url, let user, let password, let database) = connection.kind else {
            throw ExecutorError(code: .configuration, message: "\(connection) is not a Neo4j connection")
        }
        let auth: BoltAuth? = user.map { .basic(user: $0, password: password ?? "") }
        let parsed: BoltConfiguration
        do {
            parsed = try BoltConfiguration(url: url, auth: auth)
        } catch let error as BoltError {
            throw ExecutorError(code: .configuration, message: "\(connection): \(error.message)")
        }
        configuration = parsed
        self.database = database
        self.group = eventLoopGroup
        router =
            parsed.routingContext == nil ? nil : BoltRouter(seed: parsed, database: database, group: eventLoopGroup)
    }

    /// Runs the statements and returns the last one's rows and all statements' counters.
    public func execute(_ query: ResolvedQuery, options: ExecutionOptions) async throws -> QueryResult {
        try await execute(query, parameters: try Self.boltParameters(query.parameters), options: options)
    }

    /// Converts the named parameters to PackStream values now (a `transfer` does it while the previous batch is
    /// written); positional parameters are left for ``execute(prepared:options:)`` to refuse.
    public func prepare(_ query: ResolvedQuery) -> PreparedQuery {
        guard case .named(let named) = query.parameters else { return PreparedQuery(query) }
        var bare = query
        bare.parameters = .named([:])
        return PreparedQuery(bare, converted: named.mapValues(BoltValue.init))
    }

    /// Runs a query from ``prepare(_:)`` with its converted parameters.
    public func execute(prepared: PreparedQuery, options: ExecutionOptions) async throws -> QueryResult {
        guard let parameters = prepared.converted as? [String: BoltValue] else {
            return try await execute(prepared.query, options: options)
        }
        return try await execute(prepared.query, parameters: parameters, options: options)
    }

    static func boltParameters(_ parameters: ResolvedQuery.Parameters) throws -> [String: BoltValue] {
        switch parameters {
        case .named(let named): return named.mapValues(BoltValue.init)
        case .positional(let values):
            guard values.isEmpty else {
                throw ExecutorError(code: .configuration, message: "Cypher takes named parameters ($name)")
            }
            return [:]
        }
    }

    private func execute(
        _ query: ResolvedQuery,
        parameters: [String: BoltValue],
        options: ExecutionOptions
    ) async throws -> QueryResult {
        guard !query.statements.isEmpty else { return QueryResult(columns: [], rows: []) }
        if let router { return try await executeRouted(query, parameters: parameters, options: options, router) }
        do {
            let connection = try await connection()
            do {
                return try await run(query, parameters: parameters, options: options, on: connection)
            } catch let error as BoltError where error.code == .connection && !error.mayHaveReachedServer {
                // Nothing of this query can have run (an open transaction dies with its connection).
                await drop(connection)
                return try await run(query, parameters: parameters, options: options, on: try await self.connection())
            }
        } catch let error as BoltError {
            throw ExecutorError(error)
        }
    }

    /// A routed query: on the server the table names for its access mode, tried again on a new table only when the
    /// server refused it without running it (NotALeader) or it provably never reached the server.
    private func executeRouted(
        _ query: ResolvedQuery,
        parameters: [String: BoltValue],
        options: ExecutionOptions,
        _ router: BoltRouter
    ) async throws -> QueryResult {
        let mode: BoltAccessMode = options.readOnly ? .read : .write
        var attempt = 0
        while true {
            attempt += 1
            var address: String?
            do {
                let bookmarks = bookmark.withLock { $0 }.map { [$0] } ?? []
                let chosen = try await router.address(for: mode, bookmarks: bookmarks)
                address = chosen
                let connection = try await router.connection(to: chosen)
                return try await run(query, parameters: parameters, options: options, on: connection)
            } catch let error as BoltError {
                let retry = attempt < Self.routedAttempts && Self.routedRetryIsSafe(error)
                if error.code == .connection, let address {
                    await router.forget(address)
                } else if Self.notTheLeader(error) {
                    router.forgetWriters()
                }
                guard retry else { throw ExecutorError(error) }
            }
        }
    }

    /// Whether the query cannot have run: refused by a server that is not the leader, or never sent.
    static func routedRetryIsSafe(_ error: BoltError) -> Bool {
        switch error.code {
        case .connection: return !error.mayHaveReachedServer
        case .server: return notTheLeader(error)
        default: return false
        }
    }

    /// A write refused because the server is not (or no longer) the database's leader.
    static func notTheLeader(_ error: BoltError) -> Bool {
        error.serverCode == "Neo.ClientError.Cluster.NotALeader"
            || error.serverCode == "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase"
    }

    /// The routing table in use (`neo4j://` only).
    public var routingTable: BoltRoutingTable? { router?.table }

    /// Closes the connection(s) (without GOODBYE on FalkorDB).
    ///
    /// Safe to call more than once.
    public func close() async {
        let connection = current.withLock { c in
            defer { c = nil }
            return c
        }
        await connection?.close()
        await router?.close()
    }

    // MARK: - Internals

    /// The bookmark of the last transaction this executor committed, sent with the next query.
    public var lastBookmark: String? { bookmark.withLock { $0 } }

    /// Whether a connection is open and not known to be closed.
    var hasLiveConnection: Bool { current.withLock { $0.map { !$0.isClosed } ?? false } }

    /// The connection a streamed query of `mode` goes to: a server the routing table names for it (`neo4j://`), or
    /// the direct connection.
    func streamingConnection(_ mode: BoltAccessMode) async throws -> BoltConnection {
        guard let router else { return try await connection() }
        let bookmarks = bookmark.withLock { $0 }.map { [$0] } ?? []
        return try await router.connection(to: try await router.address(for: mode, bookmarks: bookmarks))
    }

    /// The open connection, or a new one.
    func connection() async throws -> BoltConnection {
        if let existing = current.withLock({ $0 }) {
            if !existing.isClosed { return existing }
            await drop(existing)
        }
        let made = try await BoltConnection.connect(to: configuration, on: group)
        current.withLock { $0 = made }
        return made
    }

    func drop(_ connection: BoltConnection) async {
        current.withLock { c in if c === connection { c = nil } }
        await connection.close()
    }

    private func run(
        _ query: ResolvedQuery,
        parameters: [String: BoltValue],
        options: ExecutionOptions,
        on connection: BoltConnection
    ) async throws -> QueryResult {
        let mode: BoltAccessMode = options.readOnly ? .read : .write
        let database = connection.quirks.sendRunExtra ? database : nil
        let explicit = query.transaction || query.statements.count > 1
        let bookmarks = bookmark.withLock { $0 }.map { [$0] } ?? []
        if explicit {
            try await connection.beginTransaction(
                database: database,
                accessMode: mode,
                bookmarks: bookmarks,
                timeout: options.timeout
            )
        }
        do {
            var result = QueryResult(columns: [], rows: [])
            var counters: [String: Int64] = [:]
            for statement in query.statements {
                var columns: [String] = []
                var rows: [[Value]] = []
                var count = 0
                let summary = try await connection.stream(
                    statement,
                    parameters: parameters,
                    database: database,
                    accessMode: mode,
                    bookmarks: explicit ? [] : bookmarks,
                    timeout: options.timeout
                ) { names, record in
                    columns = names
                    count += 1
                    if rows.count < options.maximumRows { rows.append(record.map(\.runbookValue)) }
                }
                if count == 0 { columns = summary.metadata["fields"]?.stringList ?? [] }
                for (key, value) in summary.counters {
                    guard case .int(let n) = value else { continue }
                    counters[key.replacingHyphens, default: 0] += n
                }
                result = QueryResult(columns: columns, rows: rows, rowCount: count)
            }
            if explicit { try await connection.commit() }
            if let latest = connection.lastBookmark { bookmark.withLock { $0 = latest } }
            result.counters = counters.mapValues(Value.int)
            return result
        } catch {
            if explicit, connection.isInTransaction { try? await connection.rollback() }
            throw error
        }
    }
}

extension ExecutorError {
    /// Maps a Bolt error (a connection lost after the send becomes `inDoubt`); messages carry no credentials.
    init(_ error: BoltError) {
        let code: Code
        var message = error.message
        switch error.code {
        case .server: code = .server
        case .timeout: code = .timeout
        case .cancelled: code = .cancelled
        case .protocolViolation: code = .protocolViolation
        case .configuration: code = .configuration
        case .connection where error.mayHaveReachedServer:
            code = .inDoubt
            message = "\(error.message) after the query was sent: it may have run (in doubt), so it was not sent again"
        default: code = .connection
        }
        self.init(
            code: code,
            message: message,
            serverCode: error.serverCode,
            gqlStatus: error.gqlStatus,
            isTransient: error.isTransient
        )
    }
}

extension BoltValue {
    /// The strings of a list of strings.
    var stringList: [String]? {
        guard case .list(let items) = self else { return nil }
        return items.compactMap(\.string)
    }
}

extension String {
    /// `nodes-created` → `nodes_created`.
    var replacingHyphens: String { String(map { $0 == "-" ? "_" : $0 }) }
}
