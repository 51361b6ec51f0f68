/// Malformed PackStream or Bolt framing received from the peer.
public struct PackStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong.
    public enum Kind: Sendable, Hashable {
        /// A marker byte that PackStream does not define.
        case unknownMarker(UInt8)
        /// Values nested deeper than the decoder allows.
        case tooDeep(limit: Int)
        /// A length larger than the decoder allows.
        case oversizedLength(Int)
        /// A string that is not valid UTF-8.
        case invalidUTF8
        /// A map key that is not a string.
        case nonStringKey
        /// A known structure with the wrong number or types of fields.
        case malformedStructure(tag: UInt8)
        /// The message ended inside a value.
        case truncated
        /// Bytes left over after a complete message.
        case trailingBytes(Int)
        /// A message tag Bolt does not define for server responses.
        case unknownMessage(tag: UInt8)
        /// A message larger than the decoder allows.
        case messageTooLarge(Int)
    }

    /// What was wrong.
    public var kind: Kind

    /// Creates an error.
    public init(_ kind: Kind) { self.kind = kind }

    /// A short description.
    public var description: String { "malformed PackStream: \(kind)" }
}
