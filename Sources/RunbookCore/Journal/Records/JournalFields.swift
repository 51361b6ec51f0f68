/// Reads the known keys of a journal event's `data` and keeps every other key, in order, for writing it back.
///
/// A key is taken only when its value has the expected JSON type; a key with an unexpected type stays among the
/// `rest`, so that the record writes it back unchanged instead of a default.
public struct JournalFields: Sendable {
    private var pairs: [(key: String, value: Value)]
    private var taken: [Bool]

    /// The fields of `data` (nothing when it is not a map).
    public init(_ data: Value) {
        if case .map(let pairs) = data { self.pairs = pairs } else { self.pairs = [] }
        taken = Array(repeating: false, count: pairs.count)
    }

    /// Takes `key` when `read` accepts its value.
    public mutating func take<T>(_ key: String, _ read: (Value) -> T?) -> T? {
        guard let index = pairs.indices.first(where: { !taken[$0] && pairs[$0].key == key }),
            let value = read(pairs[index].value)
        else { return nil }
        taken[index] = true
        return value
    }

    /// A string.
    public mutating func string(_ key: String) -> String? {
        take(key) { if case .string(let s) = $0 { s } else { nil } }
    }

    /// A string that the writer records as `null` when absent: `.some(nil)` for `null`.
    public mutating func nullableString(_ key: String) -> String?? {
        take(key) { value -> String?? in
            switch value {
            case .null: .some(nil)
            case .string(let s): .some(s)
            default: nil
            }
        }
    }

    /// An integer.
    public mutating func int(_ key: String) -> Int64? {
        take(key) { if case .int(let n) = $0 { n } else { nil } }
    }

    /// An integer that the writer records as `null` when absent: `.some(nil)` for `null`.
    public mutating func nullableInt(_ key: String) -> Int64?? {
        take(key) { value -> Int64?? in
            switch value {
            case .null: .some(nil)
            case .int(let n): .some(n)
            default: nil
            }
        }
    }

    /// A boolean.
    public mutating func bool(_ key: String) -> Bool? {
        take(key) { if case .bool(let b) = $0 { b } else { nil } }
    }

    /// A list of strings.
    public mutating func strings(_ key: String) -> [String]? {
        take(key) { value -> [String]? in
            guard case .list(let items) = value else { return nil }
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item else { return nil }
                out.append(s)
            }
            return out
        }
    }

    /// A map, as its fields in order.
    public mutating func map(_ key: String) -> [JournalField]? {
        take(key) { if case .map = $0 { JournalField.list($0) } else { nil } }
    }

    /// Any value.
    public mutating func value(_ key: String) -> Value? { take(key) { $0 } }

    /// The keys nobody took, in order.
    public var rest: [JournalField] {
        pairs.indices.filter { !taken[$0] }.map { JournalField(pairs[$0].key, pairs[$0].value) }
    }
}
