/// Checks that one side of a merge-join really arrives in key order, strictly (no key twice).
///
/// A merge-join over two different orders reports garbage without noticing, so every key is checked against
/// the previous one and the first violation stops the diff.
public struct KeyOrderCheck: Sendable {
    /// How the side is named in messages ("left (sql on pg)").
    public let side: String
    /// The key column names (for the suggested fix).
    public let key: [String]
    /// Whether the side is SQL (the fix names `COLLATE "C"`).
    public let isSQL: Bool
    private var previous: [Value]?

    /// Creates a check for one side.
    public init(side: String, key: [String], isSQL: Bool) {
        self.side = side
        self.key = key
        self.isSQL = isSQL
    }

    /// Accepts the next key or explains why the side cannot be merge-joined.
    public mutating func accept(_ key: [Value]) throws(KeyedDiffError) {
        defer { previous = key }
        guard let previous else { return }
        let order = KeyOrder.compare(previous, key)
        if order < 0 { return }
        let a = KeyOrder.display(previous).text
        let b = KeyOrder.display(key).text
        if order == 0 {
            throw KeyedDiffError("\(side) returned key \(b) twice: the key columns must identify one row")
        }
        let columns = self.key.joined(separator: ", ")
        let fix =
            isSQL
            ? "order the SQL by the key in code-point order: ORDER BY "
                + self.key.map { "\($0) COLLATE \"C\"" }.joined(separator: ", ")
                + " (text sorts by the column's collation otherwise, e.g. en_US or ICU)"
            : "order the Cypher by the key: ORDER BY \(columns)"
        throw KeyedDiffError(
            "\(side) is not in key order: key \(b) came after \(a); a merge-join needs both sides ordered the same way: \(fix)"
        )
    }
}
