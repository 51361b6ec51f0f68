import NIOCore

// Marker layout (PackStream v1):
//
//   0x00…0x7F, 0xF0…0xFF  tiny int (-16…127)       0xC8/C9/CA/CB  int 8/16/32/64
//   0x80…0x8F  tiny string (0…15 bytes)          0xD0/D1/D2     string, u8/u16/u32 length
//   0x90…0x9F  tiny list                         0xD4/D5/D6     list, u8/u16/u32 count
//   0xA0…0xAF  tiny map                          0xD8/D9/DA     map, u8/u16/u32 count
//   0xB0…0xBF  structure (0…15 fields) + tag     0xCC/CD/CE     bytes, u8/u16/u32 length
//   0xC0 null  0xC1 float64  0xC2 false  0xC3 true

extension ByteBuffer {
    /// Writes a value using the smallest marker widths.
    mutating func writeBoltValue(_ value: BoltValue) {
        switch value {
        case .null: writeInteger(UInt8(0xC0))
        case .bool(let b): writeInteger(UInt8(b ? 0xC3 : 0xC2))
        case .int(let i): writeBoltInt(i)
        case .float(let d):
            writeInteger(UInt8(0xC1))
            writeInteger(d.bitPattern)
        case .string(let s):
            writeBoltHeader(count: s.utf8.count, tiny: 0x80, wide: 0xD0)
            writeString(s)
        case .bytes(let b):
            writeBoltHeader(count: b.count, tiny: nil, wide: 0xCC)
            writeBytes(b)
        case .list(let items):
            writeBoltHeader(count: items.count, tiny: 0x90, wide: 0xD4)
            for item in items { writeBoltValue(item) }
        case .map(let entries):
            writeBoltHeader(count: entries.count, tiny: 0xA0, wide: 0xD8)
            for entry in entries {
                writeBoltValue(.string(entry.key))
                writeBoltValue(entry.value)
            }
        case .node(let n):
            writeStructure(
                StructureTag.node,
                [.int(n.id), .list(n.labels.map(BoltValue.string)), .map(n.properties)]
                    + n.elementID.map { [.string($0)] }.orEmpty
            )
        case .relationship(let r):
            var fields: [BoltValue] = [
                .int(r.id), .int(r.startNodeID), .int(r.endNodeID), .string(r.type), .map(r.properties),
            ]
            if let e = r.elementID, let s = r.startNodeElementID, let t = r.endNodeElementID {
                fields += [.string(e), .string(s), .string(t)]
            }
            writeStructure(StructureTag.relationship, fields)
        case .unboundRelationship(let r):
            writeStructure(
                StructureTag.unboundRelationship,
                [.int(r.id), .string(r.type), .map(r.properties)] + r.elementID.map { [.string($0)] }.orEmpty
            )
        case .path(let p):
            writeStructure(
                StructureTag.path,
                [
                    .list(p.nodes.map(BoltValue.node)), .list(p.relationships.map(BoltValue.unboundRelationship)),
                    .list(p.indices.map(BoltValue.int)),
                ]
            )
        case .date(let days): writeStructure(StructureTag.date, [.int(days)])
        case .time(let ns, let offset): writeStructure(StructureTag.time, [.int(ns), .int(offset)])
        case .localTime(let ns): writeStructure(StructureTag.localTime, [.int(ns)])
        case .dateTime(let s, let ns, let offset):
            writeStructure(StructureTag.dateTime, [.int(s), .int(ns), .int(offset)])
        case .dateTimeZoneId(let s, let ns, let zone):
            writeStructure(StructureTag.dateTimeZoneId, [.int(s), .int(ns), .string(zone)])
        case .localDateTime(let s, let ns): writeStructure(StructureTag.localDateTime, [.int(s), .int(ns)])
        case .duration(let months, let days, let s, let ns):
            writeStructure(StructureTag.duration, [.int(months), .int(days), .int(s), .int(ns)])
        case .point2D(let srid, let x, let y):
            writeStructure(StructureTag.point2D, [.int(srid), .float(x), .float(y)])
        case .point3D(let srid, let x, let y, let z):
            writeStructure(StructureTag.point3D, [.int(srid), .float(x), .float(y), .float(z)])
        case .structure(let tag, let fields): writeStructure(tag, fields)
        }
    }

    /// Writes a structure header (at most 15 fields) and its fields.
    mutating func writeStructure(_ tag: UInt8, _ fields: [BoltValue]) {
        writeInteger(UInt8(0xB0) | UInt8(truncatingIfNeeded: min(fields.count, 15)))
        writeInteger(tag)
        for field in fields.prefix(15) { writeBoltValue(field) }
    }

    private mutating func writeBoltInt(_ i: Int64) {
        switch i {
        case -16...127: writeInteger(Int8(truncatingIfNeeded: i))
        case -128 ... -17:
            writeInteger(UInt8(0xC8))
            writeInteger(Int8(truncatingIfNeeded: i))
        case -32_768...32_767:
            writeInteger(UInt8(0xC9))
            writeInteger(Int16(truncatingIfNeeded: i))
        case -2_147_483_648...2_147_483_647:
            writeInteger(UInt8(0xCA))
            writeInteger(Int32(truncatingIfNeeded: i))
        default:
            writeInteger(UInt8(0xCB))
            writeInteger(i)
        }
    }

    /// Writes a sized header: tiny form when `tiny` is given and count < 16, else 8/16/32-bit.
    private mutating func writeBoltHeader(count: Int, tiny: UInt8?, wide: UInt8) {
        if let tiny, count < 16 {
            writeInteger(tiny | UInt8(count))
        } else if count <= Int(UInt8.max) {
            writeInteger(wide)
            writeInteger(UInt8(count))
        } else if count <= Int(UInt16.max) {
            writeInteger(wide + 1)
            writeInteger(UInt16(count))
        } else {
            writeInteger(wide + 2)
            writeInteger(UInt32(truncatingIfNeeded: count))
        }
    }
}

extension Optional where Wrapped == [BoltValue] {
    fileprivate var orEmpty: [BoltValue] { self ?? [] }
}
