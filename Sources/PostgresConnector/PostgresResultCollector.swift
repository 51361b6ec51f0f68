import CLibPQ
import RunbookCore

/// Accumulates the results of one statement in single-row mode, keeping at most `maximumRows` rows.
struct PostgresResultCollector {
    let maximumRows: Int
    private var columns: [String]?
    private var types: [UInt32] = []
    private var rows: [[Value]] = []
    private var returnedRows = 0
    private var command: String?
    private var affected: Int64?

    init(maximumRows: Int) {
        self.maximumRows = max(0, maximumRows)
    }

    /// Takes a `PGRES_SINGLE_TUPLE`, `PGRES_TUPLES_OK`, `PGRES_COMMAND_OK` or `PGRES_EMPTY_QUERY` result.
    mutating func add(_ result: OpaquePointer) {
        if columns == nil, PQnfields(result) > 0 || PQresultStatus(result) == PGRES_TUPLES_OK {
            let count = PQnfields(result)
            columns = (0..<count).map { String(cString: PQfname(result, $0)) }
            types = (0..<count).map { PQftype(result, $0) }
        }
        let tuples = PQntuples(result)
        for row in 0..<tuples {
            returnedRows += 1
            if rows.count < maximumRows { rows.append(decodeRow(result, row)) }
        }
        let status = PQresultStatus(result)
        if status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK {
            if let tag = PQcmdStatus(result).map({ String(cString: $0) }), !tag.isEmpty { command = tag }
            if let text = PQcmdTuples(result).map({ String(cString: $0) }), let n = Int64(text) { affected = n }
        }
    }

    private func decodeRow(_ result: OpaquePointer, _ row: Int32) -> [Value] {
        (0..<Int32(types.count)).map { column in
            if PQgetisnull(result, row, column) != 0 { return .null }
            let length = Int(PQgetlength(result, row, column))
            let text = PQgetvalue(result, row, column).map { pointer in
                pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
                    String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                }
            }
            return PostgresValueDecoder.decode(text ?? "", type: types[Int(column)])
        }
    }

    /// The statement's result: rows kept, rows returned (or affected, for commands), command tag.
    var result: QueryResult {
        var counters: [String: Value] = [:]
        if let command { counters["command"] = .string(command) }
        if let affected { counters["rows_affected"] = .int(affected) }
        let total = columns == nil ? Int(affected ?? 0) : returnedRows
        return QueryResult(columns: columns ?? [], rows: rows, rowCount: total, counters: counters)
    }
}
