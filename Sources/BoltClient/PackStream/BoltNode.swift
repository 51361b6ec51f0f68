/// A graph node as returned in results.
public struct BoltNode: Sendable, Hashable {
    /// The legacy numeric id.
    public var id: Int64
    /// The node's labels.
    public var labels: [String]
    /// The node's properties.
    public var properties: BoltMap
    /// The element id (Bolt 5; `nil` from 4.4 servers).
    public var elementID: String?

    /// Creates a node.
    public init(id: Int64, labels: [String], properties: BoltMap, elementID: String? = nil) {
        self.id = id
        self.labels = labels
        self.properties = properties
        self.elementID = elementID
    }
}
