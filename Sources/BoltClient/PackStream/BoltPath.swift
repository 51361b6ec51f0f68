/// A path: distinct nodes and relationships plus the indices that walk them.
///
/// `indices` alternates relationship and node indices as in the PackStream spec: a positive
/// relationship index `i` means relationship `i - 1` traversed forwards, a negative one backwards.
public struct BoltPath: Sendable, Hashable {
    /// The distinct nodes of the path; the first is the start.
    public var nodes: [BoltNode]
    /// The distinct relationships of the path.
    public var relationships: [BoltUnboundRelationship]
    /// The walk: relationship index, node index, relationship index, and so on.
    public var indices: [Int64]

    /// Creates a path.
    public init(nodes: [BoltNode], relationships: [BoltUnboundRelationship], indices: [Int64]) {
        self.nodes = nodes
        self.relationships = relationships
        self.indices = indices
    }
}
