/// A PackStream value as carried by Bolt 5.
///
/// Maps are ``BoltMap``s, which keep key order (see there why). Structures this library does not know (and the
/// Bolt 4 legacy date-time structures 0x46/0x66) decode as ``structure(tag:fields:)``.
public enum BoltValue: Sendable, Hashable {
    /// PackStream `Null`.
    case null
    /// PackStream `Boolean`.
    case bool(Bool)
    /// PackStream `Integer` (any width).
    case int(Int64)
    /// PackStream `Float` (64-bit).
    case float(Double)
    /// PackStream `String` (UTF-8).
    case string(String)
    /// PackStream `Bytes`.
    case bytes([UInt8])
    /// PackStream `List`.
    case list([BoltValue])
    /// PackStream `Dictionary` (see the type's discussion for key order).
    case map(BoltMap)
    /// A graph node (structure 0x4E).
    case node(BoltNode)
    /// A relationship with its end nodes (structure 0x52).
    case relationship(BoltRelationship)
    /// A relationship inside a path (structure 0x72).
    case unboundRelationship(BoltUnboundRelationship)
    /// A path (structure 0x50).
    case path(BoltPath)
    /// A date as days since 1970-01-01 (structure 0x44).
    case date(days: Int64)
    /// A time of day with a UTC offset (structure 0x54).
    case time(nanoseconds: Int64, offsetSeconds: Int64)
    /// A time of day without a zone (structure 0x74).
    case localTime(nanoseconds: Int64)
    /// An instant as UTC seconds since the epoch, shown at a fixed offset (Bolt 5 structure 0x49).
    case dateTime(seconds: Int64, nanoseconds: Int64, offsetSeconds: Int64)
    /// An instant as UTC seconds since the epoch, shown in a named zone (Bolt 5 structure 0x69).
    case dateTimeZoneId(seconds: Int64, nanoseconds: Int64, zoneId: String)
    /// A local date-time as seconds since 1970-01-01T00:00 (structure 0x64).
    case localDateTime(seconds: Int64, nanoseconds: Int64)
    /// A duration (structure 0x45).
    case duration(months: Int64, days: Int64, seconds: Int64, nanoseconds: Int64)
    /// A two-dimensional point (structure 0x58).
    case point2D(srid: Int64, x: Double, y: Double)
    /// A three-dimensional point (structure 0x59).
    case point3D(srid: Int64, x: Double, y: Double, z: Double)
    /// A structure this library does not interpret.
    case structure(tag: UInt8, fields: [BoltValue])
}

extension BoltValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// Creates `null`.
    public init(nilLiteral: ()) { self = .null }
    /// Creates a boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Creates an integer.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// Creates a float.
    public init(floatLiteral value: Double) { self = .float(value) }
    /// Creates a string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Creates a list.
    public init(arrayLiteral elements: BoltValue...) { self = .list(elements) }
    /// Creates a map, keeping the literal's order.
    public init(dictionaryLiteral elements: (String, BoltValue)...) {
        self = .map(BoltMap(elements))
    }
}
