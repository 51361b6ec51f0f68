import RunbookCore
import Testing

@Suite struct ExpressionEvaluatorTests {
    @Test(arguments: [
        ("1 + 2", Value.int(3)),
        ("1 + 2.5", .double(3.5)),
        ("'ab' + 'cd'", .string("abcd")),
        ("10 - 3 - 2", .int(5)),
        ("2.5 - 1", .double(1.5)),
        ("6 * 7", .int(42)),
        ("1.5 * 2", .double(3)),
        ("7 / 2", .double(3.5)),
        ("8 / 4", .double(2)),
        ("-5 + 2", .int(-3)),
        ("-(2.5)", .double(-2.5)),
        ("1 + 2 * 3", .int(7)),
        ("(1 + 2) * 3", .int(9)),
        ("9223372036854775807 - 1", .int(9_223_372_036_854_775_806)),
        ("-9223372036854775808", .int(Int64.min)),
    ])
    func arithmetic(source: String, expected: Value) throws {
        let value = try evaluate(source)
        #expect(value == expected)
        #expect(value.type == expected.type)
    }

    @Test(arguments: [
        ("1 < 2", true), ("2 <= 2", true), ("3 > 2.5", true), ("2 >= 2.0", true), ("1.5 < 1", false),
        ("'a' < 'b'", true), ("'abc' > 'abd'", false), ("'B' < 'a'", true), ("'x' >= 'x'", true),
        ("1 == 1", true), ("2 == 2.0", true), ("1 != 2", true), ("'a' == 'a'", true), ("'a' != 'b'", true),
        ("null == null", true), ("null == 0", false), ("null != ''", true), ("true == true", true),
        ("'1' == 1", true), ("'x' == 1", false), ("9223372036854775807 == 9223372036854775806", false),
        ("!true", false), ("!0", true), ("!''", true), ("!'x'", false), ("!null", true),
        ("true && 1", true), ("true && ''", false), ("0 || 'x'", true), ("null || false", false),
    ])
    func comparisonsAndLogic(source: String, expected: Bool) throws {
        #expect(try evaluate(source) == .bool(expected))
    }

    @Test func numericTextComparesWithNumbers() throws {
        // Captured command output arrives as text.
        let values: [String: Value] = ["s.n": .string("42\n"), "s.f": .string("2.5"), "s.word": .string("many")]
        #expect(try evaluate("s.n == 42", values) == .bool(true))
        #expect(try evaluate("s.n > 41.5", values) == .bool(true))
        #expect(try evaluate("s.f < 3", values) == .bool(true))
        #expect(try evaluate("s.word == 42", values) == .bool(false))
        let error = try #require(try evaluationError("s.word > 4", values))
        #expect(error.message == "cannot compare string with int using '>'")
        #expect(error.location == loc(1, 8))
    }

    @Test func logicShortCircuits() throws {
        #expect(try evaluate("false && missing.ref") == .bool(false))
        #expect(try evaluate("true || missing.ref") == .bool(true))
        #expect(try evaluate("false && 1 / 0") == .bool(false))
        let error = try #require(try evaluationError("true && missing.ref"))
        #expect(error.message == "undefined reference 'missing.ref'")
        #expect(error.location == loc(1, 9))
    }

    @Test func undefinedReferences() throws {
        let error = try #require(try evaluationError("params.x + steps.a-b.outputs['a b']", ["params.x": .int(1)]))
        #expect(error.message == "undefined reference 'steps.a-b.outputs['a b']'")
        #expect(error.location == loc(1, 12))
        #expect(try evaluate("params.x", ["params.x": .list([.int(1)])]) == .list([.int(1)]))
    }

    @Test(arguments: [
        ("1 / 0", "division by zero", 3),
        ("1.5 / 0.0", "division by zero", 5),
        ("1 / (2 - 2)", "division by zero", 3),
        ("9223372036854775807 + 1", "integer overflow in '+'", 21),
        ("-9223372036854775807 - 2", "integer overflow in '-'", 22),
        ("4611686018427387904 * 2", "integer overflow in '*'", 21),
        ("-(-9223372036854775808)", "integer overflow in '-'", 1),
        ("abs(-9223372036854775808)", "integer overflow in abs()", 1),
        ("1e308 * 10", "arithmetic overflow in '*'", 7),
        ("'a' + 1", "cannot apply '+' to string and int", 5),
        ("true * 2", "cannot apply '*' to bool and int", 6),
        ("-'x'", "cannot negate a string value", 1),
        ("null < 1", "cannot compare null with int using '<'", 6),
        ("len(3)", "len() needs a string, list or map, got int", 5),
        ("lenn(1)", "unknown function 'lenn' (did you mean 'len'?)", 1),
        ("matches('x', '(')", "invalid regular expression '('", 14),
        ("format('{0} {1}', 'a')", "format placeholder {1} has no value (1 given)", 8),
        ("len('a', 'b')", "wrong number of arguments to 'len'", 1),
    ])
    func runtimeErrors(source: String, message: String, column: Int) throws {
        let error = try #require(try evaluationError(source))
        #expect(error.message.hasPrefix(message), "\(error)")
        #expect(error.location == loc(1, column), "\(error)")
    }

    @Test func functions() throws {
        let values: [String: Value] = [
            "list": .list([.int(1), .string("b"), .double(2.5)]),
            "map": .map([("a", .int(1)), ("b", .int(2))]),
            "n": .int(-7),
        ]
        #expect(try evaluate("len('héllo')") == .int(5))
        #expect(try evaluate("len(list)", values) == .int(3))
        #expect(try evaluate("len(map)", values) == .int(2))
        #expect(try evaluate("len('')") == .int(0))
        #expect(try evaluate("contains('staging-1', 'staging')") == .bool(true))
        #expect(try evaluate("contains('prod', 'staging')") == .bool(false))
        #expect(try evaluate("contains(list, 'b')", values) == .bool(true))
        #expect(try evaluate("contains(list, 2.5)", values) == .bool(true))
        #expect(try evaluate("contains(list, 3)", values) == .bool(false))
        #expect(try evaluate("matches('nova-staging', '^nova-(staging|dev)$')") == .bool(true))
        #expect(try evaluate("matches('prod', 'stag')") == .bool(false))
        #expect(try evaluate("matches(12345, '^[0-9]+$')") == .bool(true))
        #expect(try evaluate("abs(n)", values) == .int(7))
        #expect(try evaluate("abs(-2.5)") == .double(2.5))
        #expect(try evaluate("format('{0} of {1}', 3, 10)") == .string("3 of 10"))
        #expect(try evaluate("format('{1}{0}{{}}', 'a', list)", values) == .string("[1,\"b\",2.5]a{}"))
    }
}
