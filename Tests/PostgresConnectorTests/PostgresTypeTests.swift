import PostgresConnector
import RunbookCore
import Testing

@Suite(.enabled(if: PG.isAvailable, "needs RUNBOOK_PG_URL"))
struct PostgresTypeTests {
    private func row(_ sql: String, _ params: [Value] = []) async throws -> [String: Value] {
        let executor = try PG.executor()
        let result = try await PG.run(executor, sql, params)
        await executor.close()
        return result.firstRow
    }

    @Test func integersAndFloats() async throws {
        let r = try await row(
            """
            SELECT 32767::int2 AS a, '-2147483648'::int4 AS b, 9223372036854775807::int8 AS c, 26::oid AS d,
                   0.1::float8 AS e, 1.5::float4 AS f, 'NaN'::float8 AS g, '-Infinity'::float8 AS h,
                   1e-300::float8 AS i
            """
        )
        #expect(r["a"] == .int(32767))
        #expect(r["b"] == .int(-2_147_483_648))
        #expect(r["c"] == .int(Int64.max))
        #expect(r["d"] == .int(26))
        #expect(r["e"] == .double(0.1))
        #expect(r["f"] == .double(1.5))
        guard case .double(let nan) = r["g"] else {
            Issue.record("NaN not a double: \(String(describing: r["g"]))")
            return
        }
        #expect(nan.isNaN)
        #expect(r["h"] == .double(-.infinity))
        #expect(r["i"] == .double(1e-300))
    }

    @Test func numericIsDoubleOnlyWhenExact() async throws {
        let r = try await row(
            """
            SELECT 0.1::numeric AS a, 1.50::numeric AS b, 12345::numeric AS c,
                   12345678901234567890.123::numeric AS d, 'NaN'::numeric AS e, 0.000000000000000000001::numeric AS f,
                   -42.125::numeric(10,4) AS g, 3.14159265358979323846::numeric AS h, sum(x) AS i
            FROM (VALUES (1::int8), (2::int8)) AS t(x)
            """
        )
        #expect(r["a"] == .double(0.1))
        #expect(r["b"] == .double(1.5))
        #expect(r["c"] == .double(12345))
        #expect(r["d"] == .string("12345678901234567890.123"))
        #expect(r["e"] == .string("NaN"))
        #expect(r["f"] == .double(1e-21))
        #expect(r["g"] == .double(-42.125))
        #expect(r["h"] == .string("3.14159265358979323846"))
        #expect(r["i"] == .int(3))
    }

    @Test func textLikeTypesAndNull() async throws {
        let r = try await row(
            """
            SELECT true AS a, false AS b, 'héllo'::text AS c, 'v'::varchar(5) AS d, 'ab'::char(4) AS e,
                   'pg_class'::name AS f, 'x'::"char" AS g, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS h,
                   NULL::int AS i, NULL::text AS j, '1 day 02:00'::interval AS k, '\\x00ff'::bytea AS l
            """
        )
        #expect(r["a"] == .bool(true))
        #expect(r["b"] == .bool(false))
        #expect(r["c"] == .string("héllo"))
        #expect(r["d"] == .string("v"))
        #expect(r["e"] == .string("ab  "))
        #expect(r["f"] == .string("pg_class"))
        #expect(r["g"] == .string("x"))
        #expect(r["h"] == .string("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
        #expect(r["i"] == .null)
        #expect(r["j"] == .null)
        #expect(r["k"] == .string("1 day 02:00:00"))
        #expect(r["l"] == .string("\\x00ff"))
    }

    @Test func datesAndTimestampsAsTheServerPrintsThem() async throws {
        let executor = try PG.executor()
        let result = try await executor.execute(
            ResolvedQuery(statements: [
                "SET TimeZone = 'Europe/Paris'",
                """
                SELECT '2024-02-29'::date AS a, '2024-02-29 13:14:15.123456'::timestamp AS b,
                       '2024-07-01 12:00:00+00'::timestamptz AS c, '2024-01-01 00:00:00.5+00'::timestamptz AS d
                """,
            ]),
            options: ExecutionOptions()
        )
        await executor.close()
        let r = result.firstRow
        #expect(r["a"] == .string("2024-02-29"))
        #expect(r["b"] == .string("2024-02-29 13:14:15.123456"))
        #expect(r["c"] == .string("2024-07-01 14:00:00+02"))
        #expect(r["d"] == .string("2024-01-01 01:00:00.5+01"))
    }

    @Test func jsonIsParsedWithNesting() async throws {
        let r = try await row(
            """
            SELECT '{"a": [1, {"b": null, "c": [true, 2.5]}], "d": "x\\"y", "e": {}}'::json AS j,
                   '{"z": 1, "a": {"n": [1, 2]}}'::jsonb AS jb, '[]'::jsonb AS empty
            """
        )
        let expected: Value = .map([
            ("a", .list([.int(1), .map([("b", .null), ("c", .list([.bool(true), .double(2.5)]))])])),
            ("d", .string("x\"y")),
            ("e", .map([])),
        ])
        #expect(r["j"] == expected)
        #expect(r["jb"] == .map([("a", .map([("n", .list([.int(1), .int(2)]))])), ("z", .int(1))]))
        #expect(r["empty"] == .list([]))
    }

    @Test func arraysWithQuotesCommasAndNull() async throws {
        let r = try await row(
            #"""
            SELECT ARRAY[1, NULL, 3]::int4[] AS ints, ARRAY[9223372036854775807]::int8[] AS bigs,
                   ARRAY['plain', 'a,b', 'say "hi"', 'back\slash', '', 'NULL', NULL, '{braces}', ' sp ', 'é']::text[]
                     AS texts,
                   ARRAY[true, false, NULL]::bool[] AS bools, ARRAY[0.1, -2.5, 'NaN']::float8[] AS floats,
                   ARRAY[[1, 2], [3, 4]]::int2[] AS matrix, '{}'::int4[] AS empty,
                   '[0:1]={7,8}'::int4[] AS shifted, ARRAY['x y']::varchar[] AS varchars
            """#
        )
        #expect(r["ints"] == .list([.int(1), .null, .int(3)]))
        #expect(r["bigs"] == .list([.int(Int64.max)]))
        let texts: [Value] =
            [
                "plain", "a,b", "say \"hi\"", "back\\slash", "", "NULL",
            ].map(Value.string) + [.null] + ["{braces}", " sp ", "é"].map(Value.string)
        #expect(r["texts"] == .list(texts))
        #expect(r["bools"] == .list([.bool(true), .bool(false), .null]))
        guard case .list(let floats) = r["floats"], floats.count == 3 else {
            Issue.record("floats: \(String(describing: r["floats"]))")
            return
        }
        #expect(floats[0] == .double(0.1))
        #expect(floats[1] == .double(-2.5))
        #expect(floats[2].numeric?.isNaN == true)
        #expect(r["matrix"] == .list([.list([.int(1), .int(2)]), .list([.int(3), .int(4)])]))
        #expect(r["empty"] == .list([]))
        #expect(r["shifted"] == .list([.int(7), .int(8)]))
        #expect(r["varchars"] == .list([.string("x y")]))
    }

    @Test func valuesRoundTripThroughATable() async throws {
        try await PG.withTable("types", columns: "i int8, d float8, b bool, t text, j jsonb, a text[], n numeric") {
            executor,
            table in
            let params: [Value] = [
                .int(-9_223_372_036_854_775_807), .double(0.30000000000000004), .bool(true), .string("ü\n\t"),
                .map([("k", .list([.int(1), .string("two"), .null]))]), .string(#"{"a,b",NULL,"c\"d"}"#),
                .string("123456789012345678901234567890.5"),
            ]
            let insert = try await PG.run(
                executor,
                "INSERT INTO \(table) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                params
            )
            #expect(insert.counters["command"] == .string("INSERT 0 1"))
            let r = try await PG.run(executor, "SELECT * FROM \(table)").firstRow
            #expect(r["i"] == params[0])
            #expect(r["d"] == params[1])
            #expect(r["b"] == params[2])
            #expect(r["t"] == params[3])
            #expect(r["j"] == params[4])
            #expect(r["a"] == .list([.string("a,b"), .null, .string("c\"d")]))
            #expect(r["n"] == params[6])
        }
    }
}
