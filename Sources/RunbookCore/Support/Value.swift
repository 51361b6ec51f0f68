/// A runtime value of the expression language, a step output, a parameter or a query result cell.
public enum Value: Hashable, Sendable {
    /// SQL NULL, Cypher null, an absent JSON field.
    case null
    /// A boolean.
    case bool(Bool)
    /// A 64-bit signed integer.
    case int(Int64)
    /// A double-precision float.
    case double(Double)
    /// A string.
    case string(String)
    /// An ordered list.
    case list([Value])
    /// A map with its keys in insertion order.
    case map([(key: String, value: Value)])

    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)): return a == b
        case (.map(let a), .map(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .int(let i): hasher.combine(Double(i))
        case .double(let d): hasher.combine(d)
        case .string(let s): hasher.combine(s)
        case .list(let l): hasher.combine(l)
        case .map(let m):
            for (k, v) in m {
                hasher.combine(k)
                hasher.combine(v)
            }
        }
    }

    /// The value's type.
    public var type: ValueType {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .int: return .int
        case .double: return .float
        case .string: return .string
        case .list: return .list
        case .map: return .map
        }
    }

    /// The value as text, as it is rendered into a template or compared with `matches`.
    ///
    /// Strings render bare; lists and maps render as JSON; integral doubles keep no fraction.
    public var text: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return Value.format(d)
        case .string(let s): return s
        case .list, .map: return JSONWriter.string(self)
        }
    }

    /// A number as a Double, if the value is numeric (or a string holding a number).
    public var numeric: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let s): return Double(s.trimmingSpaces())
        case .bool, .null, .list, .map: return nil
        }
    }

    /// The value for a key of a map, or `nil`.
    public subscript(key: String) -> Value? {
        guard case .map(let pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    /// Whether the value counts as true in `when:` conditions.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .string(let s): return !s.isEmpty && s != "false"
        case .list(let l): return !l.isEmpty
        case .map(let m): return !m.isEmpty
        }
    }

    /// Formats a double without a trailing `.0` when it is integral.
    public static func format(_ d: Double) -> String {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }
}

/// The static type of a value or expression.
public enum ValueType: String, Hashable, Sendable, CustomStringConvertible {
    /// Unknown until run time (captures, env).
    case any
    /// null.
    case null
    /// bool.
    case bool
    /// int.
    case int
    /// float.
    case float
    /// string.
    case string
    /// list.
    case list
    /// map.
    case map
    /// A duration such as `10m`.
    case duration

    public var description: String { rawValue }

    /// Whether values of this type can be used as numbers.
    public var isNumeric: Bool { self == .int || self == .float || self == .any }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and newlines.
    public func trimmingSpaces() -> String {
        let scalars = String(self).unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" }
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}
