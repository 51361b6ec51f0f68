import PostgresConnector
import RunbookCore
import Testing

@Suite(.enabled(if: PG.isAvailable, "needs RUNBOOK_PG_URL"))
struct PostgresParameterTests {
    static let hostile: [String] = [
        "'; DROP TABLE x; --",
        "Robert'); DROP TABLE students;--",
        "it's \"quoted\" `back` $1 $$dollar$$ E'\\x41'",
        "back\\slash\\\\double \\n not a newline",
        "tab\tnewline\ncr\r end",
        "unicode: héllo Ω 漢字 🚀 \u{200B}zero-width \u{FEFF}bom",
        "binary-ish: \u{01}\u{02}\u{7F}\u{1B}[31m \u{FFFD}",
        "",
        "   ",
        "NULL",
        String(repeating: "long'\\", count: 20_000),
    ]

    @Test func hostileStringsAreStoredAndReadBackByteIdentical() async throws {
        try await PG.withTable("params", columns: "id int PRIMARY KEY, s text") { executor, table in
            for (id, text) in Self.hostile.enumerated() {
                _ = try await PG.run(
                    executor,
                    "INSERT INTO \(table) (id, s) VALUES ($1, $2)",
                    [.int(Int64(id)), .string(text)]
                )
            }
            let result = try await PG.run(executor, "SELECT id, s, octet_length(s) FROM \(table) ORDER BY id")
            #expect(result.rowCount == Self.hostile.count)
            for (id, row) in result.rows.enumerated() {
                #expect(row[1] == .string(Self.hostile[id]))
                #expect(Array(row[1].text.utf8) == Array(Self.hostile[id].utf8))
                #expect(row[2] == .int(Int64(Self.hostile[id].utf8.count)))
            }
            let found = try await PG.run(
                executor,
                "SELECT count(*) FROM \(table) WHERE s = $1",
                [.string("'; DROP TABLE x; --")]
            )
            #expect(found.scalar == .int(1))
        }
    }

    @Test func scalarParametersKeepFullPrecision() async throws {
        let executor = try PG.executor()
        let r = try await PG.run(
            executor,
            "SELECT $1::int8 AS a, $2::float8 AS b, $3::float8 = 0.1::float8 + 0.2::float8 AS c, $4::bool AS d, "
                + "$5::bool AS e, $6::text IS NULL AS f, $7::float8 AS g, $8::numeric AS h",
            [
                .int(Int64.min), .double(1.0 / 3.0), .double(0.1 + 0.2), .bool(true), .bool(false), .null,
                .double(-.infinity), .double(.leastNonzeroMagnitude),
            ]
        ).firstRow
        await executor.close()
        #expect(r["a"] == .int(Int64.min))
        #expect(r["b"] == .double(1.0 / 3.0))
        #expect(r["c"] == .bool(true))
        #expect(r["d"] == .bool(true))
        #expect(r["e"] == .bool(false))
        #expect(r["f"] == .bool(true))
        #expect(r["g"] == .double(-.infinity))
        #expect(r["h"] == .double(.leastNonzeroMagnitude))
    }

    @Test func listsAndMapsBindAsJSON() async throws {
        let executor = try PG.executor()
        let nested: Value = .map([("a", .list([.int(1), .string("x'y"), .null])), ("b", .map([("c", .bool(true))]))])
        let r = try await PG.run(
            executor,
            "SELECT $1::jsonb AS j, jsonb_typeof($1::jsonb) AS t, $2::jsonb AS l",
            [nested, .list([.double(1.5), .string("\\")])]
        ).firstRow
        await executor.close()
        #expect(r["j"] == nested)
        #expect(r["t"] == .string("object"))
        #expect(r["l"] == .list([.double(1.5), .string("\\")]))
    }

    @Test func nulCharacterIsRefusedBeforeSending() async throws {
        let executor = try PG.executor()
        let error = await PG.error { try await PG.run(executor, "SELECT $1::text", [.string("a\u{0}b")]) }
        #expect(error?.code == .configuration)
        let after = try await PG.run(executor, "SELECT 1")
        #expect(after.scalar == .int(1))
        await executor.close()
    }
}
