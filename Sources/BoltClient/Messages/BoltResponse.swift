/// A message the server sends.
public enum BoltResponse: Sendable, Hashable {
    /// SUCCESS (0x70) with its metadata.
    case success([String: BoltValue])
    /// RECORD (0x71) with one row's values.
    case record([BoltValue])
    /// FAILURE (0x7F): the Neo4j status code and message.
    case failure(code: String, message: String, gqlStatus: String?)
    /// IGNORED (0x7E): the request was skipped because of an earlier failure.
    case ignored

    /// Whether this response ends a request (everything except RECORD).
    public var isSummary: Bool {
        if case .record = self { return false }
        return true
    }
}
