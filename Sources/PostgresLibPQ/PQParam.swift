/// A bound statement parameter (`$1`, `$2`, …); values never become SQL text.
public enum PQParam: Sendable, Equatable {
    /// Text, sent in text format (the server parses it as the parameter's type).
    case text(String)
    /// Bytes, sent in binary format (for `bytea`).
    case bytes([UInt8])
    /// SQL NULL.
    case null
}
