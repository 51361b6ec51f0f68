import PostgresLibPQ
import RunbookCore

/// Owns one libpq connection and runs requests on it.
///
/// Not thread-safe: `PostgresConnection` confines it behind a lock and only touches
/// it from thread-pool threads, because every call here may block.
final class PostgresSession {
    /// How long to wait for the server to act on a cancel request before dropping the connection.
    static let cancelGrace: Duration = .seconds(5)

    private let dsn: String
    private let description: String
    private var connection: PQConnection?
    /// Whether this session was switched to `default_transaction_read_only = on` (undone with `RESET`, which
    /// restores what the DSN, role or database set at connection time).
    private var forcedReadOnly = false

    init(dsn: String, description: String) {
        self.dsn = dsn
        self.description = description
    }

    deinit { disconnect() }

    /// Closes the connection (it is reopened by the next `run`).
    func disconnect() {
        connection = nil
        forcedReadOnly = false
    }

    // MARK: - Running a request

    /// Runs the statements of a request and returns the last statement's result.
    func run(_ request: PostgresRequest, interruption: QueryInterruption) throws(ExecutorError) -> QueryResult {
        var waiter = PostgresWaiter(
            interruption: interruption,
            deadline: request.deadline,
            timeout: request.timeout
        )
        try waiter.checkBeforeStart()
        let connection: PQConnection
        do throws(ExecutorError) {
            connection = try connected(readOnly: request.readOnly, timeLimit: waiter.remaining)
        } catch {
            throw waiter.connectError(replacing: error)
        }
        var last = QueryResult(columns: [], rows: [])
        do throws(ExecutorError) {
            if request.transaction { _ = try statement("BEGIN", [], request, &waiter, on: connection) }
            for (index, sql) in request.statements.enumerated() {
                do throws(ExecutorError) {
                    try waiter.checkBeforeStart()
                    last = try statement(sql, request.parameters, request, &waiter, on: connection)
                } catch {
                    throw numbered(error, index: index, of: request.statements.count)
                }
            }
            if request.transaction { _ = try statement("COMMIT", [], request, &waiter, on: connection) }
        } catch {
            if request.transaction { rollBackIfOpen() }
            throw error
        }
        return last
    }

    private func numbered(_ error: ExecutorError, index: Int, of count: Int) -> ExecutorError {
        guard count > 1 else { return error }
        var error = error
        let line = "in statement \(index + 1) of \(count)"
        error.detail = error.detail.map { line + "\n" + $0 } ?? line
        return error
    }

    private func rollBackIfOpen() {
        guard let connection, connection.isOK, connection.inTransaction else { return }
        _ = try? connection.exec("ROLLBACK")
    }

    // MARK: - Connecting

    private func connected(readOnly: Bool, timeLimit: Duration?) throws(ExecutorError) -> PQConnection {
        if let connection, !connection.isHealthy() { disconnect() }
        let connection: PQConnection
        if let existing = self.connection {
            connection = existing
        } else {
            connection = try connect(timeLimit: timeLimit)
            self.connection = connection
        }
        if forcedReadOnly != readOnly {
            let sql = readOnly ? "SET default_transaction_read_only = on" : "RESET default_transaction_read_only"
            do throws(PQError) {
                try connection.exec(sql)
            } catch {
                let error = PostgresServerError.connectionError(connection, doing: "could not set the session mode")
                disconnect()
                throw error
            }
            forcedReadOnly = readOnly
        }
        return connection
    }

    private func connect(timeLimit: Duration?) throws(ExecutorError) -> PQConnection {
        let options = try PostgresConnectOptions(dsn: dsn, description: description, timeLimit: timeLimit)
        do throws(PQError) {
            return try options.connect()
        } catch {
            throw ExecutorError(
                code: .connection,
                message: "could not connect to \(description)",
                detail: options.scrub(error.message.isEmpty ? "connection lost" : error.message),
                isTransient: true
            )
        }
    }

    // MARK: - One statement

    private func statement(
        _ sql: String,
        _ parameters: [Value],
        _ request: PostgresRequest,
        _ waiter: inout PostgresWaiter,
        on connection: PQConnection
    ) throws(ExecutorError) -> QueryResult {
        var params: [PQParam] = []
        for (index, value) in parameters.enumerated() {
            params.append(try PostgresParameterEncoder.text(for: value, index: index + 1).map(PQParam.text) ?? .null)
        }
        guard connection.send(sql, params, singleRow: true) else {
            throw lostOrFailed(connection, doing: "could not send the query")
        }
        var collector = PostgresResultCollector(maximumRows: request.maximumRows)
        var failure: ExecutorError?
        while true {
            let next: PQResult?
            do throws(ExecutorError) {
                next = try waiter.nextResult(connection)
            } catch {
                disconnect()
                throw error
            }
            guard let result = next else { break }
            switch result.status {
            case .singleTuple, .tuplesOK, .commandOK, .emptyQuery:
                collector.add(result)
            case .copyIn:
                connection.refuseCopyIn("COPY FROM STDIN is not supported in runbook sql steps")
            case .copyOut:
                connection.drainCopyOut()
                if failure == nil {
                    failure = ExecutorError(code: .server, message: "COPY TO STDOUT is not supported in sql steps")
                }
            case .failed:
                if failure == nil {
                    failure = PostgresServerError.make(result: result, query: sql, connectionLost: false)
                }
            }
        }
        if var failure {
            if !connection.isOK || failure.serverCode.map(PQError.endsSession) == true {
                failure.code = .connection
                failure.isTransient = true
                disconnect()
            }
            throw waiter.interruptionError(replacing: failure)
        }
        if !connection.isOK { throw lostOrFailed(connection, doing: "connection lost") }
        return collector.result
    }

    private func lostOrFailed(_ connection: PQConnection, doing what: String) -> ExecutorError {
        let error = PostgresServerError.connectionError(connection, doing: what)
        if !connection.isOK { disconnect() }
        return error
    }
}
