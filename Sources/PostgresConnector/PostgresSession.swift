import CLibPQ
import RunbookCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one libpq connection.
///
/// Not thread-safe: `PostgresConnection` confines it behind a lock and only touches
/// it from thread-pool threads, because every call here may block.
final class PostgresSession {
    /// How long to wait for the server to act on a cancel request before dropping the connection.
    static let cancelGrace: Duration = .seconds(5)

    private let dsn: String
    private let description: String
    private var connection: OpaquePointer?
    /// Whether this session was switched to `default_transaction_read_only = on` (undone with `RESET`, which
    /// restores what the DSN, role or database set at connection time).
    private var forcedReadOnly = false
    /// Sees FATAL messages that arrive while idle; outlives every connection it is installed on.
    private let notices = PostgresNoticeWatcher()

    init(dsn: String, description: String) {
        self.dsn = dsn
        self.description = description
    }

    deinit { disconnect() }

    /// Closes the connection (it is reopened by the next `run`).
    func disconnect() {
        if let connection { PQfinish(connection) }
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
        let connection: OpaquePointer
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
        guard let connection, PQstatus(connection) == CONNECTION_OK else { return }
        let status = PQtransactionStatus(connection)
        guard status == PQTRANS_INTRANS || status == PQTRANS_INERROR else { return }
        PQclear(PQexec(connection, "ROLLBACK"))
    }

    // MARK: - Connecting

    private func connected(readOnly: Bool, timeLimit: Duration?) throws(ExecutorError) -> OpaquePointer {
        if let connection, !isHealthy(connection) { disconnect() }
        let connection: OpaquePointer
        if let existing = self.connection {
            connection = existing
        } else {
            connection = try connect(timeLimit: timeLimit)
            self.connection = connection
        }
        if forcedReadOnly != readOnly {
            let sql = readOnly ? "SET default_transaction_read_only = on" : "RESET default_transaction_read_only"
            let result = PQexec(connection, sql)
            defer { PQclear(result) }
            guard let result, PQresultStatus(result) == PGRES_COMMAND_OK else {
                let error = PostgresServerError.connectionError(connection, doing: "could not set the session mode")
                disconnect()
                throw error
            }
            forcedReadOnly = readOnly
        }
        return connection
    }

    /// Whether an idle connection is still usable: reads whatever the server sent while idle (a termination
    /// notice, a closed socket) without blocking, then asks libpq for the status.
    private func isHealthy(_ connection: OpaquePointer) -> Bool {
        guard PQstatus(connection) == CONNECTION_OK else { return false }
        let socket = PQsocket(connection)
        guard socket >= 0 else { return false }
        // A terminated backend sends a FATAL error (seen by the notice watcher), then closes the socket.
        for _ in 0..<4 {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else { break }
            if PQconsumeInput(connection) == 0 { return false }
            _ = PQisBusy(connection)  // parses what was read, handing an idle-time error to the notice watcher
        }
        return PQstatus(connection) == CONNECTION_OK && !notices.sessionEnded
    }

    private func connect(timeLimit: Duration?) throws(ExecutorError) -> OpaquePointer {
        let options = try PostgresConnectOptions(dsn: dsn, description: description, timeLimit: timeLimit)
        guard let connection = options.connect() else {
            throw ExecutorError(code: .connection, message: "libpq could not allocate a connection", isTransient: true)
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = options.scrub(PostgresServerError.libpqMessage(connection))
            PQfinish(connection)
            throw ExecutorError(
                code: .connection,
                message: "could not connect to \(description)",
                detail: message,
                isTransient: true
            )
        }
        notices.reset()
        notices.install(on: connection)
        return connection
    }

    // MARK: - One statement

    private func statement(
        _ sql: String,
        _ parameters: [Value],
        _ request: PostgresRequest,
        _ waiter: inout PostgresWaiter,
        on connection: OpaquePointer
    ) throws(ExecutorError) -> QueryResult {
        var texts: [String?] = []
        for (index, value) in parameters.enumerated() {
            texts.append(try PostgresParameterEncoder.text(for: value, index: index + 1))
        }
        let sent = withOptionalCStrings(texts) { pointers in
            PQsendQueryParams(connection, sql, Int32(texts.count), nil, pointers, nil, nil, 0)
        }
        guard sent == 1 else { throw lostOrFailed(connection, doing: "could not send the query") }
        _ = PQsetSingleRowMode(connection)
        var collector = PostgresResultCollector(maximumRows: request.maximumRows)
        var failure: ExecutorError?
        while true {
            let next: OpaquePointer?
            do throws(ExecutorError) {
                next = try waiter.nextResult(connection)
            } catch {
                disconnect()
                throw error
            }
            guard let result = next else { break }
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE, PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                collector.add(result)
            case PGRES_COPY_IN:
                _ = PQputCopyEnd(connection, "COPY FROM STDIN is not supported in runbook sql steps")
            case PGRES_COPY_OUT:
                drainCopyOut(connection)
                if failure == nil {
                    failure = ExecutorError(code: .server, message: "COPY TO STDOUT is not supported in sql steps")
                }
            default:
                if failure == nil {
                    failure = PostgresServerError.make(result: result, query: sql, connectionLost: false)
                }
            }
        }
        if var failure {
            if PQstatus(connection) != CONNECTION_OK || failure.serverCode.map(Self.endsSession) == true {
                failure.code = .connection
                failure.isTransient = true
                disconnect()
            }
            throw waiter.interruptionError(replacing: failure)
        }
        if PQstatus(connection) != CONNECTION_OK { throw lostOrFailed(connection, doing: "connection lost") }
        return collector.result
    }

    /// SQLSTATEs after which the server closes the session (admin shutdown, crash shutdown, cannot connect now).
    private static func endsSession(_ state: String) -> Bool {
        state == "57P01" || state == "57P02" || state == "57P03" || state.hasPrefix("08")
    }

    private func lostOrFailed(_ connection: OpaquePointer, doing what: String) -> ExecutorError {
        let error = PostgresServerError.connectionError(connection, doing: what)
        if PQstatus(connection) != CONNECTION_OK { disconnect() }
        return error
    }

    private func drainCopyOut(_ connection: OpaquePointer) {
        var buffer: UnsafeMutablePointer<CChar>?
        while PQgetCopyData(connection, &buffer, 0) >= 0 {
            if let buffer { PQfreemem(buffer) }
            buffer = nil
        }
    }
}

/// Calls `body` with C strings for `PQsendQueryParams`: nil entries stay NULL (SQL NULL).
private func withOptionalCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let owned = strings.map { $0.flatMap { strdup($0) } }
    defer { for pointer in owned { free(pointer) } }
    return body(owned.map { $0.map { UnsafePointer($0) } })
}
