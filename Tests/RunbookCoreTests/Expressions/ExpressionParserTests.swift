import RunbookCore
import Testing

@Suite struct ExpressionParserTests {
    @Test(arguments: [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
        ("a || b && c", "(|| a (&& b c))"),
        ("a && b || c", "(|| (&& a b) c)"),
        ("a == b < c", "(== a (< b c))"),
        ("a + b == c - d", "(== (+ a b) (- c d))"),
        ("a < b + c * d", "(< a (+ b (* c d)))"),
        ("!a && b", "(&& (! a) b)"),
        ("-a * b", "(* (- a) b)"),
        ("- -a", "(- (- a))"),
        ("!(a || b)", "(! (|| a b))"),
        ("a != b && c >= d || e <= f", "(|| (&& (!= a b) (>= c d)) (<= e f))"),
        ("len(a) > 2 && matches(b, 'x')", "(&& (> (len a) 2) (matches b 'x'))"),
        ("format('{0}', a + 1, b)", "(format '{0}' (+ a 1) b)"),
        ("f()", "(f)"),
    ])
    func precedence(source: String, expected: String) throws {
        #expect(sexpr(try parse(source)) == expected)
    }

    @Test(arguments: [
        ("1 - 2 - 3", "(- (- 1 2) 3)"),
        ("8 / 4 / 2", "(/ (/ 8 4) 2)"),
        ("a * b / c", "(/ (* a b) c)"),
        ("a || b || c", "(|| (|| a b) c)"),
        ("a == b == c", "(== (== a b) c)"),
    ])
    func leftAssociativity(source: String, expected: String) throws {
        #expect(sexpr(try parse(source)) == expected)
    }

    @Test func literals() throws {
        #expect(try parse("42") == .literal(.int(42), at: loc(1, 1)))
        #expect(try parse("9223372036854775807") == .literal(.int(Int64.max), at: loc(1, 1)))
        #expect(try parse("-9223372036854775808") == .literal(.int(Int64.min), at: loc(1, 1)))
        #expect(try parse("1.5") == .literal(.double(1.5), at: loc(1, 1)))
        #expect(try parse("2e3") == .literal(.double(2000), at: loc(1, 1)))
        #expect(try parse("1.5E-2") == .literal(.double(0.015), at: loc(1, 1)))
        #expect(try parse("'single'") == .literal(.string("single"), at: loc(1, 1)))
        #expect(try parse("\"double\"") == .literal(.string("double"), at: loc(1, 1)))
        #expect(try parse(#"'a\\b\'c\"d\ne\tf'"#) == .literal(.string("a\\b'c\"d\ne\tf"), at: loc(1, 1)))
        #expect(try parse(#""it's""#) == .literal(.string("it's"), at: loc(1, 1)))
        #expect(try parse("''") == .literal(.string(""), at: loc(1, 1)))
        #expect(try parse("'héllo 🚀'") == .literal(.string("héllo 🚀"), at: loc(1, 1)))
        #expect(try parse("true") == .literal(.bool(true), at: loc(1, 1)))
        #expect(try parse("false") == .literal(.bool(false), at: loc(1, 1)))
        #expect(try parse("null") == .literal(.null, at: loc(1, 1)))
    }

    @Test func integerOverflowIsAParseError() throws {
        let error = try #require(parseError("1 + 9223372036854775808"))
        #expect(error.location == loc(1, 5))
        #expect(error.message.contains("does not fit in 64 bits"))
        #expect(parseError("-9223372036854775809") != nil)
        #expect(parseError("1e999")?.message.contains("out of range") == true)
    }

    @Test func references() throws {
        #expect(try parse("params.x") == .reference(path: ["params", "x"], at: loc(1, 1)))
        #expect(
            try parse("steps.fetch.outputs.users")
                == .reference(path: ["steps", "fetch", "outputs", "users"], at: loc(1, 1))
        )
        #expect(try parse(#"a.b["key with space"]"#) == .reference(path: ["a", "b", "key with space"], at: loc(1, 1)))
        #expect(try parse("a['k']") == .reference(path: ["a", "k"], at: loc(1, 1)))
        #expect(try parse("a[0].b") == .reference(path: ["a", "0", "b"], at: loc(1, 1)))
        #expect(try parse("run.id") == .reference(path: ["run", "id"], at: loc(1, 1)))
        // Step ids contain hyphens: allowed in member names; subtraction needs spaces there.
        #expect(
            try parse("steps.user-count.outputs.n")
                == .reference(path: ["steps", "user-count", "outputs", "n"], at: loc(1, 1))
        )
        #expect(sexpr(try parse("steps.a-b.status - 1")) == "(- steps.a-b.status 1)")
        #expect(sexpr(try parse("a-b")) == "(- a b)")
    }

    @Test func describePathRoundTrips() throws {
        for path in [["params", "x"], ["steps", "a-b", "outputs", "key with space"], ["a", "it's"]] {
            let text = Expression.describe(path: path)
            #expect(try parse(text) == .reference(path: path, at: loc(1, 1)), "\(text)")
        }
    }

    @Test func nodeLocationsWithOrigin() throws {
        // params.x + 'a' starting at line 12, column 20.
        let e = try parse("params.x + 'a'", origin: loc(12, 20))
        guard case .binary(.add, let l, let r, let at) = e else {
            Issue.record("not a binary: \(e)")
            return
        }
        #expect(at == loc(12, 29))
        #expect(l.location == loc(12, 20))
        #expect(r.location == loc(12, 31))
        #expect(e.location == loc(12, 29))
    }

    @Test func nodeLocationsMultiLine() throws {
        let source = "a &&\n  len(b) > 2 ||\n\t!c"
        let e = try parse(source, origin: loc(3, 5))
        guard case .binary(.or, let and, let not, let orAt) = e,
            case .binary(.and, let a, let gt, let andAt) = and,
            case .binary(.greater, let call, let two, let gtAt) = gt,
            case .call("len", let args, let callAt) = call
        else {
            Issue.record("unexpected tree \(sexpr(e))")
            return
        }
        #expect(a.location == loc(3, 5))
        #expect(andAt == loc(3, 7))
        #expect(callAt == loc(4, 3))
        #expect(args.first?.location == loc(4, 7))
        #expect(gtAt == loc(4, 10))
        #expect(two.location == loc(4, 12))
        #expect(orAt == loc(4, 14))
        #expect(not.location == loc(5, 2))
        #expect(e.references.map(\.location) == [loc(3, 5), loc(4, 7), loc(5, 3)])
    }

    @Test func columnsCountUnicodeScalars() throws {
        let e = try parse("'é🚀' == x")
        guard case .binary(_, _, let x, let at) = e else { return }
        #expect(at == loc(1, 6))
        #expect(x.location == loc(1, 9))
    }

    @Test(arguments: [
        ("1 + #", loc(12, 24), "unexpected character '#'"),
        ("len(a, b", loc(12, 28), "expected ')' after arguments"),
        ("len(a b)", loc(12, 26), "expected ')' after arguments, found 'b'"),
        ("'abc", loc(12, 20), "unterminated string"),
        ("(a + b", loc(12, 26), "expected ')'"),
        ("a.", loc(12, 22), "expected a name after '.'"),
        ("a[b]", loc(12, 22), "expected a string or integer inside '[ ]'"),
        ("a['b'", loc(12, 25), "expected ']'"),
        ("1 2", loc(12, 22), "unexpected '2' after expression"),
        ("a = b", loc(12, 22), "use '=='"),
        ("a & b", loc(12, 22), "use '&&'"),
        ("a +", loc(12, 23), "expected an expression, found end of input"),
        ("", loc(12, 20), "expected an expression"),
        ("   ", loc(12, 23), "expected an expression"),
        (")", loc(12, 20), "expected an expression, found ')'"),
        ("'a\\qb'", loc(12, 22), "unknown escape '\\q'"),
        ("12abc", loc(12, 22), "after number"),
        ("a\u{7}", loc(12, 21), "unexpected character U+0007"),
    ])
    func errorLocations(source: String, location: Loc, message: String) throws {
        let error = try #require(parseError(source, origin: loc(12, 20)))
        #expect(error.location == location, "\(error)")
        #expect(error.message.contains(message), "\(error)")
    }

    @Test func errorLocationInMultiLineSource() throws {
        let error = try #require(parseError("a +\n  (b\n   + ", origin: loc(7, 9)))
        #expect(error.location == loc(9, 6))
        let error2 = try #require(parseError("a\n\n  # x", origin: loc(7, 9)))
        #expect(error2.location == loc(9, 3))
        #expect(error2.message == "unexpected character '#'")
    }

    @Test func depthIsCapped() throws {
        let ok = String(repeating: "(", count: 90) + "1" + String(repeating: ")", count: 90)
        #expect(parseError(ok) == nil)
        let cases = [
            String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150),
            String(repeating: "(", count: 100_000),
            String(repeating: "!", count: 100_000) + "a",
            String(repeating: "-", count: 100_000) + "1",
            "1" + String(repeating: " + 1", count: 200),
            String(repeating: "len(", count: 1000) + "x" + String(repeating: ")", count: 1000),
            String(repeating: "a[", count: 10_000),
        ]
        for source in cases {
            let error = parseError(source)
            #expect(error != nil)
            #expect(error?.location.line == 1)
        }
        #expect(parseError("1" + String(repeating: " + 1", count: 200))?.message.contains("nested too deeply") == true)
    }

    @Test func longFlatInputsAreFine() throws {
        let args = Array(repeating: "1", count: 20_000).joined(separator: ", ")
        let e = try parse("format('x', \(args))")
        guard case .call(_, let arguments, _) = e else { return }
        #expect(arguments.count == 20_001)
        let longString = "'" + String(repeating: "x", count: 200_000) + "'"
        #expect(parseError(longString) == nil)
    }

    @Test(arguments: [
        "a..b", "a[", "a[]", "[1]", "${{ a }}", "a ? b : c", "\u{0}", "'\\", "a.'b'", "((a)", "a))", ",",
        "len(,)", "len(a,)", "1.", ".5", "1e", "a.b.", "!!", "--", "a + * b", "🚀", "a\u{200B}b", "\"abc\\\"",
    ])
    func garbageIsRejected(source: String) {
        let error = parseError(source)
        #expect(error != nil, "\(source) parsed")
        #expect(error?.location.line == 1)
    }
}
