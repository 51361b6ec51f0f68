/// One event of a run's journal: one line of `journal.jsonl`.
///
/// Encoded as one compact JSON line, keys always in this order:
///
/// ```
/// {"v":1,"seq":0,"time":"2026-11-25T15:34:49.123Z","prev":"000…0","type":"run.started","data":{…}}
/// ```
public struct JournalEvent: Hashable, Sendable {
    /// The journal format version this runbook writes and the newest it reads.
    public static let currentVersion = 1

    /// The `prev` of the first event: 64 zeros.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The journal format version of this line (`v`).
    public var version: Int
    /// The 0-based position of the event in the journal; contiguous.
    public var seq: Int
    /// When it happened: RFC 3339 UTC with milliseconds, for example `2026-11-25T15:34:49.123Z`.
    public var time: String
    /// Lowercase hex SHA-256 of the previous line's exact bytes (without its newline);
    /// `genesisHash` for seq 0.
    public var prev: String
    /// The event type, for example `step.started` (see `JournalEventType`); unknown types are kept as is.
    public var type: String
    /// The event's payload, always a map.
    public var data: Value

    /// Creates an event.
    ///
    /// `data` is normalized so that the line it encodes to always reads back as the same event:
    /// `.null` becomes `{}`, any other non-map value `v` becomes `{"value": v}`, non-finite doubles
    /// become `null`, keys repeated within one map get a suffix (`key (2)`), and containers nested
    /// deeper than the parser accepts are stored as their JSON text.
    public init(
        version: Int = JournalEvent.currentVersion,
        seq: Int,
        time: String,
        prev: String,
        type: String,
        data: Value
    ) {
        self.version = version
        self.seq = seq
        self.time = time
        self.prev = prev
        self.type = type
        switch data {
        case .map: self.data = JournalEvent.normalized(data, depth: 2)
        case .null: self.data = .map([])
        default: self.data = .map([(key: "value", value: JournalEvent.normalized(data, depth: 3))])
        }
    }

    /// The event as one compact JSON line, without the trailing newline.
    public var line: String {
        JSONWriter.string(
            .map([
                (key: "v", value: .int(Int64(version))),
                (key: "seq", value: .int(Int64(seq))),
                (key: "time", value: .string(time)),
                (key: "prev", value: .string(prev)),
                (key: "type", value: .string(type)),
                (key: "data", value: data),
            ])
        )
    }

    /// The lowercase hex SHA-256 of `line` (what the next event's `prev` must be).
    public var hash: String { SHA256.hex(of: line) }

    /// Decodes one journal line (without its newline).
    ///
    /// Keys may come in any order and unknown keys are ignored. A `v` above `currentVersion` is
    /// reported as `.newerVersion` before anything else is checked.
    public init(decoding line: String) throws(JournalProblem.Reason) {
        self = try JournalEvent.decode(Array(line.utf8))
    }

    /// Decodes one journal line given as UTF-8 bytes (without its newline).
    static func decode(_ bytes: some Collection<UInt8>) throws(JournalProblem.Reason) -> JournalEvent {
        let value: Value
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw .unparsable(error)
        }
        guard case .map = value else { throw .notAnObject }
        let version = try integer("v", in: value)
        if version > currentVersion { throw .newerVersion(version) }
        if version < 1 { throw .unsupportedVersion(version) }
        let seq = try integer("seq", in: value)
        guard seq >= 0 else { throw .invalidField("seq", expected: "a non-negative integer") }
        let time = try string("time", in: value)
        let prev = try string("prev", in: value)
        let type = try string("type", in: value)
        guard !type.isEmpty else { throw .invalidField("type", expected: "a non-empty string") }
        guard let data = value["data"] else { throw .missingField("data") }
        guard case .map = data else { throw .invalidField("data", expected: "an object") }
        var event = JournalEvent(version: version, seq: seq, time: time, prev: prev, type: type, data: .map([]))
        event.data = data
        return event
    }

    private static func integer(_ key: String, in object: Value) throws(JournalProblem.Reason) -> Int {
        guard let field = object[key] else { throw .missingField(key) }
        guard case .int(let n) = field, let int = Int(exactly: n) else {
            throw .invalidField(key, expected: "an integer")
        }
        return int
    }

    private static func string(_ key: String, in object: Value) throws(JournalProblem.Reason) -> String {
        guard let field = object[key] else { throw .missingField(key) }
        guard case .string(let s) = field else { throw .invalidField(key, expected: "a string") }
        return s
    }

    /// Makes `value` encode to JSON that `JSONParser` reads back as an equal value.
    ///
    /// `depth` is the nesting level `value` will have in the line (the line's object is level 1).
    private static func normalized(_ value: Value, depth: Int) -> Value {
        switch value {
        case .double(let d) where !d.isFinite:
            return .null
        case .null, .bool, .int, .double, .string:
            return value
        case .list, .map:
            break
        }
        if depth > JSONParser.maximumDepth - 8 { return .string(JSONWriter.string(value)) }
        switch value {
        case .list(let items):
            return .list(items.map { normalized($0, depth: depth + 1) })
        case .map(let pairs):
            var seen = Set<String>()
            var out: [(key: String, value: Value)] = []
            out.reserveCapacity(pairs.count)
            for pair in pairs {
                var key = pair.key
                if seen.contains(key) {
                    var n = 2
                    while seen.contains("\(pair.key) (\(n))") { n += 1 }
                    key = "\(pair.key) (\(n))"
                }
                seen.insert(key)
                out.append((key: key, value: normalized(pair.value, depth: depth + 1)))
            }
            return .map(out)
        default:
            return value
        }
    }
}
