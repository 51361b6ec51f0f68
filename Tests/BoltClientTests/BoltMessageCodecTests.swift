import NIOCore
import NIOTestUtils
import Testing

@testable import BoltClient

@Suite struct BoltMessageCodecTests {
    func chunked(_ tag: UInt8, _ fields: [BoltValue], chunkSize: Int = 65_535) -> ByteBuffer {
        var body = ByteBuffer()
        body.writeStructure(tag, fields)
        var out = ByteBuffer()
        BoltRequestEncoder.writeChunked(&body, into: &out, maximumChunkSize: chunkSize)
        return out
    }

    @Test func decoderToleratesEverySplit() throws {
        let big = String(repeating: "x", count: 70_000)
        var input = ByteBuffer()
        var expected: [BoltResponse] = []
        let messages: [(UInt8, [BoltValue], BoltResponse)] = [
            (0x70, [["fields": ["n"]]], .success(["fields": ["n"]])),
            (0x71, [[1, "a"]], .record([1, "a"])),
            (
                0x7F, [["code": "Neo.ClientError.X", "message": "m"]],
                .failure(code: "Neo.ClientError.X", message: "m", gqlStatus: nil)
            ),
            (0x7E, [], .ignored),
            (0x71, [[.string(big)]], .record([.string(big)])),
        ]
        for (tag, fields, response) in messages {
            var encoded = chunked(tag, fields, chunkSize: 7)
            input.writeBuffer(&encoded)
            input.writeInteger(UInt16(0))  // a NOOP between messages
            expected.append(response)
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [(input, expected)],
            decoderFactory: { BoltMessageDecoder() }
        )
    }

    @Test func encoderSplitsLargeMessagesInto65535ByteChunks() throws {
        var out = ByteBuffer()
        BoltRequestEncoder().encode(
            data: .run(query: String(repeating: "q", count: 140_000), parameters: [:], extra: [:]),
            out: &out
        )
        var lengths: [Int] = []
        while let length = out.readInteger(as: UInt16.self) {
            lengths.append(Int(length))
            if length == 0 { break }
            out.moveReaderIndex(forwardBy: Int(length))
        }
        #expect(lengths.count == 4)
        #expect(lengths[0] == 65_535 && lengths[1] == 65_535 && lengths[3] == 0)
        #expect(out.readableBytes == 0)
    }

    @Test func failureWithGQLFieldsUsesNeo4jCode() throws {
        var body = chunked(0x7F, [["neo4j_code": "Neo.TransientError.X", "description": "d", "gql_status": "50N42"]])
        var decoder = BoltMessageDecoder()
        #expect(
            try decoder.decode(buffer: &body)
                == .failure(code: "Neo.TransientError.X", message: "d", gqlStatus: "50N42")
        )
    }

    @Test func unknownResponseTagIsAnError() {
        var body = chunked(0x01, [[:]])
        var decoder = BoltMessageDecoder()
        #expect(throws: PackStreamError.self) { try decoder.decode(buffer: &body) }
    }

    @Test func handshakeProposes57Range7Then44InOneBuffer() {
        let bytes = BoltHandshake.request().readableBytesView.map { $0 }
        #expect(bytes == [0x60, 0x60, 0xB0, 0x17, 0, 7, 7, 5, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(BoltHandshake.version(fromReply: [0, 0, 7, 5]) == BoltVersion(5, 7))
        #expect(BoltHandshake.version(fromReply: [0, 0, 1, 5]) == BoltVersion(5, 1))
        #expect(BoltHandshake.version(fromReply: [0, 0, 4, 4]) == BoltVersion(4, 4))
        #expect(BoltHandshake.version(fromReply: [0, 0, 3, 4]) == nil)
        #expect(BoltHandshake.version(fromReply: [0, 0, 0, 0]) == nil)
    }

    @Test func urlsAndQuirks() throws {
        let plain = try BoltConfiguration(url: "neo4j://db.example:7688")
        #expect(plain.host == "db.example" && plain.port == 7688 && plain.tls == .disabled)
        #expect(try BoltConfiguration(url: "bolt+s://h").tls == .verified)
        #expect(try BoltConfiguration(url: "neo4j+ssc://[::1]:9").host == "::1")
        let withUser = try BoltConfiguration(url: "bolt://u:secret@h")
        #expect(withUser.auth == .basic(user: "u", password: "secret"))
        #expect(!"\(withUser.auth)".contains("secret"))
        #expect(try BoltConfiguration(url: "bolt://h").connectTimeout == .seconds(10))
        let slow = try BoltConfiguration(url: "bolt://h:7687?routing=x&connect_timeout=2.5#frag")
        #expect(slow.connectTimeout == .milliseconds(2500) && slow.port == 7687)
        #expect(throws: BoltError.self) { try BoltConfiguration(url: "bolt://h?connect_timeout=soon") }
        #expect(throws: BoltError.self) { try BoltConfiguration(url: "bolt://h?connect_timeout=0") }
        let error = #expect(throws: BoltError.self) { try BoltConfiguration(url: "http://u:secret@h") }
        #expect(error?.description.contains("secret") == false)
        #expect(BoltServerQuirks.detected(serverAgent: "Neo4j/5.13.0", connectionID: "b026cd2d-bc8f") == .falkorDB)
        #expect(BoltServerQuirks.detected(serverAgent: "Neo4j/5.26.0", connectionID: "bolt-12") == .neo4j)
        #expect(BoltServerQuirks.detected(serverAgent: "FalkorDB/4.18", connectionID: "bolt-1") == .falkorDB)
    }
}
