/// A PackStream map that keeps its keys in the order they were written or received.
///
/// Order matters on the wire for some servers (FalkorDB reads the LOGON token's `scheme` first and
/// takes the graph name from the first key of RUN's extra), so maps are ordered. Equality and hashing
/// ignore order. A repeated key is kept as received; lookups return the last occurrence.
public struct BoltMap: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One key and its value.
    public struct Entry: Sendable, Hashable {
        /// The key.
        public var key: String
        /// The value.
        public var value: BoltValue
    }

    /// The entries in order.
    public private(set) var entries: [Entry]

    /// Creates an empty map.
    public init() { entries = [] }

    /// Creates a map from ordered pairs.
    public init(_ pairs: [(String, BoltValue)]) {
        entries = pairs.map { Entry(key: $0.0, value: $0.1) }
    }

    /// Creates a map from a dictionary, keys sorted for a deterministic encoding.
    public init(_ dictionary: [String: BoltValue]) {
        entries = dictionary.sorted { $0.key < $1.key }.map { Entry(key: $0.key, value: $0.value) }
    }

    /// Creates a map from a literal, keeping its order.
    public init(dictionaryLiteral elements: (String, BoltValue)...) {
        self.init(elements)
    }

    /// The number of entries.
    public var count: Int { entries.count }

    /// Whether the map is empty.
    public var isEmpty: Bool { entries.isEmpty }

    /// The keys in order.
    public var keys: [String] { entries.map(\.key) }

    /// The value for `key` (last occurrence); setting `nil` removes it, a new key is appended.
    public subscript(key: String) -> BoltValue? {
        get { entries.last { $0.key == key }?.value }
        set {
            if let newValue {
                if let i = entries.lastIndex(where: { $0.key == key }) {
                    entries[i].value = newValue
                } else {
                    entries.append(Entry(key: key, value: newValue))
                }
            } else {
                entries.removeAll { $0.key == key }
            }
        }
    }

    /// Appends an entry without checking for an existing key (decoding).
    mutating func append(_ key: String, _ value: BoltValue) {
        entries.append(Entry(key: key, value: value))
    }

    /// Reserves room for `n` entries.
    mutating func reserveCapacity(_ n: Int) { entries.reserveCapacity(n) }

    /// The entries as a dictionary (a repeated key keeps its last value).
    public var dictionary: [String: BoltValue] {
        Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// Iterates the entries in order.
    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }

    /// Equal when both have the same keys with equal values, in any order.
    public static func == (a: BoltMap, b: BoltMap) -> Bool { a.dictionary == b.dictionary }

    /// Hashes the keys and values independently of order.
    public func hash(into hasher: inout Hasher) { hasher.combine(dictionary) }
}
