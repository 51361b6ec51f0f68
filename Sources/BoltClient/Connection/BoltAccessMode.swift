/// Whether a query or transaction reads only or may write (`mode: "r"` in RUN/BEGIN extra).
public enum BoltAccessMode: Sendable, Hashable {
    /// The default: may write.
    case write
    /// Read-only; Neo4j routes it to a reader and refuses writes.
    case read
}
