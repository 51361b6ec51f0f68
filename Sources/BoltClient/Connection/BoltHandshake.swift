import NIOCore

/// The Bolt handshake: magic preamble and four version proposals, then a 4-byte answer.
///
/// ```
/// C: 60 60 B0 17 | 00 RANGE MINOR MAJOR | × 4 slots (unused slots are 00 00 00 00)
/// S: 00 00 MINOR MAJOR                  (00 00 00 00 = no common version)
/// ```
/// A slot proposes MAJOR.MINOR down to MAJOR.(MINOR − RANGE). FalkorDB reads only the first slot and
/// needs a 5.1–5.7 version there, so 5.7 (range 7, i.e. 5.7…5.0) goes first, then 4.4.
enum BoltHandshake {
    static let magic: UInt32 = 0x6060_B017

    /// The proposals, best first: (major, minor, range).
    static let proposals: [(major: UInt8, minor: UInt8, range: UInt8)] = [(5, 7, 7), (4, 4, 0)]

    /// The 20 bytes the client sends.
    static func request() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(magic)
        for slot in 0..<4 {
            if slot < proposals.count {
                let p = proposals[slot]
                buffer.writeBytes([0, p.range, p.minor, p.major])
            } else {
                buffer.writeInteger(UInt32(0))
            }
        }
        return buffer
    }

    /// Interprets the server's answer; `nil` when it agreed to nothing we proposed.
    static func version(fromReply bytes: [UInt8]) -> BoltVersion? {
        guard bytes.count == 4 else { return nil }
        let version = BoltVersion(bytes[3], bytes[2])
        let accepted = proposals.contains { p in
            p.major == version.major && version.minor <= p.minor && version.minor >= p.minor &- p.range
        }
        return accepted ? version : nil
    }
}
