import BoltClient
import RunbookCore
import Testing

@testable import CypherConnector

@Suite struct ValueMappingTests {
    @Test func runbookValuesBecomeBoltParametersKeepingMapOrder() {
        let value: Value = .map([("z", .int(1)), ("a", .list([.double(1.5), .string("s"), .null, .bool(true)]))])
        #expect(BoltValue(value) == ["z": 1, "a": [1.5, "s", nil, true]])
        guard case .map(let map) = BoltValue(value) else { return }
        #expect(map.keys == ["z", "a"])
    }

    @Test func graphValuesBecomeMaps() {
        let a = BoltNode(id: 1, labels: ["P"], properties: ["name": "a"], elementID: "node_1")
        let b = BoltNode(id: 2, labels: ["P"], properties: [:])
        let r = BoltUnboundRelationship(id: 9, type: "R", properties: [:])
        // b -[R]-> a, walked from a backwards.
        let path = BoltValue.path(BoltPath(nodes: [a, b], relationships: [r], indices: [-1, 1])).runbookValue
        let expectedRel: Value = .map([
            ("id", .int(9)), ("type", .string("R")), ("start", .int(2)), ("end", .int(1)), ("properties", .map([])),
        ])
        #expect(path.asMap?["relationships"] == .list([expectedRel]))
        let node = BoltValue.node(a).runbookValue
        #expect(node.asMap?["labels"] == .list([.string("P")]))
        #expect(node.asMap?["id"] == .int(1))
        #expect(node.asMap?["properties"] == .map([("name", .string("a"))]))
    }

    @Test func temporalValuesBecomeISOStrings() {
        #expect(BoltValue.date(days: 0).runbookValue == .string("1970-01-01"))
        #expect(BoltValue.date(days: 19_150).runbookValue == .string("2022-06-07"))
        #expect(BoltValue.date(days: -1).runbookValue == .string("1969-12-31"))
        #expect(
            BoltValue.dateTime(seconds: 1_654_595_525, nanoseconds: 0, offsetSeconds: 7200).runbookValue
                == .string("2022-06-07T11:52:05+02:00")
        )
        #expect(
            BoltValue.localDateTime(seconds: 1_654_595_525, nanoseconds: 500_000_000).runbookValue
                == .string("2022-06-07T09:52:05.5")
        )
        #expect(BoltValue.time(nanoseconds: 3_600_000_000_000, offsetSeconds: 0).runbookValue == .string("01:00:00Z"))
        #expect(
            BoltValue.dateTimeZoneId(seconds: 0, nanoseconds: 0, zoneId: "Europe/Paris").runbookValue
                == .string("1970-01-01T00:00:00Z[Europe/Paris]")
        )
        #expect(
            BoltValue.duration(months: 14, days: 3, seconds: 3723, nanoseconds: 0).runbookValue
                == .string("P1Y2M3DT1H2M3S")
        )
        #expect(BoltValue.duration(months: 0, days: 0, seconds: 0, nanoseconds: 0).runbookValue == .string("PT0S"))
        // Bolt 4.4 without the UTC patch: local seconds and an offset, or a zone name.
        #expect(
            BoltValue.structure(tag: 0x46, fields: [.int(1_700_003_600), .int(0), .int(3600)]).runbookValue
                == .string("2023-11-14T23:13:20+01:00")
        )
        #expect(
            BoltValue.structure(tag: 0x66, fields: [.int(1_700_003_600), .int(0), .string("Europe/Paris")]).runbookValue
                == .string("2023-11-14T23:13:20[Europe/Paris]")
        )
    }

    @Test func boltErrorsMapToExecutorErrors() {
        let server = ExecutorError(BoltError(.server, "boom", serverCode: "Neo.TransientError.General.X"))
        #expect(server.code == .server && server.serverCode == "Neo.TransientError.General.X" && server.isTransient)
        #expect(ExecutorError(BoltError(.timeout, "t")).code == .timeout)
        // A connection lost before anything was sent is a plain connection error; after the send, in doubt.
        #expect(ExecutorError(BoltError(.connection, "c", mayHaveReachedServer: false)).code == .connection)
        #expect(ExecutorError(BoltError(.connection, "c")).code == .inDoubt)
        let gql = ExecutorError(
            BoltError(.server, "bad", serverCode: "Neo.ClientError.Statement.SyntaxError", gqlStatus: "42001")
        )
        #expect(
            gql.gqlStatus == "42001"
                && gql.description == "bad [Neo.ClientError.Statement.SyntaxError, GQL status 42001]"
        )
        #expect(ExecutorError(BoltError(.protocolViolation, "p")).code == .protocolViolation)
    }
}

extension Value {
    var asMap: [String: Value]? {
        guard case .map(let pairs) = self else { return nil }
        return Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, b in b })
    }
}
