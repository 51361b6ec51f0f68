import CLibPQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One open libpq connection (`PGconn`): connect with options, run statements with bound parameters (blocking with
/// `exec`, or sent and collected result by result), errors with SQLSTATE, cancel; closed when released.
///
/// Not thread-safe and every call may block: owners confine it (the SQL connector behind a lock on thread-pool
/// threads, the run store behind its link's lock). Notices are dropped instead of printed to stderr; a FATAL or
/// PANIC message that arrives while idle marks the session as ended.
public final class PQConnection {
    private let handle: OpaquePointer
    /// Whether a FATAL or PANIC message arrived (the server is closing the session).
    public private(set) var sessionEnded = false

    /// Connects with `PQconnectdbParams` and `expand_dbname = 1`, so a `dbname` value that is a URI or a conninfo
    /// string is parsed by libpq as `psql` would; later keywords override earlier ones.
    ///
    /// - Throws: `PQError` with libpq's message (it may quote the connection string: callers scrub passwords).
    public init(keywords: [String], values: [String]) throws(PQError) {
        let connection = withCStrings(keywords) { keys in
            withCStrings(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let connection else {
            throw PQError(message: "libpq could not allocate a connection", connectionLost: true)
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.message(connection)
            PQfinish(connection)
            throw PQError(message: message, connectionLost: true)
        }
        handle = connection
        installNoticeReceiver()
    }

    deinit { PQfinish(handle) }

    /// The keywords a connection string (URI or conninfo) sets explicitly, parsed by libpq (`PQconninfoParse`).
    ///
    /// - Returns: nil when libpq cannot parse it (its message is withheld: it may quote the string).
    public static func parseOptions(_ conninfo: String) -> [String: String]? {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &error) else {
            if let error { PQfreemem(error) }
            return nil
        }
        defer { PQconninfoFree(options) }
        var explicit: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { explicit[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return explicit
    }

    // MARK: - State

    /// Whether libpq considers the connection usable.
    public var isOK: Bool { PQstatus(handle) == CONNECTION_OK && !sessionEnded }

    /// Whether an idle connection is still usable: reads whatever the server sent while idle (a termination
    /// notice, a closed socket) without blocking, then asks libpq for the status.
    public func isHealthy() -> Bool {
        guard PQstatus(handle) == CONNECTION_OK else { return false }
        let socket = PQsocket(handle)
        guard socket >= 0 else { return false }
        // A terminated backend sends a FATAL error (seen by the notice receiver), then closes the socket.
        for _ in 0..<4 {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else { break }
            if PQconsumeInput(handle) == 0 { return false }
            _ = PQisBusy(handle)  // parses what was read, handing an idle-time error to the notice receiver
        }
        return isOK
    }

    /// Whether a transaction is open (also when it failed and awaits `ROLLBACK`).
    public var inTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// libpq's current error message, trimmed (empty when there is none).
    public var errorMessage: String { Self.message(handle) }

    // MARK: - Blocking statements

    /// Runs one statement with bound parameters and waits for it.
    ///
    /// - Throws: `PQError` with the server's message and SQLSTATE; `connectionLost` when the connection is gone
    ///   or the SQLSTATE ends the session.
    @discardableResult
    public func exec(_ sql: String, _ params: [PQParam] = []) throws(PQError) -> PQRows {
        let raw = withParameters(params) { count, values, lengths, formats in
            PQexecParams(handle, sql, count, nil, values, lengths, formats, 0)
        }
        guard let raw else { throw error(nil) }
        let result = PQResult(raw)
        guard result.succeeded else { throw error(result) }
        return PQRows(rows: result.rows, affected: Int(result.affectedRows ?? 0))
    }

    /// The error of a failed result (or of a call that produced none).
    public func error(_ result: PQResult?) -> PQError {
        var message = errorMessage
        let state = result?.errorField("C")
        if let text = result?.errorMessage { message = text }
        let lost = PQstatus(handle) != CONNECTION_OK || sessionEnded || state.map(PQError.endsSession) == true
        return PQError(message: message, sqlState: state, connectionLost: lost)
    }

    // MARK: - Sent statements, collected result by result

    /// Sends one statement with bound parameters without waiting; `singleRow` asks for one result per row.
    ///
    /// - Returns: Whether it was sent (if not, `errorMessage` says why).
    public func send(_ sql: String, _ params: [PQParam], singleRow: Bool) -> Bool {
        let sent = withParameters(params) { count, values, lengths, formats in
            PQsendQueryParams(handle, sql, count, nil, values, lengths, formats, 0)
        }
        guard sent == 1 else { return false }
        if singleRow { _ = PQsetSingleRowMode(handle) }
        return true
    }

    /// Whether the next result still waits for input from the server.
    public var isBusy: Bool { PQisBusy(handle) != 0 }

    /// Waits up to `milliseconds` for the socket to become readable, then reads what arrived.
    ///
    /// - Returns: false when the connection has no socket or reading failed.
    public func awaitInput(milliseconds: Int32) -> Bool {
        let socket = PQsocket(handle)
        guard socket >= 0 else { return false }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, milliseconds)
        return PQconsumeInput(handle) != 0
    }

    /// The next result of the sent statement (nil when it is complete); blocks if `isBusy`.
    public func nextResult() -> PQResult? { PQgetResult(handle).map(PQResult.init) }

    /// Asks the server to cancel the running statement (over a separate connection); the statement then ends with
    /// SQLSTATE 57014.
    public func cancel() {
        guard let cancel = PQgetCancel(handle) else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &buffer, Int32(buffer.count))
        PQfreeCancel(cancel)
    }

    /// Refuses a `COPY FROM STDIN` the server waits for, with `reason`.
    public func refuseCopyIn(_ reason: String) { _ = PQputCopyEnd(handle, reason) }

    /// Reads and discards the data of a `COPY TO STDOUT`.
    public func drainCopyOut() {
        var buffer: UnsafeMutablePointer<CChar>?
        while PQgetCopyData(handle, &buffer, 0) >= 0 {
            if let buffer { PQfreemem(buffer) }
            buffer = nil
        }
    }

    // MARK: - Private

    private func installNoticeReceiver() {
        PQsetNoticeReceiver(
            handle,
            { context, result in
                guard let context, let result else { return }
                guard let severity = PQresultErrorField(result, Int32(UInt8(ascii: "V"))) else { return }
                let text = String(cString: severity)
                if text == "FATAL" || text == "PANIC" {
                    Unmanaged<PQConnection>.fromOpaque(context).takeUnretainedValue().sessionEnded = true
                }
            },
            Unmanaged.passUnretained(self).toOpaque()
        )
    }

    private static func message(_ connection: OpaquePointer) -> String {
        guard let message = PQerrorMessage(connection) else { return "" }
        return trimmed(String(cString: message))
    }
}

/// Calls `body` with the count, values, lengths and formats arrays `PQexecParams` takes: text parameters in text
/// format, bytes in binary format, nil values for SQL NULL.
private func withParameters<R>(
    _ params: [PQParam],
    _ body: (Int32, [UnsafePointer<CChar>?], [Int32], [Int32]) -> R
) -> R {
    var buffers: [UnsafeMutablePointer<CChar>?] = []
    var lengths: [Int32] = []
    var formats: [Int32] = []
    for param in params {
        switch param {
        case .text(let text):
            buffers.append(strdup(text))
            lengths.append(0)
            formats.append(0)
        case .bytes(let bytes):
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress { memcpy(buffer, base, bytes.count) }
            }
            buffers.append(buffer)
            lengths.append(Int32(bytes.count))
            formats.append(1)
        case .null:
            buffers.append(nil)
            lengths.append(0)
            formats.append(0)
        }
    }
    defer {
        for (param, buffer) in zip(params, buffers) {
            if case .bytes = param { buffer?.deallocate() } else { free(buffer) }
        }
    }
    return body(Int32(params.count), buffers.map { $0.map { UnsafePointer($0) } }, lengths, formats)
}

/// Calls `body` with a NULL-terminated array of C strings.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let owned = strings.map { strdup($0) }
    defer { for pointer in owned { free(pointer) } }
    return body(owned.map { $0.map { UnsafePointer($0) } } + [nil])
}
