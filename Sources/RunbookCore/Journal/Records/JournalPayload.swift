/// The payload of one journal event type: read from the event's `data`, written back to it.
///
/// `write` puts the keys in the order this version's writers use, then `extra` (keys a newer version wrote), so a
/// line this version writes reads back and re-encodes to the same bytes.
public protocol JournalPayload: Sendable, Hashable {
    /// Reads the payload's keys from `fields` (what it does not take stays in `fields.rest`).
    init(fields: inout JournalFields)
    /// Appends the payload's keys, in the writers' order.
    func write(to pairs: inout [(key: String, value: Value)])
    /// Keys this version does not know, in the order they were read.
    var extra: [JournalField] { get set }
}

extension JournalPayload {
    /// Reads a payload from an event's `data`.
    public init(data: Value) {
        var fields = JournalFields(data)
        self.init(fields: &fields)
        extra = fields.rest
    }

    /// The payload as an event's `data`.
    public var data: Value {
        var pairs: [(key: String, value: Value)] = []
        write(to: &pairs)
        for field in extra { pairs.append((field.key, field.value)) }
        return .map(pairs)
    }
}

extension Optional where Wrapped == String {
    /// The string, or `null`.
    var journalValue: Value { map(Value.string) ?? .null }
}

extension Array where Element == String {
    /// The strings as a list value.
    var journalValue: Value { .list(map(Value.string)) }
}
