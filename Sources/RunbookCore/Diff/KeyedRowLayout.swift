/// Where the key and value columns of one side's rows are.
public struct KeyedRowLayout: Sendable, Hashable {
    /// The side's column names.
    public let columns: [String]
    /// The key columns' positions, in key order.
    public let keyIndices: [Int]
    /// The other columns' positions, in column order: the values compared for `changed`.
    public let valueIndices: [Int]

    /// Finds the key columns among `columns`; the message names the missing ones.
    public init(columns: [String], key: [String], side: String) throws(KeyedDiffError) {
        var indices: [Int] = []
        for name in key {
            guard let i = columns.firstIndex(of: name) else {
                throw KeyedDiffError(
                    "\(side) has no key column '\(name)' (columns: \(columns.joined(separator: ", ")))"
                )
            }
            indices.append(i)
        }
        self.columns = columns
        self.keyIndices = indices
        self.valueIndices = columns.indices.filter { !indices.contains($0) }
    }

    /// The row's key.
    public func key(of row: [Value]) -> [Value] { keyIndices.map { $0 < row.count ? row[$0] : .null } }

    /// The row's value columns.
    public func values(of row: [Value]) -> [Value] { valueIndices.map { $0 < row.count ? row[$0] : .null } }

    /// The row as a map of column name to value.
    public func map(of row: [Value]) -> Value {
        .map(zip(columns, row).map { (key: $0.0, value: $0.1) })
    }

    /// The row's key columns as a map.
    public func keyMap(of row: [Value]) -> Value {
        .map(keyIndices.map { (key: columns[$0], value: $0 < row.count ? row[$0] : .null) })
    }
}

/// A keyed diff that cannot give a correct answer (missing key column, unsorted side, duplicate key).
public struct KeyedDiffError: Error, Sendable, Hashable {
    /// What is wrong and how to fix it.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }
}
