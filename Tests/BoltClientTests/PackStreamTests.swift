import NIOCore
import RunbookTestSupport
import Testing

@testable import BoltClient

@Suite struct PackStreamTests {
    func encode(_ value: BoltValue) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeBoltValue(value)
        return buffer
    }

    func roundTrip(_ value: BoltValue, size: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var buffer = encode(value)
        if let size { #expect(buffer.readableBytes == size, "\(value)", sourceLocation: sourceLocation) }
        let bytes = buffer.readableBytesView.map { $0 }
        // Every strict prefix needs more bytes and leaves the reader index where it was.
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)) {
            var prefix = ByteBuffer(bytes: bytes[..<cut])
            #expect(try prefix.readBoltValue() == nil, sourceLocation: sourceLocation)
            #expect(prefix.readerIndex == 0, sourceLocation: sourceLocation)
        }
        #expect(try buffer.readBoltValue() == value, sourceLocation: sourceLocation)
        #expect(buffer.readableBytes == 0, sourceLocation: sourceLocation)
    }

    @Test func integersUseTheSmallestWidthAtEveryBoundary() throws {
        let cases: [(Int64, Int)] = [
            (0, 1), (-16, 1), (127, 1), (-17, 2), (-128, 2), (128, 3), (-129, 3), (32_767, 3), (-32_768, 3),
            (32_768, 5), (-32_769, 5), (2_147_483_647, 5), (-2_147_483_648, 5), (2_147_483_648, 9),
            (-2_147_483_649, 9), (.max, 9), (.min, 9),
        ]
        for (value, size) in cases { try roundTrip(.int(value), size: size) }
    }

    @Test func sizedTypesAtThe15And255And65535Boundaries() throws {
        for (count, header) in [(0, 1), (15, 1), (16, 2), (255, 2), (256, 3), (65_535, 3), (65_536, 5)] {
            try roundTrip(.string(String(repeating: "a", count: count)), size: header + count)
            try roundTrip(.list(Array(repeating: .int(1), count: count)), size: header + count)
            let map = BoltMap((0..<count).map { ("k\($0)", BoltValue.null) })
            try roundTrip(.map(map))
            let marker: UInt8 = count < 16 ? 0xA0 | UInt8(count) : count <= 255 ? 0xD8 : count <= 65_535 ? 0xD9 : 0xDA
            #expect(encode(.map(map)).getInteger(at: 0, as: UInt8.self) == marker)
        }
        for (count, header) in [(0, 2), (255, 2), (256, 3), (65_535, 3), (65_536, 5)] {
            try roundTrip(.bytes(Array(repeating: 7, count: count)), size: header + count)
        }
    }

    @Test func everyValueTypeRoundTrips() throws {
        let node = BoltNode(id: 1, labels: ["A", "B"], properties: ["x": 1, "é": "ü"], elementID: "4:x:1")
        let rel = BoltRelationship(
            id: 2,
            startNodeID: 1,
            endNodeID: 3,
            type: "R",
            properties: ["w": 1.5],
            elementID: "5:x:2",
            startNodeElementID: "4:x:1",
            endNodeElementID: "4:x:3"
        )
        let unbound = BoltUnboundRelationship(id: 2, type: "R", properties: [:], elementID: "5:x:2")
        let values: [BoltValue] = [
            .null, true, false, 1.5, -0.0, .float(.infinity), "", "unicode ✓ 😀", .bytes([0, 255]),
            [1, "a", [nil]], ["a": 1, "b": ["c": true]], .node(node),
            .node(BoltNode(id: 1, labels: [], properties: [:])), .relationship(rel),
            .relationship(BoltRelationship(id: 1, startNodeID: 2, endNodeID: 3, type: "T", properties: [:])),
            .unboundRelationship(unbound),
            .path(BoltPath(nodes: [node, node], relationships: [unbound], indices: [1, 1])),
            .date(days: -719_528), .time(nanoseconds: 1, offsetSeconds: -3600),
            .localTime(nanoseconds: 86_399_999_999_999),
            .dateTime(seconds: 1_654_595_525, nanoseconds: 5, offsetSeconds: 7200),
            .dateTimeZoneId(seconds: 0, nanoseconds: 0, zoneId: "Europe/Paris"),
            .localDateTime(seconds: -1, nanoseconds: 999_999_999),
            .duration(months: 14, days: -3, seconds: 5, nanoseconds: 7),
            .point2D(srid: 7203, x: 1, y: 2), .point3D(srid: 9157, x: 1, y: 2, z: 3),
            .structure(tag: 0x46, fields: [1, 2, 3]),
        ]
        for value in values { try roundTrip(value) }
        var nan = encode(.float(.nan))
        guard case .float(let d)? = try nan.readBoltValue() else {
            Issue.record("NaN did not decode as a float")
            return
        }
        #expect(d.isNaN)
    }

    @Test func bolt5DateTimeUsesTheUTCStructureTags() {
        #expect(
            encode(.dateTime(seconds: 0, nanoseconds: 0, offsetSeconds: 0)).getBytes(at: 0, length: 2) == [0xB3, 0x49]
        )
        #expect(
            encode(.dateTimeZoneId(seconds: 0, nanoseconds: 0, zoneId: "UTC")).getBytes(at: 0, length: 2) == [
                0xB3, 0x69,
            ]
        )
    }

    @Test func malformedInputIsATypedError() {
        func error(_ bytes: [UInt8], limits: PackStreamLimits = .default) -> PackStreamError.Kind? {
            var buffer = ByteBuffer(bytes: bytes)
            do {
                _ = try buffer.readBoltValue(limits: limits)
                return nil
            } catch let error as PackStreamError {
                #expect(buffer.readerIndex == 0)
                return error.kind
            } catch {
                return nil
            }
        }
        #expect(error([0xC4]) == .unknownMarker(0xC4))
        #expect(error([0xE0]) == .unknownMarker(0xE0))
        #expect(error(Array(repeating: 0x91, count: 200) + [1]) == .tooDeep(limit: 128))
        #expect(
            error([0xD2, 0xFF, 0xFF, 0xFF, 0xFF], limits: PackStreamLimits(maximumLength: 1000))
                == .oversizedLength(0xFFFF_FFFF)
        )
        #expect(error([0x82, 0xC3, 0x28]) == .invalidUTF8)
        #expect(error([0xA1, 0x01, 0x01]) == .nonStringKey)
        #expect(error([0xB1, 0x4E, 0x01]) == .malformedStructure(tag: 0x4E))
    }

    @Test func fuzzedBytesNeverCrashTheDecoders() throws {
        var rng = SplitMix64(seed: 0xB017)
        var samples: [[UInt8]] = []
        let seedValue: BoltValue = [
            "a": [1, 2.5, "x", .bytes([1]), .node(BoltNode(id: 1, labels: ["L"], properties: ["p": 1]))]
        ]
        let seed = encode(seedValue).readableBytesView.map { $0 }
        for i in 0..<20_000 {
            if i % 2 == 0 {
                samples.append((0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            } else {
                var bytes = seed
                for _ in 0..<(1 + rng.next() % 4) {
                    bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
                }
                samples.append(Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count + 1)))))
            }
        }
        var decoded = 0
        for sample in samples {
            var buffer = ByteBuffer(bytes: sample)
            if (try? buffer.readBoltValue()) != nil { decoded += 1 }
            var message = ByteBuffer()
            message.writeInteger(UInt16(sample.count))
            message.writeBytes(sample)
            message.writeInteger(UInt16(0))
            var decoder = BoltMessageDecoder()
            _ = try? decoder.decode(buffer: &message)
        }
        #expect(decoded > 0)
    }
}
