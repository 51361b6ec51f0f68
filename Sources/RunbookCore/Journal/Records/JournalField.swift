/// One key of a journal event's `data` map, kept with its value and in its place.
public struct JournalField: Hashable, Sendable {
    /// The key.
    public var key: String
    /// The value.
    public var value: Value

    /// A field.
    public init(_ key: String, _ value: Value) {
        self.key = key
        self.value = value
    }

    /// The fields of a map value, in order (none for any other value).
    public static func list(_ map: Value?) -> [JournalField] {
        guard case .map(let pairs)? = map else { return [] }
        return pairs.map { JournalField($0.key, $0.value) }
    }

    /// The fields as a map value, in order.
    public static func map(_ fields: [JournalField]) -> Value { .map(fields.map { (key: $0.key, value: $0.value) }) }

    /// The fields as a dictionary (a repeated key keeps its last value).
    public static func dictionary(_ fields: [JournalField]) -> [String: Value] {
        var out: [String: Value] = [:]
        for field in fields { out[field.key] = field.value }
        return out
    }
}
