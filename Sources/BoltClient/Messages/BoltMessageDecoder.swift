import NIOCore

/// Reassembles chunked Bolt messages and decodes them into ``BoltResponse``s.
///
/// Chunks may be split anywhere across reads; empty chunks between messages (keep-alive NOOPs) are
/// skipped. Malformed bytes throw ``PackStreamError``; the decoder never traps on input.
public struct BoltMessageDecoder: NIOSingleStepByteToMessageDecoder {
    /// The decoded type.
    public typealias InboundOut = BoltResponse

    /// Where the decoder is within the chunk stream.
    enum DecoderReadState {
        /// The next two bytes are a chunk length (0 = end of message).
        case waitingForChunkHeader
        /// A chunk of this many payload bytes follows.
        case waitingForChunk(length: Int)
    }

    private var state = DecoderReadState.waitingForChunkHeader
    private var message = ByteBuffer()
    private let limits: PackStreamLimits
    /// The largest reassembled message accepted.
    public let maximumMessageSize: Int

    /// Creates a decoder.
    public init(limits: PackStreamLimits = .default, maximumMessageSize: Int = 512 * 1024 * 1024) {
        self.limits = limits
        self.maximumMessageSize = maximumMessageSize
    }

    /// Decodes the next complete message, or returns `nil` when more bytes are needed.
    public mutating func decode(buffer: inout ByteBuffer) throws -> BoltResponse? {
        while true {
            switch state {
            case .waitingForChunkHeader:
                guard let length = buffer.readInteger(as: UInt16.self) else { return nil }
                if length > 0 {
                    state = .waitingForChunk(length: Int(length))
                } else if message.readableBytes > 0 {
                    var complete = message
                    message = ByteBuffer()
                    return try Self.parse(&complete, limits: limits)
                }
            case .waitingForChunk(let length):
                guard var chunk = buffer.readSlice(length: length) else { return nil }
                guard message.readableBytes + length <= maximumMessageSize else {
                    throw PackStreamError(.messageTooLarge(message.readableBytes + length))
                }
                message.writeBuffer(&chunk)
                state = .waitingForChunkHeader
            }
        }
    }

    /// Called at EOF: a partial message left over is dropped (the connection is gone anyway).
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> BoltResponse? {
        try decode(buffer: &buffer)
    }

    /// Parses one reassembled message.
    static func parse(_ buffer: inout ByteBuffer, limits: PackStreamLimits = .default) throws -> BoltResponse {
        guard let value = try buffer.readBoltValue(limits: limits) else { throw PackStreamError(.truncated) }
        guard buffer.readableBytes == 0 else { throw PackStreamError(.trailingBytes(buffer.readableBytes)) }
        guard case .structure(let tag, let fields) = value else {
            throw PackStreamError(.unknownMessage(tag: value.structureTagForError))
        }
        switch (tag, fields.count) {
        case (0x70, 1):
            guard case .map(let metadata) = fields[0] else { break }
            return .success(metadata.dictionary)
        case (0x71, 1):
            guard case .list(let values) = fields[0] else { break }
            return .record(values)
        case (0x7E, _):
            return .ignored
        case (0x7F, 1):
            guard case .map(let metadata) = fields[0] else { break }
            let code = metadata["neo4j_code"]?.string ?? metadata["code"]?.string ?? "Neo.DatabaseError.General.Unknown"
            let message = metadata["message"]?.string ?? metadata["description"]?.string ?? ""
            return .failure(code: code, message: message, gqlStatus: metadata["gql_status"]?.string)
        default:
            throw PackStreamError(.unknownMessage(tag: tag))
        }
        throw PackStreamError(.malformedStructure(tag: tag))
    }
}

extension BoltValue {
    /// A tag for error reports when a message is not an unknown structure.
    fileprivate var structureTagForError: UInt8 {
        switch self {
        case .node: return StructureTag.node
        case .relationship: return StructureTag.relationship
        case .unboundRelationship: return StructureTag.unboundRelationship
        case .path: return StructureTag.path
        case .date: return StructureTag.date
        case .time: return StructureTag.time
        case .localTime: return StructureTag.localTime
        case .dateTime: return StructureTag.dateTime
        case .dateTimeZoneId: return StructureTag.dateTimeZoneId
        case .localDateTime: return StructureTag.localDateTime
        case .duration: return StructureTag.duration
        case .point2D: return StructureTag.point2D
        case .point3D: return StructureTag.point3D
        case .structure(let tag, _): return tag
        case .null, .bool, .int, .float, .string, .bytes, .list, .map: return 0
        }
    }
}
