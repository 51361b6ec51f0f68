import PostgresLibPQ
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
    mutating func add(_ result: PQResult) {
        let status = result.status
        if columns == nil, result.columnCount > 0 || status == .tuplesOK {
            let count = result.columnCount
            columns = (0..<count).map { result.columnName($0) }
            types = (0..<count).map { result.columnType($0) }
        }
        for row in 0..<result.rowCount {
            returnedRows += 1
            if rows.count < maximumRows { rows.append(decodeRow(result, row)) }
        }
        if status == .tuplesOK || status == .commandOK {
            if let tag = result.commandTag { command = tag }
            if let n = result.affectedRows { affected = n }
        }
    }

    private func decodeRow(_ result: PQResult, _ row: Int32) -> [Value] {
        (0..<Int32(types.count)).map { column in
            guard let text = result.text(row, column) else { return .null }
            return PostgresValueDecoder.decode(text, type: types[Int(column)])
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
