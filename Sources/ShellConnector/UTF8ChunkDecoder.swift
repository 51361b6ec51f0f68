/// Decodes a byte stream read in arbitrary pieces, holding back a character split between pieces.
struct UTF8ChunkDecoder {
    private var pending: [UInt8] = []

    /// The text of `chunk` (after any bytes held back from the previous one), up to the last
    /// complete character.
    mutating func decode(_ chunk: [UInt8]) -> String {
        var bytes = pending + chunk
        let cut = Self.completePrefixLength(bytes)
        pending = Array(bytes[cut...])
        bytes.removeSubrange(cut...)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whatever was held back, with replacement characters; call at end of stream.
    mutating func flush() -> String {
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
    }

    /// The length of `bytes` without a trailing incomplete (but so far valid-looking) sequence.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        var index = bytes.count
        var continuation = 0
        while index > 0, continuation < 3, bytes[index - 1] & 0xC0 == 0x80 {
            index -= 1
            continuation += 1
        }
        guard index > 0 else { return bytes.count }
        let lead = bytes[index - 1]
        let expected: Int
        switch lead {
        case 0xC2...0xDF: expected = 1
        case 0xE0...0xEF: expected = 2
        case 0xF0...0xF4: expected = 3
        default: return bytes.count
        }
        return continuation < expected ? index - 1 : bytes.count
    }
}
