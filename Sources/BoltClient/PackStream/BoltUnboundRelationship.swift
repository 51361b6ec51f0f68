/// A relationship inside a path, without its end nodes (the path's indices give them).
public struct BoltUnboundRelationship: Sendable, Hashable {
    /// The legacy numeric id.
    public var id: Int64
    /// The relationship type.
    public var type: String
    /// The relationship's properties.
    public var properties: BoltMap
    /// The element id (Bolt 5).
    public var elementID: String?

    /// Creates an unbound relationship.
    public init(id: Int64, type: String, properties: BoltMap, elementID: String? = nil) {
        self.id = id
        self.type = type
        self.properties = properties
        self.elementID = elementID
    }
}
