/// Structure tags of the Bolt 5 value types.
enum StructureTag {
    static let node: UInt8 = 0x4E
    static let relationship: UInt8 = 0x52
    static let unboundRelationship: UInt8 = 0x72
    static let path: UInt8 = 0x50
    static let date: UInt8 = 0x44
    static let time: UInt8 = 0x54
    static let localTime: UInt8 = 0x74
    static let dateTime: UInt8 = 0x49
    static let dateTimeZoneId: UInt8 = 0x69
    static let localDateTime: UInt8 = 0x64
    static let duration: UInt8 = 0x45
    static let point2D: UInt8 = 0x58
    static let point3D: UInt8 = 0x59
}
