import RunbookCore

/// One side of a merge-join: rows pulled batch by batch, each key checked to come strictly after the previous.
final class KeyedSide {
    /// "left (sql on pg)".
    let name: String
    private let batches: any RowBatches
    private let key: [String]
    private var check: KeyOrderCheck
    private let redactor: Redactor
    private(set) var layout: KeyedRowLayout?
    /// A sync's stall budget: each fetch gets what is left of it, and each batch fetched renews it.
    var budget: StallBudget?
    private var rows: [[Value]] = []
    private var index = 0
    /// The current row and its key; nil at the end.
    private(set) var current: (key: [Value], row: [Value])?

    init(name: String, batches: any RowBatches, key: [String], isSQL: Bool, redactor: Redactor) {
        self.name = name
        self.batches = batches
        self.key = key
        self.check = KeyOrderCheck(side: name, key: key, isSQL: isSQL)
        self.redactor = redactor
    }

    /// Moves to the next row (or the end).
    func advance() async throws {
        while index >= rows.count {
            guard let batch = try await fetch() else {
                current = nil
                return
            }
            if layout == nil {
                do {
                    layout = try KeyedRowLayout(columns: batch.columns, key: key, side: name)
                } catch {
                    throw StepFailure(redactor.redact(error.message))
                }
            }
            rows = batch.rows
            index = 0
        }
        let row = rows[index]
        index += 1
        let k = layout?.key(of: row) ?? []
        do {
            try check.accept(k)
        } catch {
            throw StepFailure(redactor.redact(error.message))
        }
        current = (k, row)
    }

    private func fetch() async throws -> RowBatch? {
        do {
            let batch = try await batches.next(budget: budget)
            budget?.progressed()
            return batch
        } catch let error as ExecutorError {
            throw StepFailure(error, at: name, redactor: redactor)
        }
    }

    func close() async { await batches.close() }
}
