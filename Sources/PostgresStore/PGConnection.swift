import CLibPQ
import Foundation

/// A minimal synchronous libpq connection for the run store: `PQexecParams` with bound parameters only.
///
/// Not thread-safe: callers serialize access (`PGLink` does).
final class PGConnection {
    private let conn: OpaquePointer

    /// A bound parameter.
    enum Param {
        /// Text, sent in text format.
        case text(String)
        /// Bytes, sent in binary format (for `bytea`).
        case bytes([UInt8])
        /// SQL NULL.
        case null
    }

    /// A statement's result: rows of text values (NULL as nil) and the affected row count.
    struct Result {
        var rows: [[String?]]
        var affected: Int
    }

    /// Connects; `conninfo` is a libpq URI or keyword string.
    init(conninfo: String, connectTimeout: Int) throws(PGError) {
        // Defaults first: values in the URI (expanded at `dbname`) override them. Keepalives and a TCP user timeout
        // make a silently dropped connection fail within seconds instead of blocking an append forever.
        let keys = [
            "connect_timeout", "application_name", "keepalives_idle", "keepalives_interval", "keepalives_count",
            "tcp_user_timeout", "dbname",
        ]
        let values = [String(connectTimeout), "runbook-state", "5", "2", "3", "15000", conninfo]
        let kc = keys.map { strdup($0) }
        let vc = values.map { strdup($0) }
        defer {
            for p in kc + vc { free(p) }
        }
        var kp: [UnsafePointer<CChar>?] = kc.map { UnsafePointer($0) } + [nil]
        var vp: [UnsafePointer<CChar>?] = vc.map { UnsafePointer($0) } + [nil]
        guard let c = PQconnectdbParams(&kp, &vp, 1) else {
            throw PGError(message: "out of memory", sqlState: nil, connectionLost: true)
        }
        if PQstatus(c) != CONNECTION_OK {
            let message = String(cString: PQerrorMessage(c)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(c)
            throw PGError(message: message, sqlState: nil, connectionLost: true)
        }
        PQsetNoticeProcessor(c, { _, _ in }, nil)
        conn = c
    }

    deinit { PQfinish(conn) }

    /// Whether the connection is still usable.
    var isOK: Bool { PQstatus(conn) == CONNECTION_OK }

    /// Runs one statement with bound parameters.
    @discardableResult
    func exec(_ sql: String, _ params: [Param] = []) throws(PGError) -> Result {
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        for p in params {
            switch p {
            case .text(let s):
                buffers.append(strdup(s))
                lengths.append(0)
                formats.append(0)
            case .bytes(let b):
                let buf = UnsafeMutablePointer<CChar>.allocate(capacity: max(b.count, 1))
                b.withUnsafeBytes { raw in
                    if let base = raw.baseAddress { memcpy(buf, base, b.count) }
                }
                buffers.append(buf)
                lengths.append(Int32(b.count))
                formats.append(1)
            case .null:
                buffers.append(nil)
                lengths.append(0)
                formats.append(0)
            }
        }
        defer {
            for b in buffers { free(b) }
        }
        let values: [UnsafePointer<CChar>?] = buffers.map { $0.map { UnsafePointer($0) } }
        let res = PQexecParams(conn, sql, Int32(params.count), nil, values, lengths, formats, 0)
        defer { PQclear(res) }
        guard let res else { throw error(nil) }
        let status = PQresultStatus(res)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw error(res) }
        var rows: [[String?]] = []
        let n = PQntuples(res)
        let m = PQnfields(res)
        rows.reserveCapacity(Int(n))
        for r in 0..<n {
            var row: [String?] = []
            for c in 0..<m {
                if PQgetisnull(res, r, c) == 1 {
                    row.append(nil)
                } else if let v = PQgetvalue(res, r, c) {
                    row.append(String(cString: v))
                } else {
                    row.append(nil)
                }
            }
            rows.append(row)
        }
        let affected = Int(String(cString: PQcmdTuples(res))) ?? 0
        return Result(rows: rows, affected: affected)
    }

    private func error(_ res: OpaquePointer?) -> PGError {
        var message = String(cString: PQerrorMessage(conn)).trimmingCharacters(in: .whitespacesAndNewlines)
        var state: String?
        if let res {
            if let m = PQresultErrorMessage(res) {
                let text = String(cString: m).trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { message = text }
            }
            if let s = PQresultErrorField(res, Int32(UInt8(ascii: "C"))) { state = String(cString: s) }
        }
        let lost = PQstatus(conn) != CONNECTION_OK || state?.hasPrefix("08") == true || state == "57P01"
        return PGError(message: message, sqlState: state, connectionLost: lost)
    }
}
