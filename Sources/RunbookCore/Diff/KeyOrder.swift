/// The order a keyed merge-join relies on: numbers numerically, text by Unicode code point (byte order of UTF-8,
/// which is PostgreSQL's `COLLATE "C"` and the graph's order), composite keys column by column.
public enum KeyOrder {
    /// -1, 0 or 1 as `a` sorts before, with or after `b`.
    public static func compare(_ a: [Value], _ b: [Value]) -> Int {
        for (x, y) in zip(a, b) {
            let c = compare(x, y)
            if c != 0 { return c }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// -1, 0 or 1 for two single values; values of different types order by type (null first).
    public static func compare(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.int, .double), (.double, .int), (.double, .double):
            let x = a.numeric ?? 0
            let y = b.numeric ?? 0
            return x == y ? 0 : (x < y ? -1 : 1)
        case (.string(let x), .string(let y)):
            if x == y { return 0 }
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.list(let x), .list(let y)): return compare(x, y)
        default:
            let (ra, rb) = (rank(a), rank(b))
            if ra != rb { return ra < rb ? -1 : 1 }
            return a.text == b.text ? 0 : (a.text.utf8.lexicographicallyPrecedes(b.text.utf8) ? -1 : 1)
        }
    }

    private static func rank(_ v: Value) -> Int {
        switch v {
        case .null: return 0
        case .bool: return 1
        case .int, .double: return 2
        case .string: return 3
        case .list: return 4
        case .map: return 5
        }
    }

    /// Whether two row values are the same data: equal values, an integer equal to the same float, or a number
    /// equal to a decimal held as text (PostgreSQL `numeric`); lists element by element.
    public static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.string(let s), .int), (.string(let s), .double), (.int, .string(let s)), (.double, .string(let s)):
            guard let x = Double(s), let y = (a.isString ? b : a).numeric else { return false }
            return x == y
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        default:
            return a == b
        }
    }

    /// The key as one value: the column's value for a single key, a list for a composite key.
    public static func display(_ key: [Value]) -> Value { key.count == 1 ? key[0] : .list(key) }
}

extension Value {
    fileprivate var isString: Bool { if case .string = self { return true } else { return false } }
}
