import RunbookCore
import Testing

@Suite struct ExpressionTypeCheckerTests {
    static let known: [String: ValueType] = [
        "params.n": .int, "params.f": .float, "params.name": .string, "params.flag": .bool,
        "params.items": .list, "params.labels": .map, "params.timeout": .duration, "params.nothing": .null,
    ]

    /// Params are known; anything under `steps` is `.any`; anything else is unknown.
    static var environment: TypeEnvironment {
        TypeEnvironment { path, at in
            let key = path.joined(separator: ".")
            if let type = known[key] { return .success(type) }
            if path.first == "steps" { return .success(.any) }
            let hint = Suggestion.hint(for: path.last ?? "", in: known.keys.map { String($0.dropFirst(7)) })
            return .failure(Diagnostic(at: at, "unknown parameter '\(path.last ?? "")'\(hint)"))
        }
    }

    func check(_ source: String, origin: Loc = loc(1, 1)) throws -> (type: ValueType, diagnostics: [Diagnostic]) {
        ExpressionTypeChecker.check(try parse(source, origin: origin), in: Self.environment)
    }

    func type(_ source: String) throws -> ValueType {
        let result = try check(source)
        #expect(result.diagnostics.isEmpty, "\(source): \(result.diagnostics)")
        return result.type
    }

    func diagnostic(_ source: String, origin: Loc = loc(1, 1)) throws -> Diagnostic {
        let result = try check(source, origin: origin)
        #expect(result.diagnostics.count == 1, "\(source): \(result.diagnostics)")
        return try #require(result.diagnostics.first)
    }

    @Test func comparingStringWithIntIsAnErrorAtTheOperator() throws {
        let d = try diagnostic("'yes' > 4")
        #expect(d.message == "cannot compare string with int using '>'")
        #expect(d.location == loc(1, 7))
        #expect(d.severity == .error)
        let shifted = try diagnostic("'yes' > 4", origin: loc(12, 20))
        #expect(shifted.location == loc(12, 26))
    }

    @Test func literalsAndReferences() throws {
        #expect(try type("1") == .int)
        #expect(try type("1.5") == .float)
        #expect(try type("'a'") == .string)
        #expect(try type("true") == .bool)
        #expect(try type("null") == .null)
        #expect(try type("params.n") == .int)
        #expect(try type("steps.x.outputs.y") == .any)
    }

    @Test func referenceDiagnosticsComeFromTheEnvironment() throws {
        let d = try diagnostic("1 + params.nn", origin: loc(4, 10))
        #expect(d.message == "unknown parameter 'nn' (did you mean 'n'?)")
        #expect(d.location == loc(4, 14))
        // The failed reference is `.any`: no cascade of errors.
        #expect(try check("params.nn > 'x'").diagnostics.count == 1)
    }

    @Test func ordering() throws {
        #expect(try type("params.n < 2.5") == .bool)
        #expect(try type("params.name >= 'b'") == .bool)
        #expect(try type("steps.a.outputs.b > 3") == .bool)
        #expect(try type("steps.a.outputs.b <= 'x'") == .bool)
        #expect(try type("params.timeout > params.timeout") == .bool)
        #expect(try diagnostic("params.flag < true").message == "cannot compare bool with bool using '<'")
        #expect(try diagnostic("params.n <= null").message == "cannot compare int with null using '<='")
        #expect(try diagnostic("params.items > 1").message == "cannot compare list with int using '>'")
        #expect(try diagnostic("steps.a.b >= params.labels").message == "cannot compare any with map using '>='")
    }

    @Test func equality() throws {
        #expect(try type("params.n == 1.5") == .bool)
        #expect(try type("params.name != null") == .bool)
        #expect(try type("null == params.items") == .bool)
        #expect(try type("steps.a.b == 'x'") == .bool)
        #expect(try type("params.timeout == '10m'") == .bool)
        let d = try diagnostic("params.name == params.n")
        #expect(d.message == "cannot compare string with int using '=='")
        #expect(d.location == loc(1, 13))
        #expect(try diagnostic("true != 1").message == "cannot compare bool with int using '!='")
        #expect(try diagnostic("params.items == params.labels").message == "cannot compare list with map using '=='")
    }

    @Test func logic() throws {
        #expect(try type("params.n && params.name") == .bool)
        #expect(try type("params.flag || steps.x.y") == .bool)
        #expect(try type("!params.items") == .bool)
    }

    @Test func arithmetic() throws {
        #expect(try type("params.n + 1") == .int)
        #expect(try type("params.n + params.f") == .float)
        #expect(try type("'a' + params.name") == .string)
        #expect(try type("params.n - 1") == .int)
        #expect(try type("params.n * 2.0") == .float)
        #expect(try type("params.n / 2") == .float)
        #expect(try type("-params.n") == .int)
        #expect(try type("-params.f") == .float)
        #expect(try type("steps.a.b + 1") == .any)
        #expect(try type("steps.a.b * 1.5") == .float)
        #expect(try type("steps.a.b + 'x'") == .string)
        #expect(try type("steps.a.b / steps.a.c") == .float)
        let add = try diagnostic("'a' + 1")
        #expect(add.message == "cannot apply '+' to string and int")
        #expect(add.location == loc(1, 5))
        #expect(try diagnostic("params.name - 1").message == "cannot apply '-' to string and int")
        #expect(try diagnostic("params.flag * 2").message == "cannot apply '*' to bool and int")
        #expect(try diagnostic("'6' / 2").message == "cannot apply '/' to string and int")
        #expect(try diagnostic("params.items + params.items").message == "cannot apply '+' to list and list")
        #expect(try diagnostic("steps.a.b + true").message == "cannot apply '+' to any and bool")
        let negate = try diagnostic("1 + -params.name")
        #expect(negate.message == "cannot negate a string value")
        #expect(negate.location == loc(1, 5))
    }

    @Test func functions() throws {
        #expect(try type("len(params.name)") == .int)
        #expect(try type("len(params.items) + len(params.labels)") == .int)
        #expect(try type("contains(params.items, 1)") == .bool)
        #expect(try type("contains(params.name, 'x')") == .bool)
        #expect(try type("matches(params.name, '^a+$')") == .bool)
        #expect(try type("matches(params.n, '[0-9]')") == .bool)
        #expect(try type("abs(params.n)") == .int)
        #expect(try type("abs(params.f)") == .float)
        #expect(try type("abs(steps.a.b)") == .any)
        #expect(try type("format('{0} of {1}', params.n, params.items)") == .string)
        #expect(try type("format(params.name)") == .string)
        #expect(try type("format('{{literal}} {0}', 1)") == .string)
    }

    @Test func functionArgumentErrors() throws {
        let len = try diagnostic("len(params.n)")
        #expect(len.message == "len() needs a string, list or map, got int")
        #expect(len.location == loc(1, 5))
        #expect(try diagnostic("len(1, 2)").message == "'len' expects 1 argument, got 2: len(string|list|map)")
        #expect(try diagnostic("contains('abc')").message.contains("expects 2 arguments, got 1"))
        #expect(try diagnostic("contains(params.n, 1)").message == "contains() searches a string or a list, got int")
        #expect(
            try diagnostic("contains('abc', 1)").message == "contains() on a string needs a string to look for, got int"
        )
        #expect(try diagnostic("matches(params.items, 'x')").message == "matches() needs a text value, got list")
        #expect(try diagnostic("matches('x', 1)").message == "matches() needs a pattern string, got int")
        #expect(try diagnostic("abs('x')").message == "abs() needs a number, got string")
        #expect(try diagnostic("format()").message.contains("at least 1 argument"))
        #expect(try diagnostic("format(1)").message == "format() needs a format string first, got int")
        let missing = try diagnostic("format('{0} of {1}', 1)")
        #expect(missing.message == "format placeholder {1} has no value (1 value is given)")
        #expect(missing.location == loc(1, 8))
        #expect(try diagnostic("format('{x}', 1)").message.contains("bad placeholder"))
    }

    @Test func unknownFunctionSuggestsTheClosest() throws {
        let d = try diagnostic("lenght(params.name) > 1", origin: loc(3, 9))
        #expect(d.message == "unknown function 'lenght' (did you mean 'len'?)")
        #expect(d.location == loc(3, 9))
        #expect(try diagnostic("contain('a', 'b')").message == "unknown function 'contain' (did you mean 'contains'?)")
        #expect(try diagnostic("frobnicate()").message == "unknown function 'frobnicate'")
    }

    @Test func badRegexLiteralIsAnErrorAtThePattern() throws {
        let d = try diagnostic("matches(params.name, '(unclosed')", origin: loc(2, 3))
        #expect(d.message.hasPrefix("invalid regular expression '(unclosed'"))
        #expect(d.location == loc(2, 24))
        #expect(try diagnostic("matches('x', '[z-a]')").location == loc(1, 14))
        // A pattern from a reference is checked at run time.
        #expect(try check("matches('x', params.name)").diagnostics.isEmpty)
    }

    @Test func allProblemsAreReported() throws {
        let result = try check("'a' > 1 || lenn(x) || params.nope")
        #expect(result.diagnostics.map(\.location) == [loc(1, 5), loc(1, 12), loc(1, 17), loc(1, 23)])
    }

    @Test func templateTypes() throws {
        let single = try Template.parse("  ${{ params.n + 1 }} ", origin: loc(1, 1))
        #expect(ExpressionTypeChecker.check(single, in: Self.environment).type == .int)
        let text = try Template.parse("n=${{ params.n }}", origin: loc(1, 1))
        #expect(ExpressionTypeChecker.check(text, in: Self.environment).type == .string)
        let bad = try Template.parse("a ${{ 'x' > 1 }} b ${{ params.q }}", origin: loc(5, 7))
        let diagnostics = ExpressionTypeChecker.check(bad, in: Self.environment).diagnostics
        #expect(diagnostics.map(\.location) == [loc(5, 17), loc(5, 30)])
    }
}
