import CLibPQ

/// One libpq result (`PGresult`), cleared when released.
public final class PQResult {
    /// What a result reports.
    public enum Status: Sendable {
        /// A command without rows completed.
        case commandOK
        /// A query completed (its rows, or the end of single-row mode).
        case tuplesOK
        /// One row in single-row mode.
        case singleTuple
        /// An empty query string.
        case emptyQuery
        /// The server waits for `COPY FROM STDIN` data.
        case copyIn
        /// The server sends `COPY TO STDOUT` data.
        case copyOut
        /// Anything else: an error result.
        case failed
    }

    let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }

    deinit { PQclear(handle) }

    /// The result's status.
    public var status: Status {
        switch PQresultStatus(handle) {
        case PGRES_COMMAND_OK: .commandOK
        case PGRES_TUPLES_OK: .tuplesOK
        case PGRES_SINGLE_TUPLE: .singleTuple
        case PGRES_EMPTY_QUERY: .emptyQuery
        case PGRES_COPY_IN: .copyIn
        case PGRES_COPY_OUT: .copyOut
        default: .failed
        }
    }

    /// Whether the result completed without error.
    public var succeeded: Bool {
        switch status {
        case .commandOK, .tuplesOK, .singleTuple, .emptyQuery: true
        case .copyIn, .copyOut, .failed: false
        }
    }

    /// The number of rows.
    public var rowCount: Int32 { PQntuples(handle) }

    /// The number of columns.
    public var columnCount: Int32 { PQnfields(handle) }

    /// A column's name.
    public func columnName(_ column: Int32) -> String { String(cString: PQfname(handle, column)) }

    /// A column's type OID.
    public func columnType(_ column: Int32) -> UInt32 { PQftype(handle, column) }

    /// A cell as text (decoded as UTF-8, embedded NULs kept), or nil for SQL NULL.
    public func text(_ row: Int32, _ column: Int32) -> String? {
        if PQgetisnull(handle, row, column) != 0 { return nil }
        let length = Int(PQgetlength(handle, row, column))
        guard let pointer = PQgetvalue(handle, row, column) else { return nil }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// Every row as text cells.
    public var rows: [[String?]] {
        let columns = columnCount
        return (0..<rowCount).map { row in (0..<columns).map { text(row, $0) } }
    }

    /// The command tag (`INSERT 0 1`), nil when empty.
    public var commandTag: String? {
        guard let tag = PQcmdStatus(handle).map({ String(cString: $0) }), !tag.isEmpty else { return nil }
        return tag
    }

    /// The affected or returned row count of the command, nil when it reports none.
    public var affectedRows: Int64? {
        PQcmdTuples(handle).flatMap { Int64(String(cString: $0)) }
    }

    /// An error field (`PG_DIAG_*`, by its one-letter code: `C` SQLSTATE, `M` message, `D` detail, `H` hint,
    /// `P` position, `V` severity, …), nil when absent or empty.
    public func errorField(_ code: Unicode.Scalar) -> String? {
        guard let value = PQresultErrorField(handle, Int32(code.value)) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// The full error message, trimmed; nil when empty.
    public var errorMessage: String? {
        guard let message = PQresultErrorMessage(handle) else { return nil }
        let text = trimmed(String(cString: message))
        return text.isEmpty ? nil : text
    }
}

/// `text` without leading and trailing whitespace and newlines.
func trimmed(_ text: String) -> String {
    let isSpace: (Character) -> Bool = { $0.isWhitespace || $0.isNewline }
    guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(text[first...last])
}
