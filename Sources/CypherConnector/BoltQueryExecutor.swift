import BoltClient
import NIOCore
import RunbookCore
import Synchronization

/// Runs Cypher on a Neo4j-protocol server (Neo4j, FalkorDB) for one runbook connection.
///
/// Connects lazily on the first query. If the connection turns out to be lost (the server restarted
/// between steps), it reconnects once and retries: before sending when the loss is already known, or
/// after the send failed. Several statements, or `transaction: true`, run in one explicit transaction.
/// The database name goes into RUN/BEGIN `db` only when configured, and never to FalkorDB (see
/// ``BoltServerQuirks``). Queries run one at a time (the engine runs steps sequentially).
public final class BoltQueryExecutor: QueryExecutor {
    private let configuration: BoltConfiguration
    let database: String?
    private let group: (any EventLoopGroup)?
    private let current = Mutex<BoltConnection?>(nil)

    /// Creates an executor for a `.neo4j` connection; does not connect yet.
    ///
    /// - Throws: ``ExecutorError`` with code `configuration` for another kind or a bad URL.
    public init(connection: ResolvedConnection, eventLoopGroup: (any EventLoopGroup)? = nil) throws {
        guard case .neo4j(let url, let user, let password, let database) = connection.kind else {
            throw ExecutorError(code: .configuration, message: "\(connection) is not a Neo4j connection")
        }
        let auth: BoltAuth? = user.map { .basic(user: $0, password: password ?? "") }
        do {
            configuration = try BoltConfiguration(url: url, auth: auth)
        } catch let error as BoltError {
            throw ExecutorError(code: .configuration, message: "\(connection): \(error.message)")
        }
        self.database = database
        self.group = eventLoopGroup
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
        do {
            let (connection, fresh) = try await connection()
            do {
                return try await run(query, parameters: parameters, options: options, on: connection)
            } catch let error as BoltError where error.code == .connection && !fresh {
                await drop(connection)
                let (retry, _) = try await self.connection()
                return try await run(query, parameters: parameters, options: options, on: retry)
            }
        } catch let error as BoltError {
            throw ExecutorError(error)
        }
    }

    /// Closes the connection (without GOODBYE on FalkorDB).
    ///
    /// Safe to call more than once.
    public func close() async {
        let connection = current.withLock { c in
            defer { c = nil }
            return c
        }
        await connection?.close()
    }

    // MARK: - Internals

    /// The open connection, or a new one; `fresh` when it was just made.
    func connection() async throws -> (BoltConnection, fresh: Bool) {
        if let existing = current.withLock({ $0 }) {
            if !existing.isClosed { return (existing, false) }
            await drop(existing)
        }
        let made = try await BoltConnection.connect(to: configuration, on: group)
        current.withLock { $0 = made }
        return (made, true)
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
        if explicit {
            try await connection.beginTransaction(database: database, accessMode: mode, timeout: options.timeout)
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
            result.counters = counters.mapValues(Value.int)
            return result
        } catch {
            if explicit, connection.isInTransaction { try? await connection.rollback() }
            throw error
        }
    }
}

extension ExecutorError {
    /// Maps a Bolt error; messages carry no credentials.
    init(_ error: BoltError) {
        let code: Code
        switch error.code {
        case .server: code = .server
        case .timeout: code = .timeout
        case .cancelled: code = .cancelled
        case .protocolViolation: code = .protocolViolation
        case .configuration: code = .configuration
        default: code = .connection
        }
        self.init(code: code, message: error.message, serverCode: error.serverCode, isTransient: error.isTransient)
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
