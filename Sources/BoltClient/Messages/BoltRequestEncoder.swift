import NIOCore

/// Encodes requests as chunked Bolt messages, each written whole into one buffer.
///
/// ```
/// +-----------+--------------+-----------+--------------+-----+--------+
/// | len (u16) | ≤ 65,535 B   | len (u16) | ≤ 65,535 B   | ... | 0x0000 |
/// +-----------+--------------+-----------+--------------+-----+--------+
/// ```
public struct BoltRequestEncoder: MessageToByteEncoder, Sendable {
    /// The encoded type.
    public typealias OutboundIn = BoltRequest

    /// The largest chunk payload; the protocol's maximum unless a test shrinks it.
    public let maximumChunkSize: Int

    /// Creates an encoder.
    public init(maximumChunkSize: Int = 65_535) {
        self.maximumChunkSize = max(1, min(maximumChunkSize, 65_535))
    }

    /// Writes `data` as one chunked message into `out`.
    public func encode(data: BoltRequest, out: inout ByteBuffer) {
        var body = ByteBuffer()
        body.writeStructure(data.tag, data.fields)
        Self.writeChunked(&body, into: &out, maximumChunkSize: maximumChunkSize)
    }

    /// Splits `body` into chunks and appends them and the end marker to `out`.
    static func writeChunked(_ body: inout ByteBuffer, into out: inout ByteBuffer, maximumChunkSize: Int) {
        out.reserveCapacity(minimumWritableBytes: body.readableBytes + 2 * (body.readableBytes / maximumChunkSize + 2))
        while body.readableBytes > 0, var slice = body.readSlice(length: min(body.readableBytes, maximumChunkSize)) {
            out.writeInteger(UInt16(slice.readableBytes))
            out.writeBuffer(&slice)
        }
        out.writeInteger(UInt16(0))
    }
}
