/// One key of a journal payload, declared once: how it is read into the payload and written back from it.
///
/// A key read from an event replaces the payload's default only when the event has it with the expected JSON type
/// (see `JournalFields`); the default is what the payload's `init()` sets.
public struct JournalKey<Payload>: Sendable {
    let read: @Sendable (inout JournalFields, inout Payload) -> Void
    let write: @Sendable (Payload, inout [(key: String, value: Value)]) -> Void

    /// A key whose value `take` reads and `encode` writes.
    static func field<T>(
        _ key: String,
        _ path: any WritableKeyPath<Payload, T> & Sendable,
        take: @escaping @Sendable (inout JournalFields, String) -> T?,
        encode: @escaping @Sendable (T) -> Value
    ) -> Self {
        Self(
            read: { fields, payload in if let value = take(&fields, key) { payload[keyPath: path] = value } },
            write: { payload, pairs in pairs.append((key, encode(payload[keyPath: path]))) }
        )
    }

    /// A string.
    public static func string(_ key: String, _ path: any WritableKeyPath<Payload, String> & Sendable) -> Self {
        field(key, path, take: { $0.string($1) }, encode: Value.string)
    }

    /// A string written as `null` when absent.
    public static func nullableString(_ key: String, _ path: any WritableKeyPath<Payload, String?> & Sendable) -> Self {
        field(key, path, take: { $0.nullableString($1) }, encode: \.journalValue)
    }

    /// An integer.
    public static func int(_ key: String, _ path: any WritableKeyPath<Payload, Int64> & Sendable) -> Self {
        field(key, path, take: { $0.int($1) }, encode: Value.int)
    }

    /// An integer written as `null` when absent.
    public static func nullableInt(_ key: String, _ path: any WritableKeyPath<Payload, Int64?> & Sendable) -> Self {
        field(key, path, take: { $0.nullableInt($1) }, encode: { $0.map(Value.int) ?? .null })
    }

    /// A step attempt, from 1 (written as an integer).
    public static func attempt(_ key: String, _ path: any WritableKeyPath<Payload, Int> & Sendable) -> Self {
        field(key, path, take: { $0.int($1).map { Int(clamping: $0) } }, encode: { .int(Int64($0)) })
    }

    /// A boolean.
    public static func bool(_ key: String, _ path: any WritableKeyPath<Payload, Bool> & Sendable) -> Self {
        field(key, path, take: { $0.bool($1) }, encode: Value.bool)
    }

    /// A list of strings.
    public static func strings(_ key: String, _ path: any WritableKeyPath<Payload, [String]> & Sendable) -> Self {
        field(key, path, take: { $0.strings($1) }, encode: \.journalValue)
    }

    /// A list of strings, left out when absent.
    public static func optionalStrings(
        _ key: String,
        _ path: any WritableKeyPath<Payload, [String]?> & Sendable
    ) -> Self {
        Self(
            read: { fields, payload in payload[keyPath: path] = fields.strings(key) },
            write: { payload, pairs in
                if let list = payload[keyPath: path] { pairs.append((key, list.journalValue)) }
            }
        )
    }

    /// A map, as its fields in order.
    public static func map(_ key: String, _ path: any WritableKeyPath<Payload, [JournalField]> & Sendable) -> Self {
        field(key, path, take: { $0.map($1) }, encode: JournalField.map)
    }

    /// Any value.
    public static func value(_ key: String, _ path: any WritableKeyPath<Payload, Value> & Sendable) -> Self {
        field(key, path, take: { $0.value($1) }, encode: { $0 })
    }
}
