import NIOCore

extension ByteBuffer {
    /// Reads one value: `nil` when more bytes are needed (the reader index is then unchanged),
    /// a thrown ``PackStreamError`` when the bytes are malformed.
    mutating func readBoltValue(limits: PackStreamLimits = .default) throws -> BoltValue? {
        try parseUnwindingIfNeeded { buffer in try buffer.readBoltValueUnwound(depth: 0, limits: limits) }
    }

    private mutating func readBoltValueUnwound(depth: Int, limits: PackStreamLimits) throws -> BoltValue? {
        guard depth < limits.maximumDepth else { throw PackStreamError(.tooDeep(limit: limits.maximumDepth)) }
        guard let marker = readInteger(as: UInt8.self) else { return nil }
        switch marker {
        case 0x00...0x7F: return .int(Int64(marker))
        case 0xF0...0xFF: return .int(Int64(Int8(bitPattern: marker)))
        case 0xC0: return .null
        case 0xC2: return .bool(false)
        case 0xC3: return .bool(true)
        case 0xC1: return readInteger(as: UInt64.self).map { .float(Double(bitPattern: $0)) }
        case 0xC8: return readInteger(as: Int8.self).map { .int(Int64($0)) }
        case 0xC9: return readInteger(as: Int16.self).map { .int(Int64($0)) }
        case 0xCA: return readInteger(as: Int32.self).map { .int(Int64($0)) }
        case 0xCB: return readInteger(as: Int64.self).map { .int($0) }
        case 0xCC...0xCE:
            guard let n = try readBoltLength(width: marker - 0xCC, limits: limits) else { return nil }
            return readBytes(length: n).map { .bytes($0) }
        case 0x80...0x8F: return try readBoltString(Int(marker & 0x0F))
        case 0xD0...0xD2:
            guard let n = try readBoltLength(width: marker - 0xD0, limits: limits) else { return nil }
            return try readBoltString(n)
        case 0x90...0x9F: return try readBoltList(Int(marker & 0x0F), depth: depth, limits: limits)
        case 0xD4...0xD6:
            guard let n = try readBoltLength(width: marker - 0xD4, limits: limits) else { return nil }
            return try readBoltList(n, depth: depth, limits: limits)
        case 0xA0...0xAF: return try readBoltMap(Int(marker & 0x0F), depth: depth, limits: limits)
        case 0xD8...0xDA:
            guard let n = try readBoltLength(width: marker - 0xD8, limits: limits) else { return nil }
            return try readBoltMap(n, depth: depth, limits: limits)
        case 0xB0...0xBF:
            guard let tag = readInteger(as: UInt8.self) else { return nil }
            guard let fields = try readBoltFields(Int(marker & 0x0F), depth: depth, limits: limits) else {
                return nil
            }
            return try BoltValue(structure: tag, fields: fields)
        default:
            throw PackStreamError(.unknownMarker(marker))
        }
    }

    /// Reads a u8/u16/u32 length (width 0/1/2).
    private mutating func readBoltLength(width: UInt8, limits: PackStreamLimits) throws -> Int? {
        let n: Int?
        switch width {
        case 0: n = readInteger(as: UInt8.self).map(Int.init)
        case 1: n = readInteger(as: UInt16.self).map(Int.init)
        case 2: n = readInteger(as: UInt32.self).map(Int.init)
        default: throw PackStreamError(.unknownMarker(width))
        }
        if let n, n > limits.maximumLength { throw PackStreamError(.oversizedLength(n)) }
        return n
    }

    private mutating func readBoltString(_ length: Int) throws -> BoltValue? {
        guard readableBytes >= length else { return nil }
        let s: String?
        do {
            s = try readUTF8ValidatedString(length: length)
        } catch {
            throw PackStreamError(.invalidUTF8)
        }
        return s.map { .string($0) }
    }

    private mutating func readBoltFields(_ count: Int, depth: Int, limits: PackStreamLimits) throws -> [BoltValue]? {
        var items: [BoltValue] = []
        // Every value takes at least one byte: never reserve more than could be present.
        items.reserveCapacity(Swift.min(count, readableBytes))
        for _ in 0..<count {
            guard let item = try readBoltValueUnwound(depth: depth + 1, limits: limits) else { return nil }
            items.append(item)
        }
        return items
    }

    private mutating func readBoltList(_ count: Int, depth: Int, limits: PackStreamLimits) throws -> BoltValue? {
        try readBoltFields(count, depth: depth, limits: limits).map { .list($0) }
    }

    private mutating func readBoltMap(_ count: Int, depth: Int, limits: PackStreamLimits) throws -> BoltValue? {
        var map = BoltMap()
        map.reserveCapacity(Swift.min(count, readableBytes / 2))
        for _ in 0..<count {
            guard let key = try readBoltValueUnwound(depth: depth + 1, limits: limits) else { return nil }
            guard case .string(let name) = key else { throw PackStreamError(.nonStringKey) }
            guard let item = try readBoltValueUnwound(depth: depth + 1, limits: limits) else { return nil }
            map.append(name, item)
        }
        return .map(map)
    }
}
