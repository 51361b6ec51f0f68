/// One header field of a request or response.
public struct HTTPHeader: Sendable, Equatable {
    /// The field name as written.
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
