/// A complete query result.
public struct BoltResult: Sendable, Hashable {
    /// The column names.
    public var columns: [String]
    /// The rows, each with one value per column.
    public var records: [[BoltValue]]
    /// The summary metadata.
    public var summary: BoltSummary

    /// Creates a result.
    public init(columns: [String], records: [[BoltValue]], summary: BoltSummary) {
        self.columns = columns
        self.records = records
        self.summary = summary
    }
}
