import RunbookCore
import Testing

@Suite struct ExpressionFuzzTests {
    static let tokens = [
        "params", "steps", ".", "x", "a-b", "(", ")", "[", "]", "'", "\"", "\\", "${{", "}}", "{", "}", "$",
        "+", "-", "*", "/", "==", "!=", "=", "!", "&&", "||", "&", "|", "<", ">=", ">", "<=", ",", " ", "  ",
        "\n", "\t", "\r\n", "0", "1", "1.5", "2e3", "1e", "9223372036854775808", "-9223372036854775808",
        "true", "false", "null", "len", "contains", "matches", "abs", "format", "lenn", "'{0}'", "'('", "'[a-'",
        "'\\q'", "'a\\'b'", "#", "é", "🚀", "\u{0}", "\u{7}", "\u{200B}", "'x'", "\"y\"", "outputs", "status",
    ]

    static func randomString(_ rng: inout SplitMix64) -> String {
        var out = ""
        for _ in 0..<Int.random(in: 0...24, using: &rng) {
            if Int.random(in: 0..<5, using: &rng) == 0 {
                let scalar = Unicode.Scalar(UInt32.random(in: 0...0x2FFFF, using: &rng)) ?? "?"
                out.unicodeScalars.append(scalar)
            } else {
                out += tokens[Int.random(in: 0..<tokens.count, using: &rng)]
            }
        }
        return out
    }

    static let environment = { @Sendable () -> TypeEnvironment in
        TypeEnvironment { path, at in
            path.count > 3 ? .failure(Diagnostic(at: at, "too long")) : .success(path.count == 1 ? .int : .any)
        }
    }

    @Test func randomInputsNeverCrashAndErrorsPointIntoTheInput() {
        var rng = SplitMix64(seed: 20_251_124)
        var parsed = 0
        var templates = 0
        let environment = Self.environment()
        let evaluation = EvaluationContext { path in path.count == 1 ? .int(3) : .string("v") }
        for _ in 0..<20_000 {
            let source = Self.randomString(&rng)
            let origin = loc(Int.random(in: 1...500, using: &rng), Int.random(in: 1...120, using: &rng))
            let lines = source.unicodeScalars.filter { $0 == "\n" }.count
            func inRange(_ l: Loc) -> Bool {
                l.line >= origin.line && l.line <= origin.line + lines && l.column >= 1
                    && (l.line != origin.line || l.column >= origin.column)
            }
            do {
                let e = try ExpressionParser.parse(source, origin: origin)
                parsed += 1
                let checked = ExpressionTypeChecker.check(e, in: environment)
                for d in checked.diagnostics { #expect(inRange(d.location), "\(source.debugDescription): \(d)") }
                do { _ = try e.evaluate(in: evaluation) } catch {
                    #expect(inRange(error.location), "\(source.debugDescription): \(error)")
                }
            } catch {
                #expect(inRange(error.location), "\(source.debugDescription): \(error)")
            }
            do {
                let t = try Template.parse(source, origin: origin)
                templates += 1
                for r in t.references { #expect(inRange(r.location)) }
                let checked = ExpressionTypeChecker.check(t, in: environment)
                for d in checked.diagnostics { #expect(inRange(d.location), "\(source.debugDescription): \(d)") }
                _ = try? ShellTemplate.render(t, in: evaluation)
            } catch {
                #expect(inRange(error.location), "\(source.debugDescription): \(error)")
            }
        }
        // The generator should produce a fair share of valid inputs, or the test proves little.
        #expect(parsed > 200)
        #expect(templates > 2_000)
    }
}
