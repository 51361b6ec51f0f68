/// A completed statement's rows as text (SQL NULL as nil) and its affected-row count.
public struct PQRows: Sendable {
    /// Rows of text-format cells.
    public var rows: [[String?]]
    /// The count of `PQcmdTuples` (0 when the command reports none).
    public var affected: Int

    /// Creates rows.
    public init(rows: [[String?]], affected: Int) {
        self.rows = rows
        self.affected = affected
    }
}
