/// A journal payload whose keys are a list of `JournalKey`s: reading and writing follow the list.
///
/// The list's order is the order the writers use, so a line this version wrote re-encodes to the same bytes.
public protocol JournalKeyedPayload: JournalPayload {
    /// The payload as an event without any of its keys reads.
    init()
    /// The payload's keys, in the writers' order.
    static var keys: [JournalKey<Self>] { get }
}

extension JournalKeyedPayload {
    /// Reads the payload's keys from `fields` (what it does not take stays in `fields.rest`).
    public init(fields: inout JournalFields) {
        self.init()
        for key in Self.keys { key.read(&fields, &self) }
    }

    /// Appends the payload's keys, in the writers' order.
    public func write(to pairs: inout [(key: String, value: Value)]) {
        for key in Self.keys { key.write(self, &pairs) }
    }
}
