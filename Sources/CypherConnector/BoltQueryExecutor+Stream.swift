import BoltClient
import RunbookCore

extension BoltQueryExecutor {
    /// Streams one query's records in batches of `batchSize`: PULL `batchSize` at a time, and the connection reads
    /// no further while `body` is busy, so memory holds about one batch whatever the result's size.
    public func stream(
        _ query: ResolvedQuery,
        options: ExecutionOptions,
        batchSize: Int,
        _ body: @Sendable (_ columns: [String], _ rows: [[RunbookCore.Value]]) async throws -> Void
    ) async throws {
        guard let statement = query.statements.first, query.statements.count == 1 else {
            throw ExecutorError(code: .configuration, message: "a streamed query is one Cypher statement")
        }
        let parameters = try Self.boltParameters(query.parameters)
        let size = max(batchSize, 1)
        do {
            let mode: BoltAccessMode = options.readOnly ? .read : .write
            let connection = try await streamingConnection(mode)
            var columns: [String] = []
            var batch: [[RunbookValue]] = []
            batch.reserveCapacity(size)
            let summary = try await connection.stream(
                statement,
                parameters: parameters,
                database: connection.quirks.sendRunExtra ? database : nil,
                accessMode: mode,
                timeout: options.timeout,
                fetchSize: Int64(size)
            ) { names, record in
                columns = names
                batch.append(record.map(\.runbookValue))
                if batch.count >= size {
                    let full = batch
                    batch.removeAll(keepingCapacity: true)
                    try await body(columns, full)
                }
            }
            if columns.isEmpty { columns = summary.metadata["fields"]?.stringList ?? [] }
            if !batch.isEmpty { try await body(columns, batch) }
        } catch let error as BoltError {
            throw ExecutorError(error)
        }
    }
}
