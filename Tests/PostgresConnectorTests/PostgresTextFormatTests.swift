import Foundation
import RunbookCore
import Testing

@testable import PostgresConnector

/// Pure tests of the text-format decoders; no server needed.
@Suite struct PostgresTextFormatTests {
    private func text(_ s: String) -> Value { .string(s) }

    @Test func arrayParserHandlesQuotingEscapesAndNull() {
        let flat = PostgresArrayParser.parse(#"{plain,"a,b","q\"x","b\\s",NULL,"NULL",null,""}"#, element: text)
        #expect(
            flat
                == .list([
                    .string("plain"), .string("a,b"), .string("q\"x"), .string("b\\s"), .null, .string("NULL"), .null,
                    .string(""),
                ])
        )
        #expect(
            PostgresArrayParser.parse("{{1,2},{3,NULL}}", element: text)
                == .list([.list(["1", "2"].map(text)), .list([text("3"), .null])])
        )
        #expect(PostgresArrayParser.parse("[2:3]={a,b}", element: text) == .list(["a", "b"].map(text)))
        #expect(PostgresArrayParser.parse("{}", element: text) == .list([]))
        for bad in ["", "{", "{a", "{\"a}", "{a}x", "a,b", "[1:2]{a}"] {
            #expect(PostgresArrayParser.parse(bad, element: text) == nil, "\(bad)")
        }
    }

    @Test func numericCanonicalForm() {
        #expect(PostgresNumeric.canonical("0.10") == PostgresNumeric.canonical("1e-1"))
        #expect(PostgresNumeric.canonical("-001.500") == "-15e1")
        #expect(PostgresNumeric.canonical("0.000") == "0")
        #expect(PostgresNumeric.canonical("12a") == nil)
        #expect(PostgresNumeric.value("0.1") == .double(0.1))
        #expect(PostgresNumeric.value("9007199254740993") == .string("9007199254740993"))
        #expect(PostgresNumeric.value("9007199254740992") == .double(9_007_199_254_740_992))
        #expect(PostgresNumeric.value("Infinity") == .string("Infinity"))
    }

    @Test func parameterTextForEachValueKind() throws {
        #expect(try PostgresParameterEncoder.text(for: .null, index: 1) == nil)
        #expect(try PostgresParameterEncoder.text(for: .bool(true), index: 1) == "t")
        #expect(try PostgresParameterEncoder.text(for: .double(0.1), index: 1) == "0.1")
        #expect(try PostgresParameterEncoder.text(for: .double(.nan), index: 1) == "NaN")
        #expect(try PostgresParameterEncoder.text(for: .list([.int(1), .null]), index: 1) == "[1,null]")
    }

    @Test func caretUnderPositionOnTheRightLine() {
        #expect(PostgresServerError.caret(in: "SELECT\nFROM x", at: 8) == ["LINE 2: FROM x", "        ^"])
        #expect(PostgresServerError.caret(in: "ab", at: 3) == ["LINE 1: ab", "          ^"])
        #expect(PostgresServerError.caret(in: "ab", at: 9).isEmpty)
    }

    @Test func connectTimeoutDefaultsOnlyWhenUnset() throws {
        let plain = try PostgresConnectOptions(dsn: "postgresql://u:pw@h/db", description: "d")
        if ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil
            && ProcessInfo.processInfo.environment["PGSERVICE"] == nil
        {
            #expect(plain.keywords.first == "connect_timeout")
            #expect(plain.values.first == "10")
        }
        #expect(plain.password == "pw")
        #expect(plain.scrub("bad pw here") == "bad *** here")
        let explicit = try PostgresConnectOptions(dsn: "host=h connect_timeout=3", description: "d")
        #expect(!explicit.keywords.contains("connect_timeout"))
        let service = try PostgresConnectOptions(dsn: "service=prod", description: "d")
        #expect(!service.keywords.contains("connect_timeout"))
        #expect(throws: ExecutorError.self) {
            try PostgresConnectOptions(dsn: "host=h bogus_option=1", description: "d")
        }
    }
}

extension PostgresTextFormatTests {
    @Test func stepTimeLimitCutsTheConnectTimeout() throws {
        let short = try PostgresConnectOptions(
            dsn: "host=h connect_timeout=30",
            description: "d",
            timeLimit: .seconds(3)
        )
        #expect(short.keywords.last == "connect_timeout")
        #expect(short.values.last == "3")
        let fraction = try PostgresConnectOptions(dsn: "host=h", description: "d", timeLimit: .milliseconds(200))
        #expect(fraction.values.last == "1")
        let long = try PostgresConnectOptions(
            dsn: "host=h connect_timeout=5",
            description: "d",
            timeLimit: .seconds(60)
        )
        #expect(long.keywords.last == "fallback_application_name")
    }
}
