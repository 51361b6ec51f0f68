/// A relationship with the ids of its start and end nodes.
public struct BoltRelationship: Sendable, Hashable {
    /// The legacy numeric id.
    public var id: Int64
    /// The start node's legacy id.
    public var startNodeID: Int64
    /// The end node's legacy id.
    public var endNodeID: Int64
    /// The relationship type.
    public var type: String
    /// The relationship's properties.
    public var properties: BoltMap
    /// The element id (Bolt 5).
    public var elementID: String?
    /// The start node's element id (Bolt 5).
    public var startNodeElementID: String?
    /// The end node's element id (Bolt 5).
    public var endNodeElementID: String?

    /// Creates a relationship.
    public init(
        id: Int64,
        startNodeID: Int64,
        endNodeID: Int64,
        type: String,
        properties: BoltMap,
        elementID: String? = nil,
        startNodeElementID: String? = nil,
        endNodeElementID: String? = nil
    ) {
        self.id = id
        self.startNodeID = startNodeID
        self.endNodeID = endNodeID
        self.type = type
        self.properties = properties
        self.elementID = elementID
        self.startNodeElementID = startNodeElementID
        self.endNodeElementID = endNodeElementID
    }
}
